using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Calls;

/// <summary>
/// Reducer calls: correlation of results with calls, the queue of calls made while (re)connecting (bounded, with a
/// deadline), per-call timeouts and retries of idempotent reducers through the reducer pipeline. Every call ends with
/// exactly one outcome. The queue and the sending are pump-owned; timers only enqueue work.
/// </summary>
internal sealed partial class CallEngine : IRetryObserver
{
    private readonly IConnectionDriver _driver;
    private readonly ICallHost _host;
    private readonly Pump _pump;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PendingCallTable _pending = new();
    private readonly List<PendingCall> _queued = new();
    private readonly Dictionary<Type, DriverReducer> _reducersByArgsType = new();
    private readonly HashSet<string> _reducersUsed = new(StringComparer.Ordinal);
    private long _nextCallId;

    public CallEngine(IConnectionDriver driver, ICallHost host, Pump pump, TimeProvider time, ILogger logger)
    {
        _driver = driver;
        _host = host;
        _pump = pump;
        _time = time;
        _logger = logger;
        _pending.MatchByValue = !driver.Capabilities.ReducerResultsCarryCallArgs;
        foreach (var reducer in driver.Reducers)
        {
            _reducersByArgsType[reducer.ArgsType] = reducer;
        }
    }

    /// <summary>Calls waiting for a connection (pump-owned; read by tests and the chaos suite).</summary>
    public int QueuedCount => _queued.Count;

    /// <summary>Calls sent and awaiting their result.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Wire names of the reducers the app has called (the schema check's usage).</summary>
    public IReadOnlyCollection<string> ReducersUsed()
    {
        lock (_reducersUsed)
        {
            return new List<string>(_reducersUsed);
        }
    }

    private bool AcceptsCalls => !_host.IsClosed && _host.State is CompatConnectionState.Connected or CompatConnectionState.Connecting or CompatConnectionState.Reconnecting;

    public Task<ReducerOutcome> CallAsync<TArgs>(TArgs args, CancellationToken cancellationToken)
        where TArgs : class
    {
        if (args is null)
        {
            throw new ArgumentNullException(nameof(args));
        }

        if (!_reducersByArgsType.TryGetValue(args.GetType(), out var reducer))
        {
            throw new UnknownReducerException(args.GetType().FullName ?? args.GetType().Name, BindingLookup.DescribeReducers(_driver.Reducers));
        }

        lock (_reducersUsed)
        {
            _reducersUsed.Add(reducer.WireName);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ReducerOutcome>(cancellationToken);
        }

        var id = Interlocked.Increment(ref _nextCallId);
        var previous = Activity.Current;
        var activity = StdbCompatTelemetry.ActivitySource.StartActivity("stdb.compat.reducer.call", ActivityKind.Client);
        Activity.Current = previous;
        activity?.SetTag("stdb.compat.reducer", reducer.WireName);
        activity?.SetTag("stdb.compat.call_id", id);

        if (IsIdempotent(reducer) && AcceptsCalls)
        {
            activity?.SetTag("stdb.compat.idempotent", true);
            var outer = new TaskCompletionSource<ReducerOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = RunIdempotentAsync(id, reducer, args, activity, outer, cancellationToken);
            return outer.Task;
        }

        var call = new PendingCall(id, reducer.WireName, args, activity);
        Start(call, cancellationToken);
        return call.Task;
    }

    /// <summary>Pump: a reducer result of this client's own call arrived; ends the call. Returns the call's id, or 0.</summary>
    public long OnOwnResult(in DriverEvent reducerEvent)
    {
        _pump.AssertOnPump();
        var name = reducerEvent.ReducerName ?? string.Empty;
        var call = _pending.Take(name, reducerEvent.ReducerArgs!);
        if (call is null)
        {
            Log.ResultWithoutCall(_logger, name);
            return 0;
        }

        var timestamp = reducerEvent.TimestampMicros == 0 ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(reducerEvent.TimestampMicros / 1000).AddTicks(reducerEvent.TimestampMicros % 1000 * 10);
        var (kind, reason) = reducerEvent.Status switch
        {
            DriverReducerStatus.Committed => (ReducerOutcomeKind.Committed, (string?)null),
            DriverReducerStatus.OutOfEnergy => (ReducerOutcomeKind.OutOfEnergy, "out of energy"),
            _ => (ReducerOutcomeKind.Failed, reducerEvent.FailureReason ?? "the reducer failed"),
        };
        if (!Complete(call, kind, reason, timestamp))
        {
            Log.LateResult(_logger, call.Id, name);
        }

        return call.Id;
    }

    /// <summary>The id of the sent call a row event belongs to, without ending it (rows come before the result); 0 if none.</summary>
    public long PeekCallId(string reducer, object args) => _pending.Peek(reducer, args)?.Id ?? 0;

    /// <summary>Pump, once connected: sends the calls that waited, in the order they were made.</summary>
    public void FlushQueued()
    {
        _pump.AssertOnPump();
        if (_queued.Count == 0)
        {
            return;
        }

        var queued = _queued.ToArray();
        _queued.Clear();
        foreach (var call in queued)
        {
            call.QueueTimer?.Dispose();
            call.QueueTimer = null;
            if (!call.IsCompleted)
            {
                Send(call);
            }
        }
    }

    /// <summary>Pump: ends every queued call as NotConnected.</summary>
    public void FailQueued(string why)
    {
        _pump.AssertOnPump();
        if (_queued.Count == 0)
        {
            return;
        }

        var queued = _queued.ToArray();
        _queued.Clear();
        foreach (var call in queued)
        {
            Complete(call, ReducerOutcomeKind.NotConnected, $"not sent: {why}");
        }
    }

    /// <summary>Pump: the session ended; every sent call's fate is unknown (Dropped).</summary>
    public void DropPending(string why)
    {
        _pump.AssertOnPump();
        var dropped = _pending.TakeAll();
        if (dropped.Count == 0)
        {
            return;
        }

        Log.CallsDropped(_logger, dropped.Count, why);
        foreach (var call in dropped)
        {
            Complete(call, ReducerOutcomeKind.Dropped, $"the connection went away before the result arrived ({why})");
        }
    }

    void IRetryObserver.OnRetry(int failedAttempt, TimeSpan delay, Exception? error, ReducerOutcome? outcome)
    {
        if (outcome is not null)
        {
            StdbCompatTelemetry.ReducerRetries.Add(1, new KeyValuePair<string, object?>("stdb.compat.reducer", outcome.Reducer));
            Log.ReducerRetry(_logger, outcome.CallId, outcome.Reducer, outcome.Kind, delay);
        }
    }

    private bool IsIdempotent(DriverReducer reducer)
    {
        // Either naming style matches ("set_name" or "SetName"), as in Subscribe and FromReducer, so one list works
        // over bindings of either SDK major.
        foreach (var name in _host.Settings.Resilience.Reducers.Idempotent)
        {
            if (name is not null && NameMatch.Matches(name, reducer.WireName, reducer.AccessorName))
            {
                return true;
            }
        }

        return false;
    }

    private void Start(PendingCall call, CancellationToken cancellationToken)
    {
        if (!AcceptsCalls)
        {
            Complete(call, ReducerOutcomeKind.NotConnected, NotConnectedReason());
            return;
        }

        var timeout = _host.Settings.ReducerTimeout;
        ITimer? timer = null;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            timer = _time.CreateTimer(static s => ((CallEngine)((object[])s!)[0]).OnCallTimeout((PendingCall)((object[])s!)[1], (TimeSpan)((object[])s!)[2]), new object[] { this, call, timeout }, timeout, Timeout.InfiniteTimeSpan);
        }

        // Cancellation ends only the call's own task (thread-safe, touches no pump-owned state).
        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((PendingCall)state!).TryCancel(), call)
            : default;
        call.Arm(timer, registration);
        _pump.Enqueue(() => Dispatch(call));
    }

    private Task<ReducerOutcome> StartAttempt(long id, DriverReducer reducer, object args, CancellationToken cancellationToken)
    {
        var call = new PendingCall(id, reducer.WireName, args, null, isAttempt: true);
        Start(call, cancellationToken);
        return call.Task;
    }

    /// <summary>Pump: sends the call now, queues it until connected, or ends it.</summary>
    private void Dispatch(PendingCall call)
    {
        if (call.IsCompleted)
        {
            return; // Cancelled or timed out before it could be sent.
        }

        var state = _host.State;
        if (state == CompatConnectionState.Connected && _host.ConnectedSession is not null)
        {
            Send(call);
            return;
        }

        if (!_host.IsClosed && state is CompatConnectionState.Connecting or CompatConnectionState.Reconnecting)
        {
            var options = _host.Settings.Resilience.Reducers;
            if (options.WhileReconnecting == ReducerCallsWhileReconnecting.FailFast)
            {
                Complete(call, ReducerOutcomeKind.NotConnected, $"not sent: the client is {state} and calls made meanwhile fail fast");
                return;
            }

            if (_queued.Count >= options.QueueLimit)
            {
                _queued.RemoveAll(static c => c.IsCompleted);
            }

            if (_queued.Count >= options.QueueLimit)
            {
                Complete(call, ReducerOutcomeKind.NotConnected, $"not sent: {options.QueueLimit} call(s) are already waiting for the connection (QueueLimit)");
                return;
            }

            var queueTimeout = options.QueueTimeout;
            call.QueueTimer = _time.CreateTimer(static s => ((CallEngine)((object[])s!)[0]).OnQueueTimeout((PendingCall)((object[])s!)[1], (TimeSpan)((object[])s!)[2]), new object[] { this, call, queueTimeout }, queueTimeout, Timeout.InfiniteTimeSpan);
            _queued.Add(call);
            StdbCompatTelemetry.QueuedCalls.Add(1);
            return;
        }

        Complete(call, ReducerOutcomeKind.NotConnected, NotConnectedReason());
    }

    private void Send(PendingCall call)
    {
        var session = _host.ConnectedSession;
        if (session is null)
        {
            Complete(call, ReducerOutcomeKind.NotConnected, NotConnectedReason());
            return;
        }

        _pending.Add(call);
        try
        {
            session.CallReducer(call.Args);
        }
#pragma warning disable CA1031 // A driver refusing the call ends it with a typed outcome; the pump continues.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _pending.Remove(call);
            Complete(call, ReducerOutcomeKind.Failed, $"the SDK refused the call: {_host.Redact(ex.Message)}");
        }
    }

    // Timers only enqueue: the call ends on the pump.
    private void OnQueueTimeout(PendingCall call, TimeSpan timeout) =>
        _pump.Enqueue(() => Complete(call, ReducerOutcomeKind.NotConnected, $"not sent: no connection within {timeout} (QueueTimeout)"));

    private void OnCallTimeout(PendingCall call, TimeSpan timeout) =>
        _pump.Enqueue(() => Complete(call, ReducerOutcomeKind.TimedOut, $"no result within {timeout}"));

    private bool Complete(PendingCall call, ReducerOutcomeKind kind, string? reason, DateTimeOffset? timestamp = null)
    {
        var outcome = new ReducerOutcome(call.Id, call.Reducer, kind, reason, timestamp);
        if (!call.TryComplete(outcome))
        {
            return false;
        }

        if (!call.IsAttempt)
        {
            Record(outcome, call.Activity);
        }

        return true;
    }

    private static void Record(ReducerOutcome outcome, Activity? activity)
    {
        StdbCompatTelemetry.ReducerOutcomes.Add(1, new KeyValuePair<string, object?>("stdb.compat.outcome", outcome.Kind.ToString()), new KeyValuePair<string, object?>("stdb.compat.reducer", outcome.Reducer));
        if (activity is null)
        {
            return;
        }

        activity.SetTag("stdb.compat.outcome", outcome.Kind.ToString());
        if (outcome.Kind != ReducerOutcomeKind.Committed)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome.Kind.ToString());
        }

        activity.Dispose();
    }

    private string NotConnectedReason() => _host.IsClosed ? "the client was disposed" : $"the client is {_host.State}, not Connected";

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Debug, "A result of reducer {Reducer} arrived for a call not made through Stdb.Compat")]
        public static partial void ResultWithoutCall(ILogger logger, string reducer);

        [LoggerMessage(2002, LogLevel.Information, "The result of call #{CallId} ({Reducer}) arrived after the call had already ended (timed out or cancelled)")]
        public static partial void LateResult(ILogger logger, long callId, string reducer);

        [LoggerMessage(2003, LogLevel.Warning, "{Count} pending reducer call(s) ended as Dropped: {Reason}")]
        public static partial void CallsDropped(ILogger logger, int count, string reason);

        [LoggerMessage(2004, LogLevel.Information, "Idempotent call #{CallId} ({Reducer}) ended {Kind}; retrying in {Delay}")]
        public static partial void ReducerRetry(ILogger logger, long callId, string reducer, ReducerOutcomeKind kind, TimeSpan delay);
    }
}
