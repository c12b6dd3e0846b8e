using System;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Lifecycle;

/// <summary>Routes one session's callbacks (raised inside the session's FrameTick, on the pump) to the lifecycle, ignoring those of sessions that have ended.</summary>
internal sealed class SessionListener : IDriverSessionListener
{
    private readonly LifecycleEngine _lifecycle;
    private readonly int _generation;

    public SessionListener(LifecycleEngine lifecycle, int generation)
    {
        _lifecycle = lifecycle;
        _generation = generation;
    }

    private bool IsCurrent => _lifecycle.Generation == _generation;

    public void OnConnected(DriverConnectedInfo info)
    {
        if (IsCurrent)
        {
            _lifecycle.OnConnected(info);
        }
    }

    public void OnConnectError(Exception error)
    {
        if (IsCurrent)
        {
            _lifecycle.FailAttempt(error);
        }
    }

    public void OnDisconnected(Exception? error)
    {
        if (IsCurrent)
        {
            _lifecycle.OnDisconnected(error);
        }
    }

    public void OnReducerEvent(in DriverEvent reducerEvent)
    {
        if (IsCurrent)
        {
            _lifecycle.OnReducerEvent(reducerEvent);
        }
    }
}
