using System;

namespace Stdb.Compat.Driver;

/// <summary>Receives a session's connection-level callbacks. Called on the pump thread inside <c>FrameTick</c>.</summary>
public interface IDriverSessionListener
{
    /// <summary>The SDK's <c>OnConnect</c>.</summary>
    void OnConnected(DriverConnectedInfo info);

    /// <summary>The SDK's <c>OnConnectError</c>: the connection was never established.</summary>
    void OnConnectError(Exception error);

    /// <summary>The SDK's <c>OnDisconnect</c>; <paramref name="error"/> is null for a normal close.</summary>
    void OnDisconnected(Exception? error);

    /// <summary>An <c>On&lt;Reducer&gt;</c> callback for any reducer (own call, or another client's in 1.x full mode).</summary>
    void OnReducerEvent(in DriverEvent reducerEvent);
}
