using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Registry;
using Polly.Timeout;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Events;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Connection;

/// <content>
/// The lifecycle state machine: Disconnected → Connecting → Connected → Reconnecting → Connected | Faulted | Closed.
/// Connect and reconnect loops run as Polly pipelines whose attempts are pump work: an attempt enqueues the opening of
/// a new driver session and completes when the session connects or fails. Attempt completions deliberately run their
/// continuations inline (only Polly's own code continues there, never app code), so a failed attempt schedules its
/// retry on the pump and fake time stays deterministic. All state changes happen on the pump.
/// </content>
internal sealed partial class CompatClientCore : IRetryObserver
{
    private readonly Func<CompatResilienceOptions> _resilience;
    private readonly ResiliencePipelineRegistry<string> _standardPipelines;
    private readonly Dictionary<string, TableView> _viewsByName = new(StringComparer.Ordinal);
    private readonly HashSet<CompatSubscription> _replaying = new();
    private readonly CancellationTokenSource _lifetime = new();
    private LoopKind _loopKind;
    private int _loopId;
    private CancellationTokenSource? _loopCts;
    private TaskCompletionSource<bool>? _pendingAttempt;
    private Activity? _connectActivity;
    private ITimer? _circuitTimer;
    private int _circuitOpenings;
    private long _circuitHealthySince;
    private int _circuitState;
    private StateChangeReason _circuitReason;
    private Exception? _circuitError;
    private CompatibilityReport? _latestReport;
    private CompatibilityCheckResult? _latestCheck;
    private long _lostAt;
    private bool _tokenLoaded;
    private string? _storedToken;
    private string? _savedToken;

    private enum LoopKind
    {
        None,
        Connect,
        Reconnect,
    }

    public CompatibilityCircuitState CompatibilityCircuit => (CompatibilityCircuitState)Volatile.Read(ref _circuitState);

    public CompatibilityReport? LatestCompatibilityReport => Volatile.Read(ref _latestReport);

    public CompatibilityCheckResult? LatestCompatibilityCheck => Volatile.Read(ref _latestCheck);

    // ------------------------------------------------------------------ public API (any thread)

    public Task ConnectAsync(CancellationToken cancellationToken = default)
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
            var registration = cancellationToken.Register(() => Enqueue(() => CancelConnect(completion, cancellationToken)));
            _ = completion.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        Enqueue(StartConnect);
        return completion.Task;
    }

    public Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
        {
            Stop(CompatConnectionState.Disconnected, "the app disconnected");
            done.TrySetResult(true);
        });
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
        {
            Stop(CompatConnectionState.Closed, "the client was disposed");
            _lifetime.Cancel();
            done.TrySetResult(true);
        });

        // When no pump is running (the host stopped it first), finish the work here as the pump's last tick.
        if (Interlocked.Exchange(ref _ticking, 1) == 0)
        {
            try
            {
                RunQueuedWork();
            }
            finally
            {
                Volatile.Write(ref _ticking, 0);
            }
        }

        await done.Task.ConfigureAwait(false);
        _standardPipelines.Dispose();
    }

    // ------------------------------------------------------------------ loops (pump)

    private void StartConnect()
    {
        if (_closed)
        {
            TakeConnectCompletion()?.TrySetException(new ObjectDisposedException(nameof(ICompatClient)));
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

        ResetCircuit();
        _attempt = 0;
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
            _connectActivity?.SetTag("stdb.compat.database", _options.DatabaseName);
            _connectActivity?.SetTag("stdb.compat.sdk_major", _driver.Capabilities.SdkMajor);
            Activity.Current = previous;
        }

        var loadToken = kind == LoopKind.Connect && !_tokenLoaded && _options.Token is null && _resilience().TokenStore is not null;
        _tokenLoaded = true;
        _ = RunLoopAsync(kind, loopId, loadToken ? _resilience().TokenStore : null, cts);
    }

    private void CancelLoop()
    {
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
            await RunLoopCoreAsync(kind, loopId, tokenStore, cts.Token).ConfigureAwait(false);
        }
        finally
        {
            cts.Dispose();
        }
    }

    private async Task RunLoopCoreAsync(LoopKind kind, int loopId, ITokenStore? tokenStore, CancellationToken cancellationToken)
    {
        if (tokenStore is not null)
        {
            try
            {
                var stored = await tokenStore.LoadAsync(cancellationToken).ConfigureAwait(false);
                Enqueue(() => _storedToken = string.IsNullOrEmpty(stored) ? null : stored);
                _savedToken = stored;
            }
#pragma warning disable CA1031 // A failing token store must not stop the connect; the app's store reports its own errors.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.TokenStoreFailed(_logger, "load", ex.GetType().Name);
            }
        }

        var pipeline = GetPipeline(kind == LoopKind.Connect ? StdbCompatPipelineKeys.Connect : StdbCompatPipelineKeys.Reconnect);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StdbCompatResilience.RetryObserverKey, this);
        Exception? failure = null;
        try
        {
            await pipeline.ExecuteAsync(
                static (ctx, state) => state.Client.AttemptAsync(state.LoopId, ctx.CancellationToken),
                context,
                (Client: this, LoopId: loopId)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every way a loop ends is settled on the pump.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (failure is not null)
        {
            Enqueue(() => OnLoopFailed(loopId, failure));
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
                Enqueue(() => AbortAttempt(attempt));
                attempt.TrySetCanceled(cancellationToken);
            });
            _ = attempt.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        Enqueue(() => OpenSession(attempt, loopId));
        return new ValueTask(attempt.Task);
    }

    private ResiliencePipeline GetPipeline(string key)
    {
        if (_resilience().Pipelines is { } custom && custom.TryGetPipeline(key, out var pipeline))
        {
            return pipeline;
        }

        return _standardPipelines.GetPipeline(key);
    }

    private ResiliencePipeline<ReducerOutcome> GetReducerPipeline()
    {
        if (_resilience().Pipelines is { } custom && custom.TryGetPipeline<ReducerOutcome>(StdbCompatPipelineKeys.Reducer, out var pipeline))
        {
            return pipeline;
        }

        return _standardPipelines.GetPipeline<ReducerOutcome>(StdbCompatPipelineKeys.Reducer);
    }

    void IRetryObserver.OnRetry(int failedAttempt, TimeSpan delay, Exception? error, ReducerOutcome? outcome)
    {
        if (outcome is not null)
        {
            StdbCompatTelemetry.ReducerRetries.Add(1, new KeyValuePair<string, object?>("stdb.compat.reducer", outcome.Reducer));
            Log.ReducerRetry(_logger, outcome.CallId, outcome.Reducer, outcome.Kind, delay);
            return;
        }

        var loopId = _loopId;
        Enqueue(() =>
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
        _capabilities.Reset(_driver.Capabilities, _options.LightMode);
        _sourceContext = new EventSourceContext(_driver, _capabilities);
        foreach (var stream in _streams)
        {
            stream.Select(_sourceContext, keepDegradedReducerCallbacks: false);
            LogSource(stream);
        }

        var sessionOptions = new DriverSessionOptions(_options.ServerUri!, _options.DatabaseName!)
        {
            Token = _sessionToken ?? _options.Token ?? _storedToken,
            LightMode = _options.LightMode,
            ConfirmedReads = _options.ConfirmedReads,
            Compression = _options.Compression,
        };

        StdbCompatTelemetry.ConnectAttempts.Add(1, new KeyValuePair<string, object?>("stdb.compat.kind", _loopKind == LoopKind.Reconnect ? "reconnect" : "connect"));
        Log.Connecting(_logger, _options.ServerUri!, _options.DatabaseName!, _driver.Capabilities.SdkMajor, _attempt);
        IDriverSession session;
        try
        {
            session = _driver.Open(sessionOptions, new SessionListener(this, generation));
        }
#pragma warning disable CA1031 // Any failure to build the connection is a connect failure with a typed error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FailAttempt(ex);
            return;
        }

        _session = session;
        foreach (var view in _views)
        {
            view.Attach(session);
        }

        foreach (var stream in _streams)
        {
            TapStreamSource(session, stream);
        }
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

    private void OnConnected(DriverConnectedInfo info)
    {
        if (State == CompatConnectionState.Connected)
        {
            return; // 1.x may send IdentityToken again; nothing changes.
        }

        var wasReconnecting = State == CompatConnectionState.Reconnecting;
        Volatile.Write(ref _identity, info.IdentityHex);
        _sessionToken = info.Token;
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
        SaveToken(info.Token);

        // Replay every subscription; the views reconcile against the replayed initial rows.
        var session = _session!;
        var replay = SubscriptionsSnapshot();
        _streamSubscriptions.Clear();
        foreach (var stream in _streams)
        {
            if (CreateStreamSubscription(stream) is { } streamSubscription)
            {
                replay.Add(streamSubscription);
            }
        }

        _replaying.Clear();
        var pendingByTable = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var subscription in replay)
        {
            _replaying.Add(subscription);
            foreach (var table in subscription.Tables)
            {
                pendingByTable.TryGetValue(table, out var count);
                pendingByTable[table] = count + 1;
            }
        }

        foreach (var view in _views)
        {
            pendingByTable.TryGetValue(view.Table.WireName, out var pending);
            view.BeginReconcile(pending);
        }

        foreach (var subscription in replay)
        {
            subscription.Apply(session);
        }

        if (_replaying.Count == 0)
        {
            OnReplayComplete();
        }

        FlushQueuedCalls();
        var resilience = _resilience();
        if (resilience.CompatibilityCheck is { } check && resilience.Circuit.CheckOnConnect)
        {
            RunCheck(check, new CompatibilityCheckContext(CompatibilityCheckTrigger.Connected, StateChangeReason.Established, null, _circuitOpenings, _driver.Capabilities), _loopId);
        }
    }

    private void OnConnectError(Exception error) => FailAttempt(error);

    /// <summary>The current attempt failed before the server accepted the client.</summary>
    private void FailAttempt(Exception error)
    {
        TearDownSession($"the connection failed: {Redact(error.Message)}");
        var capabilities = _driver.Capabilities;
        Exception failure = DisconnectClassifier.IsProtocolRefusal(error, capabilities.SdkMajor)
            ? new ProtocolMismatchException(capabilities.SdkMajor, capabilities.Protocol, _options.Token is not null || _sessionToken is not null || _storedToken is not null, error)
            : new ConnectFailedException($"Could not connect to database '{_options.DatabaseName}' at {_options.ServerUri}: {Redact(error.Message)}", error);
        var reason = failure is ProtocolMismatchException ? StateChangeReason.ProtocolMismatch : StateChangeReason.ConnectFailed;
        Log.ConnectFailed(_logger, reason, failure.Message);
        var attempt = _pendingAttempt;
        _pendingAttempt = null;
        if (attempt is not null)
        {
            attempt.TrySetException(failure); // Polly decides, inline: retry (OnRetry) or give up (OnLoopFailed).
            return;
        }

        // No loop owns this attempt (a custom pipeline gave up, or the attempt was abandoned): settle here.
        if (State is CompatConnectionState.Connecting or CompatConnectionState.Reconnecting && _loopKind == LoopKind.None && _circuitTimer is null)
        {
            EndLoop(failure, reason);
        }
    }

    private void OnLoopFailed(int loopId, Exception failure)
    {
        if (loopId != _loopId || _closed)
        {
            return;
        }

        _loopKind = LoopKind.None;
        _pendingAttempt = null;
        var error = failure is TimeoutRejectedException timeout
            ? new ConnectFailedException($"Connecting to database '{_options.DatabaseName}' at {_options.ServerUri} timed out.", timeout)
            : failure;
        var reason = error switch
        {
            ProtocolMismatchException => StateChangeReason.ProtocolMismatch,
            ConnectFailedException { InnerException: TimeoutRejectedException } => StateChangeReason.TimedOut,
            OperationCanceledException => StateChangeReason.Requested,
            _ => StateChangeReason.ConnectFailed,
        };
        EndLoop(error, reason);
    }

    private void EndLoop(Exception error, StateChangeReason reason)
    {
        if (State == CompatConnectionState.Reconnecting && !StdbCompatResilience.IsTransient(error) && reason != StateChangeReason.Requested)
        {
            OpenCircuit(reason, error);
            return;
        }

        if (State == CompatConnectionState.Reconnecting)
        {
            Fault(StateChangeReason.RetriesExhausted, new ConnectFailedException($"Reconnecting to database '{_options.DatabaseName}' gave up after {_attempt} attempt(s): {error.Message}", error));
            return;
        }

        // The initial connect failed: the app gets the error from ConnectAsync.
        EndActivity(error);
        FailQueuedCalls($"the connect failed: {error.Message}");
        var next = error is ConnectFailedException { IsTransient: false } ? CompatConnectionState.Faulted : CompatConnectionState.Disconnected;
        SetState(next, reason, error);
        TakeConnectCompletion()?.TrySetException(error);
    }

    private void OnDisconnected(Exception? error)
    {
        if (State != CompatConnectionState.Connected)
        {
            FailAttempt(error ?? new ConnectFailedException("The server closed the connection before accepting the client.", null));
            return;
        }

        if (_circuitOpenings > 0 && _circuitHealthySince != 0 && _time.GetElapsedTime(_circuitHealthySince) >= _resilience().Circuit.MaxBreakDuration)
        {
            _circuitOpenings = 0; // This connection outlived the longest break: a later compatibility failure starts a new streak.
        }

        _circuitHealthySince = 0;
        var reason = error is null
            ? StateChangeReason.ServerClosed
            : DisconnectClassifier.IsParseFailure(error) ? StateChangeReason.ParseFailure : StateChangeReason.ConnectionLost;
        if (reason != StateChangeReason.ParseFailure && LatestCompatibilityCheck is { CanConnect: false })
        {
            // The last check found the bindings behind the live module (a client-breaking publish): retrying blindly
            // cannot fix that, so this disconnect goes to the compatibility circuit, not the reconnect loop.
            reason = StateChangeReason.BindingsBehind;
        }

        var why = error is null ? "the server closed the connection" : Redact(error.Message);
        Log.Disconnected(_logger, reason, why);
        TearDownSession(why);
        if (!_resilience().Reconnect.Enabled)
        {
            FailQueuedCalls(why);
            SetState(CompatConnectionState.Disconnected, reason, error);
            return;
        }

        _lostAt = _time.GetTimestamp();
        _attempt = 0;
        if (reason is StateChangeReason.ParseFailure or StateChangeReason.BindingsBehind)
        {
            SetState(CompatConnectionState.Reconnecting, reason, error);
            OpenCircuit(reason, error);
            return;
        }

        SetState(CompatConnectionState.Reconnecting, reason, error, TimeSpan.Zero);
        StartLoop(LoopKind.Reconnect);
    }

    // ------------------------------------------------------------------ compatibility circuit (pump)

    private void OpenCircuit(StateChangeReason reason, Exception? error)
    {
        CancelLoop();
        _circuitOpenings++;
        _circuitReason = reason;
        _circuitError = error;
        var options = _resilience().Circuit;
        if (_circuitOpenings > options.MaxOpenings)
        {
            Fault(reason, new ConnectFailedException($"The compatibility circuit gave up after {options.MaxOpenings} non-transient failure(s) ({reason}); update the bindings or the server, then call ConnectAsync.", error, isTransient: false));
            return;
        }

        SetCircuit(CompatibilityCircuitState.Open);
        var ticks = options.BreakDuration.Ticks * Math.Pow(2, _circuitOpenings - 1);
        var delay = ticks >= options.MaxBreakDuration.Ticks ? options.MaxBreakDuration : TimeSpan.FromTicks((long)ticks);
        Log.CircuitOpened(_logger, reason, _circuitOpenings, delay);
        SetState(CompatConnectionState.Reconnecting, reason, error, delay);
        var loopId = _loopId;
        _circuitTimer?.Dispose();
        _circuitTimer = _time.CreateTimer(static s => ((CompatClientCore)((object[])s!)[0]).Enqueue(((Action)((object[])s!)[1])), new object[] { this, (Action)(() => ProbeCircuit(loopId)) }, delay, Timeout.InfiniteTimeSpan);
    }

    private void ProbeCircuit(int loopId)
    {
        if (loopId != _loopId || _closed || State != CompatConnectionState.Reconnecting)
        {
            return;
        }

        _circuitTimer?.Dispose();
        _circuitTimer = null;
        SetCircuit(CompatibilityCircuitState.HalfOpen);
        if (_resilience().CompatibilityCheck is { } check)
        {
            RunCheck(check, new CompatibilityCheckContext(CompatibilityCheckTrigger.BeforeRetry, _circuitReason, _circuitError, _circuitOpenings, _driver.Capabilities), loopId);
            return;
        }

        Log.CircuitProbe(_logger, "no compatibility check is configured");
        StartLoop(LoopKind.Reconnect);
    }

    private void RunCheck(ICompatibilityCheck check, CompatibilityCheckContext context, int loopId) =>
        _ = RunCheckAsync(check, context, loopId, _lifetime.Token);

    private async Task RunCheckAsync(ICompatibilityCheck check, CompatibilityCheckContext context, int loopId, CancellationToken cancellationToken)
    {
        CompatibilityCheckResult result;
        try
        {
            result = await check.CheckAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // A failing check cannot tell; the circuit still bounds the attempts.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = CompatibilityCheckResult.Compatible(null, $"the compatibility check failed: {ex.GetType().Name}: {Redact(ex.Message)}");
        }

        Enqueue(() => OnCheckResult(context, result, loopId));
    }

    private void OnCheckResult(CompatibilityCheckContext context, CompatibilityCheckResult result, int loopId)
    {
        Volatile.Write(ref _latestCheck, result);
        if (result.Report is not null)
        {
            Volatile.Write(ref _latestReport, result.Report);
        }

        Log.CheckCompleted(_logger, context.Trigger, result.CanConnect, result.Reason ?? "-");
        if (context.Trigger == CompatibilityCheckTrigger.Connected)
        {
            return; // Reported (LatestCompatibilityReport, health); a working connection is kept.
        }

        if (loopId != _loopId || _closed || State != CompatConnectionState.Reconnecting)
        {
            return;
        }

        if (!result.CanConnect)
        {
            Fault(StateChangeReason.BindingsBehind, new ConnectFailedException($"The compatibility check refused another attempt: {result.Reason}", context.Error, isTransient: false));
            return;
        }

        StartLoop(LoopKind.Reconnect);
    }

    private void OnReplayComplete()
    {
        if (CompatibilityCircuit != CompatibilityCircuitState.Closed)
        {
            Log.CircuitClosed(_logger, _circuitOpenings);
        }

        // Closed, but the openings still count: a replay can apply without proving the bindings decode the live rows
        // (an empty widened table), so only a connection that then stays up for MaxBreakDuration ends the streak.
        _circuitTimer?.Dispose();
        _circuitTimer = null;
        SetCircuit(CompatibilityCircuitState.Closed);
        _circuitHealthySince = _time.GetTimestamp();
    }

    private void ResetCircuit()
    {
        _circuitOpenings = 0;
        _circuitHealthySince = 0;
        _circuitTimer?.Dispose();
        _circuitTimer = null;
        SetCircuit(CompatibilityCircuitState.Closed);
    }

    private void SetCircuit(CompatibilityCircuitState state)
    {
        var previous = (CompatibilityCircuitState)Interlocked.Exchange(ref _circuitState, (int)state);
        if (previous == state)
        {
            return;
        }

        if (previous == CompatibilityCircuitState.Closed)
        {
            StdbCompatTelemetry.CircuitOpen.Add(1);
        }
        else if (state == CompatibilityCircuitState.Closed)
        {
            StdbCompatTelemetry.CircuitOpen.Add(-1);
        }

        StdbCompatTelemetry.CircuitTransitions.Add(1, new KeyValuePair<string, object?>("stdb.compat.circuit.state", state.ToString()));
    }

    // ------------------------------------------------------------------ ending (pump)

    /// <summary>Faults the client: no more attempts until the app calls ConnectAsync.</summary>
    private void Fault(StateChangeReason reason, Exception error)
    {
        CancelLoop();
        _circuitTimer?.Dispose();
        _circuitTimer = null;
        TearDownSession(error.Message);
        EndActivity(error);
        FailQueuedCalls($"the client is Faulted ({reason})");
        Log.Faulted(_logger, reason, error.Message);
        SetState(CompatConnectionState.Faulted, reason, error);
        TakeConnectCompletion()?.TrySetException(error);
    }

    /// <summary>The app disconnected or disposed: stop every loop and settle everything.</summary>
    private void Stop(CompatConnectionState next, string why)
    {
        CancelLoop();
        _circuitTimer?.Dispose();
        _circuitTimer = null;
        var hadSession = _session is not null;
        TearDownSession(why);
        FailQueuedCalls(why);
        EndActivity(null);
        if (State != next || hadSession)
        {
            Log.Disconnected(_logger, StateChangeReason.Requested, why);
            SetState(next, StateChangeReason.Requested);
        }

        if (CompatibilityCircuit != CompatibilityCircuitState.Closed)
        {
            ResetCircuit();
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
        var session = _session;
        _session = null;
        _generation++;
        if (session is not null)
        {
            session.Disconnect();
            session.Dispose();
        }

        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Detach();
            }
        }

        _streamSubscriptions.Clear();
        _replaying.Clear();
        foreach (var view in _views)
        {
            view.EndSession();
        }

        DropPending(why);
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

    private void DropPending(string why)
    {
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

    private void SaveToken(string token)
    {
        var store = _resilience().TokenStore;
        if (store is null || string.Equals(token, _savedToken, StringComparison.Ordinal))
        {
            return;
        }

        _savedToken = token;
        _ = SaveTokenAsync(store, token);
    }

    private async Task SaveTokenAsync(ITokenStore store, string token)
    {
        try
        {
            await store.SaveAsync(token, _lifetime.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The app's store failing must not break the connection; the error is logged without the token.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.TokenStoreFailed(_logger, "save", ex.GetType().Name);
        }
    }

    /// <summary>Removes every token this client knows from a text that may end up in a log, trace or exception.</summary>
    internal string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var token in new[] { _sessionToken, _options.Token, _storedToken })
        {
            if (!string.IsNullOrEmpty(token) && text!.IndexOf(token, StringComparison.Ordinal) >= 0)
            {
                text = text.Replace(token, "[token]");
            }
        }

        return text!;
    }

    // ------------------------------------------------------------------ subscription replay (pump)

    internal void OnSubscriptionSettled(CompatSubscription subscription)
    {
        if (!_replaying.Remove(subscription))
        {
            return;
        }

        foreach (var table in subscription.Tables)
        {
            if (_viewsByName.TryGetValue(table, out var view))
            {
                view.SettleOne();
            }
        }

        if (_replaying.Count == 0)
        {
            OnReplayComplete();
        }
    }

    /// <summary>Keeps tokens out of errors handed to the app: an error whose chain mentions one is replaced by a redacted copy.</summary>
    private Exception? Sanitize(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (!string.Equals(Redact(e.Message), e.Message, StringComparison.Ordinal))
            {
                return error is ConnectFailedException failed
                    ? new ConnectFailedException(Redact(error.Message), null, failed.IsTransient)
                    : new StdbCompatException($"{error!.GetType().Name}: {Redact(error.Message)}");
            }
        }

        return error;
    }

    private void SetState(CompatConnectionState next, StateChangeReason reason, Exception? error = null, TimeSpan? nextDelay = null)
    {
        error = Sanitize(error);
        var previous = State;
        Volatile.Write(ref _state, (int)next);
        if (next == CompatConnectionState.Connecting)
        {
            Volatile.Write(ref _identity, null); // Kept through Reconnecting and after a disconnect; a fresh connect forgets it.
        }

        Log.StateChanged(_logger, previous, next, reason);
        StdbCompatTelemetry.StateChanges.Add(1, new KeyValuePair<string, object?>("stdb.compat.state", next.ToString()), new KeyValuePair<string, object?>("stdb.compat.reason", reason.ToString()));
        _stateChanged.Invoke(new StateChange(previous, next, reason, error, Math.Max(_attempt, 1), nextDelay), this, nameof(StateChanged));
    }
}
