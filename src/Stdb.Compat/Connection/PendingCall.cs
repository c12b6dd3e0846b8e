using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Connection;

/// <summary>One reducer call awaiting its outcome. Completes exactly once, from whichever thread gets there first.</summary>
internal sealed class PendingCall
{
    private readonly TaskCompletionSource<ReducerOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _completed;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;

    public PendingCall(long id, string reducer, object args, Activity? activity)
    {
        Id = id;
        Reducer = reducer;
        Args = args;
        Activity = activity;
    }

    public long Id { get; }

    public string Reducer { get; }

    public object Args { get; }

    public Activity? Activity { get; }

    public Task<ReducerOutcome> Task => _completion.Task;

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    public void Arm(ITimer? timer, CancellationTokenRegistration cancellation)
    {
        _timer = timer;
        _cancellation = cancellation;
        if (IsCompleted)
        {
            Release();
        }
    }

    public bool TryComplete(ReducerOutcome outcome)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        Release();
        _completion.TrySetResult(outcome);
        return true;
    }

    public bool TryCancel()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        Release();
        _completion.TrySetCanceled(_cancellation.Token);
        return true;
    }

    private void Release()
    {
        Interlocked.Exchange(ref _timer, null)?.Dispose();
        _cancellation.Dispose();
    }
}
