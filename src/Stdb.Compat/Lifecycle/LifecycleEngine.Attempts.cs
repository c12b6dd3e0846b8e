using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Timeout;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Lifecycle;

/// <content>
/// Connect and reconnect loops run as Polly pipelines whose attempts are pump work: an attempt enqueues the opening of
/// a new driver session and completes when the session connects or fails. Attempt completions deliberately run their
/// continuations inline (only Polly's own code continues there, never app code), so a failed attempt schedules its
/// retry on the pump and fake time stays deterministic. Pipeline callbacks (retries) only enqueue work.
/// </content>
internal sealed partial class LifecycleEngine : IRetryObserver
{
    private LoopKind _loopKind;
    private int _loopId;
    private CancellationTokenSource? _loopCts;
    private TaskCompletionSource<bool>? _pendingAttempt;
    private Activity? _connectActivity;
    private long _lostAt;
    private long _connectedAt;
    private int _unstableDrops;
    private ITimer? _backoffTimer;
    private TimeSpan _pendingBackoff;
    private readonly Random _jitter = new();
    private IConnectionDriver? _driver;

    private enum LoopKind
    {
        None,
        Connect,
        Reconnect,
    }

    private void StartConnect()
    {
        if (_closed)
        {
            TakeConnectCompletion()?.TrySetException(new ObjectDisposedException("ICompatClient"));
            return;
        }

        switch (State)
        {
            case CompatConnectionState.Connected:
                TakeConnectCompletion()?.TrySetResult(true);
                return;
            case CompatConnectionState.Connecting:
            case CompatConnectionState.Reconnecting:
                return; // The running loop settles the completion.
        }

        _compatibility.Reset();
        _attempt = 0;
        _unstableDrops = 0;
        SetState(CompatConnectionState.Connecting, StateChangeReason.Requested);
        StartLoop(LoopKind.Connect);
    }

    private void StartLoop(LoopKind kind)
    {
        CancelLoop();
        _loopKind = kind;
        var loopId = ++_loopId;
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _loopCts = cts;
        if (_connectActivity is null)
        {
            var previous = Activity.Current;
            _connectActivity = StdbCompatTelemetry.ActivitySource.StartActivity(kind == LoopKind.Connect ? "stdb.compat.connect" : "stdb.compat.reconnect", ActivityKind.Client);
            _connectActivity?.SetTag("stdb.compat.database", Settings.DatabaseName);
            Activity.Current = previous;
        }

        var store = kind == LoopKind.Connect ? _tokens.TakeStoreToLoad(Settings.Token) : null;
        _ = RunLoopAsync(kind, loopId, store, cts);
    }

    /// <summary>Starts the reconnect loop after <paramref name="delay"/> (the unstable-connection backoff); the timer only enqueues.</summary>
    private void StartReconnectAfter(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            StartLoop(LoopKind.Reconnect);
            return;
        }

        CancelLoop();
        _loopKind = LoopKind.Reconnect;
        var loopId = _loopId;
        _backoffTimer = _time.CreateTimer(
            static s => ((LifecycleEngine)((object[])s!)[0]).OnBackoffOver((int)((object[])s!)[1]),
            new object[] { this, loopId },
            delay,
            Timeout.InfiniteTimeSpan);
    }

    private void OnBackoffOver(int loopId) => _pump.Enqueue(() =>
    {
        if (loopId == _loopId && IsReconnecting)
        {
            StartLoop(LoopKind.Reconnect);
        }
    });

    private void CancelLoop()
    {
        _backoffTimer?.Dispose();
        _backoffTimer = null;
        var cts = _loopCts;
        _loopCts = null;
        _loopKind = LoopKind.None;
        _loopId++;
        _pendingAttempt = null;
        try
        {
            cts?.Cancel(); // The loop disposes its own source when it ends.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RunLoopAsync(LoopKind kind, int loopId, ITokenStore? tokenStore, CancellationTokenSource cts)
    {
        try
        {
            Exception? failure = null;
            ResilienceContext? context = null;
            try
            {
                // Inside the try: an app's pipeline provider that fails to build still ends the loop (ConnectAsync never hangs).
                if (tokenStore is not null)
                {
                    await _tokens.LoadAsync(tokenStore, cts.Token).ConfigureAwait(false);
                }

                var pipeline = _hooks.ConnectPipeline(kind == LoopKind.Reconnect);
                context = ResilienceContextPool.Shared.Get(cts.Token);
                context.Properties.Set(StdbCompatResilience.RetryObserverKey, this);
                await pipeline.ExecuteAsync(
                    static (ctx, state) => state.Engine.AttemptAsync(state.LoopId, ctx.CancellationToken),
                    context,
                    (Engine: this, LoopId: loopId)).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every way a loop ends is settled on the pump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
            finally
            {
                if (context is not null)
                {
                    ResilienceContextPool.Shared.Return(context);
                }
            }

            if (failure is not null)
            {
                _pump.Enqueue(() => OnLoopFailed(loopId, failure));
            }
        }
        finally
        {
            cts.Dispose();
        }
    }

    private ValueTask AttemptAsync(int loopId, CancellationToken cancellationToken)
    {
        // No RunContinuationsAsynchronously: only the Polly pipeline awaits this, and it should continue on the pump.
        var attempt = new TaskCompletionSource<bool>();
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                _pump.Enqueue(() => AbortAttempt(attempt));
                attempt.TrySetCanceled(cancellationToken);
            });
            _ = attempt.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _pump.Enqueue(() => OpenSession(attempt, loopId));
        return new ValueTask(attempt.Task);
    }

    void IRetryObserver.OnRetry(int failedAttempt, TimeSpan delay, Exception? error, ReducerOutcome? outcome)
    {
        var loopId = _loopId;
        _pump.Enqueue(() =>
        {
            if (loopId != _loopId || _loopKind == LoopKind.None)
            {
                return;
            }

            var reason = error is TimeoutRejectedException ? StateChangeReason.TimedOut : StateChangeReason.ConnectFailed;
            SetState(State, reason, error, delay);
        });
    }

    private void OpenSession(TaskCompletionSource<bool> attempt, int loopId)
    {
        if (_closed || loopId != _loopId || attempt.Task.IsCompleted)
        {
            attempt.TrySetCanceled();
            return;
        }

        if (_session is not null)
        {
            TearDownSession("a new attempt started");
        }

        _pendingAttempt = attempt;
        _attempt++;
        var generation = ++_generation;
        var settings = _snapshots.Refresh();
        Volatile.Write(ref _settings, settings);
        _hooks.OnAttemptStarting(settings);

        // The one place that decides what this attempt connects with.
        var plan = _compatibility.PlanAttempt(settings, _tokens.ForAttempt(settings.Token));
        StdbCompatTelemetry.ConnectAttempts.Add(1, new KeyValuePair<string, object?>("stdb.compat.kind", _loopKind == LoopKind.Reconnect ? "reconnect" : "connect"));
        _connectActivity?.SetTag("stdb.compat.sdk_major", plan.Driver.Capabilities.SdkMajor);
        Log.Connecting(_logger, settings.ServerUri, settings.DatabaseName, plan.Driver.Capabilities.SdkMajor, _attempt);
        _driver = plan.Driver;
        IDriverSession session;
        try
        {
            session = plan.Driver.Open(plan.Session, new SessionListener(this, generation));
        }
#pragma warning disable CA1031 // Any failure to build the connection is a connect failure with a typed error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FailAttempt(ex);
            return;
        }

        _session = session;
        _hooks.OnSessionOpened(session);
    }

    private void AbortAttempt(TaskCompletionSource<bool> attempt)
    {
        if (!ReferenceEquals(_pendingAttempt, attempt))
        {
            return;
        }

        _pendingAttempt = null;
        if (State != CompatConnectionState.Connected)
        {
            Log.ConnectFailed(_logger, StateChangeReason.TimedOut, "the attempt was abandoned (timed out or cancelled)");
            TearDownSession("the connect attempt was abandoned");
        }
    }

    internal void OnConnected(DriverConnectedInfo info)
    {
        if (State == CompatConnectionState.Connected)
        {
            return; // 1.x may send IdentityToken again; nothing changes.
        }

        var wasReconnecting = State == CompatConnectionState.Reconnecting;
        _connectedAt = _time.GetTimestamp();
        Volatile.Write(ref _identity, info.IdentityHex);
        Log.Connected(_logger, info.IdentityHex, info.ConnectionIdHex);
        var attempt = _pendingAttempt;
        _pendingAttempt = null;
        _loopKind = LoopKind.None;
        _loopCts = null;
        _loopId++;
        if (_connectActivity is { } activity)
        {
            activity.SetTag("stdb.compat.attempts", _attempt);
            activity.Dispose();
            _connectActivity = null;
        }

        if (wasReconnecting)
        {
            StdbCompatTelemetry.Reconnects.Add(1);
            StdbCompatTelemetry.ReconnectDuration.Record(_time.GetElapsedTime(_lostAt).TotalSeconds);
        }

        SetState(CompatConnectionState.Connected, StateChangeReason.Established);
        attempt?.TrySetResult(true);
        TakeConnectCompletion()?.TrySetResult(true);
        _tokens.OnIssued(info.Token);
        _hooks.OnConnected(_session!); // The router runs the schema check, then subscribes (the gate).
    }

    internal void OnReducerEvent(in DriverEvent reducerEvent) => _hooks.OnReducerEvent(reducerEvent);
}
