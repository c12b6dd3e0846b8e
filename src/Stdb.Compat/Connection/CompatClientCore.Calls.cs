using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Connection;

/// <content>
/// Reducer calls under failure: a per-call timeout, calls made while (re)connecting queued (bounded, with a deadline)
/// or failed fast, and retries through the reducer pipeline for reducers the app marks idempotent. Every call ends
/// with exactly one outcome.
/// </content>
internal sealed partial class CompatClientCore
{
    private readonly List<PendingCall> _queued = new();

    /// <summary>Calls waiting for a connection (pump-owned; read by tests and the chaos suite).</summary>
    internal int QueuedCallCount => _queued.Count;

    /// <summary>App subscriptions remembered for replay.</summary>
    internal int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Replayed subscriptions not yet applied on this connection.</summary>
    internal int ReplayingCount => _replaying.Count;

    /// <summary>Calls sent and awaiting their result.</summary>
    internal int PendingCallCount => _pending.Count;

    public Task<ReducerOutcome> CallReducerAsync<TArgs>(TArgs args, CancellationToken cancellationToken = default)
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

    private bool AcceptsCalls => !_closed && State is CompatConnectionState.Connected or CompatConnectionState.Connecting or CompatConnectionState.Reconnecting;

    private bool IsIdempotent(DriverReducer reducer)
    {
        foreach (var name in _resilience().Reducers.Idempotent)
        {
            if (string.Equals(name, reducer.WireName, StringComparison.Ordinal) || string.Equals(name, reducer.AccessorName, StringComparison.Ordinal))
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

        ITimer? timer = null;
        if (_options.ReducerTimeout != Timeout.InfiniteTimeSpan)
        {
            timer = _time.CreateTimer(OnCallTimeout, call, _options.ReducerTimeout, Timeout.InfiniteTimeSpan);
        }

        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((PendingCall)state!).TryCancel(), call)
            : default;
        call.Arm(timer, registration);
        Enqueue(() => Dispatch(call));
    }

    private async Task RunIdempotentAsync(long id, DriverReducer reducer, object args, Activity? activity, TaskCompletionSource<ReducerOutcome> outer, CancellationToken cancellationToken)
    {
        var pipeline = GetReducerPipeline();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StdbCompatResilience.RetryObserverKey, this);
        var unknown = new StrongBox<ReducerOutcome?>();
        ReducerOutcome outcome;
        try
        {
            outcome = await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var attempt = await state.Client.StartAttempt(state.Id, state.Reducer, state.Args, ctx.CancellationToken).ConfigureAwait(false);
                    if (attempt.Kind is ReducerOutcomeKind.Dropped or ReducerOutcomeKind.TimedOut)
                    {
                        state.Unknown.Value = attempt;
                    }

                    return attempt;
                },
                context,
                (Client: this, Id: id, Reducer: reducer, Args: args, Unknown: unknown)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.Dispose();
            outer.TrySetCanceled(cancellationToken);
            return;
        }
#pragma warning disable CA1031 // A custom pipeline's own failure (e.g. its timeout) still gives the call one outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = new ReducerOutcome(id, reducer.WireName, ex is Polly.Timeout.TimeoutRejectedException ? ReducerOutcomeKind.TimedOut : ReducerOutcomeKind.Dropped, $"the reducer pipeline ended the call: {ex.GetType().Name}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Kind == ReducerOutcomeKind.NotConnected && unknown.Value is { } earlier)
        {
            // An earlier attempt may have run (its result never came): NotConnected would claim the call certainly
            // did not apply, so the call keeps that attempt's "may or may not have run" outcome.
            outcome = earlier with { Reason = $"{earlier.Reason}; the retry was not sent ({outcome.Reason})" };
        }

        Record(outcome, activity);
        outer.TrySetResult(outcome);
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

        if (State == CompatConnectionState.Connected && _session is not null)
        {
            SendCall(call);
            return;
        }

        if (!_closed && State is CompatConnectionState.Connecting or CompatConnectionState.Reconnecting)
        {
            var options = _resilience().Reducers;
            if (options.WhileReconnecting == ReducerCallsWhileReconnecting.FailFast)
            {
                Complete(call, ReducerOutcomeKind.NotConnected, $"not sent: the client is {State} and calls made meanwhile fail fast");
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

            call.QueueTimer = _time.CreateTimer(OnQueueTimeout, call, options.QueueTimeout, Timeout.InfiniteTimeSpan);
            _queued.Add(call);
            StdbCompatTelemetry.QueuedCalls.Add(1);
            return;
        }

        Complete(call, ReducerOutcomeKind.NotConnected, NotConnectedReason());
    }

    private void SendCall(PendingCall call)
    {
        var session = _session;
        if (session is null || State != CompatConnectionState.Connected)
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
            Complete(call, ReducerOutcomeKind.Failed, $"the SDK refused the call: {Redact(ex.Message)}");
        }
    }

    /// <summary>Pump, once connected: sends the calls that waited, in the order they were made.</summary>
    private void FlushQueuedCalls()
    {
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
                SendCall(call);
            }
        }
    }

    private void FailQueuedCalls(string why)
    {
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

    private void OnQueueTimeout(object? state)
    {
        var call = (PendingCall)state!;
        Complete(call, ReducerOutcomeKind.NotConnected, $"not sent: no connection within {_resilience().Reducers.QueueTimeout} (QueueTimeout)");
    }

    private void OnCallTimeout(object? state)
    {
        var call = (PendingCall)state!;
        Complete(call, ReducerOutcomeKind.TimedOut, $"no result within {_options.ReducerTimeout}");
    }

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

    private string NotConnectedReason() => _closed ? "the client was disposed" : $"the client is {State}, not Connected";
}
