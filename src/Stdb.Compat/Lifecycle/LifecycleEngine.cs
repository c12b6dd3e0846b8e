using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Lifecycle;

/// <summary>
/// The lifecycle state machine: Disconnected → Connecting → Connected → Reconnecting → Connected | Faulted | Closed,
/// with the connect and reconnect loops (<c>LifecycleEngine.Attempts.cs</c>). All state changes happen on the pump;
/// public members called from other threads enqueue work for it.
/// </summary>
internal sealed partial class LifecycleEngine : ICircuitHost
{
    private readonly Pump _pump;
    private readonly IClientSnapshotSource _snapshots;
    private readonly CompatibilityEngine _compatibility;
    private readonly ILifecycleHooks _hooks;
    private readonly TokenKeeper _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<StateChange> _raise;
    private readonly CancellationTokenSource _lifetime;
    private readonly object _gate = new();
    private TaskCompletionSource<bool>? _connectCompletion;
    private ClientSnapshot _settings;
    private IDriverSession? _session;
    private int _state;
    private int _generation;
    private int _attempt;
    private string? _identity;
    private bool _closed;

    public LifecycleEngine(Pump pump, IClientSnapshotSource snapshots, CompatibilityEngine compatibility, ILifecycleHooks hooks, TokenKeeper tokens, TimeProvider time, ILogger logger, Action<StateChange> raise, CancellationTokenSource lifetime)
    {
        _pump = pump;
        _snapshots = snapshots;
        _compatibility = compatibility;
        _hooks = hooks;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _raise = raise;
        _lifetime = lifetime;
        _settings = snapshots.Current;
        compatibility.Bind(this);
    }

    public CompatConnectionState State => (CompatConnectionState)Volatile.Read(ref _state);

    public string? Identity => Volatile.Read(ref _identity);

    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>The settings of the current (or latest) attempt.</summary>
    public ClientSnapshot Settings => Volatile.Read(ref _settings);

    /// <summary>The session, when connected.</summary>
    public IDriverSession? ConnectedSession => State == CompatConnectionState.Connected ? _session : null;

    /// <summary>The current session, connected or not (pump-owned).</summary>
    public IDriverSession? Session => _session;

    /// <summary>The current session's generation; callbacks of older sessions are ignored.</summary>
    internal int Generation => _generation;

    public bool IsReconnecting => !_closed && State == CompatConnectionState.Reconnecting;

    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> completion;
        lock (_gate)
        {
            ThrowIfClosed();
            if (_connectCompletion is { } underWay)
            {
                return underWay.Task;
            }

            if (State == CompatConnectionState.Connected)
            {
                return Task.CompletedTask;
            }

            completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _connectCompletion = completion;
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => _pump.Enqueue(() => CancelConnect(completion, cancellationToken)));
            _ = completion.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _pump.Enqueue(StartConnect);
        return completion.Task;
    }

    /// <summary>Disconnects on the pump, or here when no pump is running. The token abandons the wait, not the disconnect.</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pump.Enqueue(() =>
        {
            Stop(CompatConnectionState.Disconnected, "the app disconnected");
            done.TrySetResult(true);
        });
        _pump.RunIfIdle();
        if (cancellationToken.CanBeCanceled && !done.Task.IsCompleted)
        {
            var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            _ = done.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return done.Task;
    }

    /// <summary>Closes for good. Returns false when already closed.</summary>
    public async ValueTask<bool> CloseAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
        }

        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pump.Enqueue(() =>
        {
            Stop(CompatConnectionState.Closed, "the client was disposed");
            _lifetime.Cancel();
            done.TrySetResult(true);
        });

        // When no pump is running (the host stopped it first), finish the work here as the pump's last tick.
        _pump.RunIfIdle();
        await done.Task.ConfigureAwait(false);
        return true;
    }

    public void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new ObjectDisposedException("ICompatClient");
        }
    }

    // ------------------------------------------------------------------ ICircuitHost (pump)

    int ICircuitHost.LoopId => _loopId;

    void ICircuitHost.CancelLoop() => CancelLoop();

    void ICircuitHost.ReportWaiting(StateChangeReason reason, Exception? error, TimeSpan delay) => SetState(CompatConnectionState.Reconnecting, reason, error, delay);

    void ICircuitHost.Retry()
    {
        var wait = _pendingBackoff;
        _pendingBackoff = TimeSpan.Zero;
        StartReconnectAfter(wait);
    }

    CompatibilityCircuitOptions ICircuitHost.CircuitSettings => Settings.Resilience.Circuit;

    void ICircuitHost.Fault(StateChangeReason reason, Exception error) => Fault(reason, error);

    string ICircuitHost.Redact(string? text) => _tokens.Redact(text);

    // ------------------------------------------------------------------ ending (pump)

    /// <summary>Faults the client: no more attempts until the app calls ConnectAsync.</summary>
    private void Fault(StateChangeReason reason, Exception error)
    {
        CancelLoop();
        _compatibility.StopBreak();
        TearDownSession(error.Message);
        EndActivity(error);
        _hooks.OnGaveUp($"the client is Faulted ({reason})");
        Log.Faulted(_logger, reason, error.Message);
        SetState(CompatConnectionState.Faulted, reason, error);
        TakeConnectCompletion()?.TrySetException(error);
    }

    /// <summary>The app disconnected or disposed: stop every loop and settle everything.</summary>
    private void Stop(CompatConnectionState next, string why)
    {
        CancelLoop();
        _compatibility.StopBreak();
        var hadSession = _session is not null;
        TearDownSession(why);
        _hooks.OnGaveUp(why);
        EndActivity(null);
        if (State != next || hadSession)
        {
            Log.Disconnected(_logger, StateChangeReason.Requested, why);
            SetState(next, StateChangeReason.Requested);
        }

        if (_compatibility.State != CompatibilityCircuitState.Closed)
        {
            _compatibility.Reset();
        }

        TakeConnectCompletion()?.TrySetException(new ConnectFailedException($"The connection ended before it was established: {why}", null));
    }

    private void CancelConnect(TaskCompletionSource<bool> completion, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(_connectCompletion, completion) || State == CompatConnectionState.Connected)
        {
            return;
        }

        TakeConnectCompletion();
        completion.TrySetCanceled(cancellationToken);
        if (State == CompatConnectionState.Connecting)
        {
            Stop(CompatConnectionState.Disconnected, "the connect was cancelled");
        }
    }

    /// <summary>Ends the current session (if any) and settles everything that depended on it; the state is the caller's.</summary>
    private void TearDownSession(string why)
    {
        _pump.AssertOnPump();
        var session = _session;
        _session = null;
        _generation++;
        if (session is not null)
        {
            session.Disconnect();
            session.Dispose();
        }

        _hooks.OnSessionEnded(why);
    }

    private TaskCompletionSource<bool>? TakeConnectCompletion()
    {
        lock (_gate)
        {
            var completion = _connectCompletion;
            _connectCompletion = null;
            return completion;
        }
    }

    private void SetState(CompatConnectionState next, StateChangeReason reason, Exception? error = null, TimeSpan? nextDelay = null)
    {
        _pump.AssertOnPump();
        error = _tokens.Sanitize(error);
        var previous = State;
        Volatile.Write(ref _state, (int)next);
        if (next == CompatConnectionState.Connecting)
        {
            Volatile.Write(ref _identity, null); // Kept through Reconnecting and after a disconnect; a fresh connect forgets it.
        }

        Log.StateChanged(_logger, previous, next, reason);
        StdbCompatTelemetry.StateChanges.Add(1, new KeyValuePair<string, object?>("stdb.compat.state", next.ToString()), new KeyValuePair<string, object?>("stdb.compat.reason", reason.ToString()));
        _raise(new StateChange(previous, next, reason, error, Math.Max(_attempt, 1), nextDelay));
    }

    private void EndActivity(Exception? error)
    {
        if (_connectActivity is not { } activity)
        {
            return;
        }

        _connectActivity = null;
        activity.SetTag("stdb.compat.attempts", _attempt);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        activity.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Connecting to {Uri} database {Database} with SDK {SdkMajor}.x bindings (attempt {Attempt})")]
        public static partial void Connecting(ILogger logger, Uri uri, string database, int sdkMajor, int attempt);

        [LoggerMessage(1002, LogLevel.Information, "Connected as identity {Identity} (connection {ConnectionId})")]
        public static partial void Connected(ILogger logger, string identity, string connectionId);

        [LoggerMessage(1003, LogLevel.Warning, "Connect failed ({Reason}): {Message}")]
        public static partial void ConnectFailed(ILogger logger, StateChangeReason reason, string message);

        [LoggerMessage(1004, LogLevel.Information, "Disconnected ({Reason}): {Message}")]
        public static partial void Disconnected(ILogger logger, StateChangeReason reason, string message);

        [LoggerMessage(1005, LogLevel.Debug, "State {Previous} -> {Current} ({Reason})")]
        public static partial void StateChanged(ILogger logger, CompatConnectionState previous, CompatConnectionState current, StateChangeReason reason);

        [LoggerMessage(1006, LogLevel.Error, "The client is Faulted ({Reason}): {Message}")]
        public static partial void Faulted(ILogger logger, StateChangeReason reason, string message);
    }
}
