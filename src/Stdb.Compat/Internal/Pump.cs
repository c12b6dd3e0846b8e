using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace Stdb.Compat.Internal;

/// <summary>
/// The client's one work queue and the thread rule that goes with it: pump-owned state is touched only by work that
/// runs here (inside <c>FrameTick</c>, or as the last tick of a disconnect or dispose that finds no pump running).
/// Timers, continuations and app threads only <see cref="Enqueue"/>. <see cref="AssertOnPump"/> checks the rule in
/// debug builds.
/// </summary>
internal sealed class Pump
{
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly Action<Exception> _onFault;
    private int _running;
    private int _ownerThread;

    public Pump(Action<Exception> onFault) => _onFault = onFault;

    /// <summary>True while a tick (or a last tick) runs on some thread.</summary>
    public bool IsRunning => Volatile.Read(ref _running) != 0;

    public void Enqueue(Action work) => _work.Enqueue(work);

    /// <summary>Enters the pump from the calling thread; false when another thread is already running it.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return false;
        }

        Volatile.Write(ref _ownerThread, Environment.CurrentManagedThreadId);
        return true;
    }

    /// <summary>True when the pump is held by the calling thread (a re-entrant call from inside a callback).</summary>
    public bool IsHeldByCurrentThread =>
        Volatile.Read(ref _running) == 1 && Volatile.Read(ref _ownerThread) == Environment.CurrentManagedThreadId;

    public void Exit()
    {
        Volatile.Write(ref _ownerThread, 0);
        Volatile.Write(ref _running, 0);
    }

    /// <summary>Runs queued work until the queue is empty; a failing item is reported and the rest still run.</summary>
    public void RunQueuedWork()
    {
        AssertOnPump();
        while (_work.TryDequeue(out var work))
        {
            try
            {
                work();
            }
#pragma warning disable CA1031 // Queued work must never stop the pump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _onFault(ex);
            }
        }
    }

    /// <summary>When no pump is running, runs the queued work here as the pump's last tick (dispose, disconnect).</summary>
    public void RunIfIdle()
    {
        if (!TryEnter())
        {
            return;
        }

        try
        {
            RunQueuedWork();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Debug builds: fails when pump-owned state is touched off the pump.</summary>
    [Conditional("DEBUG")]
    public void AssertOnPump() =>
        Debug.Assert(Volatile.Read(ref _ownerThread) == Environment.CurrentManagedThreadId, "Pump-owned state touched off the pump: enqueue the work instead.");
}
