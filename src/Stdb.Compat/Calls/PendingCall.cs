using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Calls;

/// <summary>One reducer call awaiting its outcome. Completes exactly once, from whichever thread gets there first.</summary>
internal sealed class PendingCall
{
    private readonly TaskCompletionSource<ReducerOutcome> _completion;
    private int _completed;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;

    // isAttempt: one attempt of an idempotent call under the reducer pipeline. Its continuations run inline (only
    // the pipeline awaits it, and it retries on the pump) and its outcome is not recorded (the whole call's is).
    public PendingCall(long id, string reducer, object args, Activity? activity, bool isAttempt = false)
    {
        IsAttempt = isAttempt;
        _completion = new TaskCompletionSource<ReducerOutcome>(isAttempt ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        Id = id;
        Reducer = reducer;
        Args = args;
        Activity = activity;
    }

    public long Id { get; }

    public string Reducer { get; }

    public object Args { get; }

    public Activity? Activity { get; }

    public bool IsAttempt { get; }

    /// <summary>The deadline of a call waiting in the reconnect queue (pump-owned).</summary>
    public ITimer? QueueTimer { get; set; }

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
        QueueTimer?.Dispose();
        _cancellation.Dispose();
    }
}
