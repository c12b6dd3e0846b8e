using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Schema.Diff;

namespace Stdb.Compat.Resilience;

/// <summary>What the compatibility engine needs of the lifecycle (implemented by the lifecycle engine).</summary>
internal interface ICircuitHost
{
    /// <summary>The current loop's id; work scheduled for an older loop is stale.</summary>
    int LoopId { get; }

    /// <summary>True while the client is reconnecting and not disposed.</summary>
    bool IsReconnecting { get; }

    /// <summary>Stops the running connect/reconnect loop.</summary>
    void CancelLoop();

    /// <summary>Tells the app the client waits <paramref name="delay"/> before the next check.</summary>
    void ReportWaiting(StateChangeReason reason, Exception? error, TimeSpan delay);

    /// <summary>Starts another reconnect loop.</summary>
    void Retry();

    /// <summary>No more attempts until the app calls ConnectAsync.</summary>
    void Fault(StateChangeReason reason, Exception error);

    /// <summary>Removes every token the client knows from a text.</summary>
    string Redact(string? text);

    /// <summary>The circuit settings in force.</summary>
    CompatibilityCircuitOptions CircuitSettings { get; }
}

/// <summary>What one connection attempt connects with: the driver (one bindings generation) and its session options.</summary>
internal sealed record ConnectionPlan(IConnectionDriver Driver, DriverSessionOptions Session);

/// <summary>
/// Compatibility: decides, per connection attempt, what to connect with (<see cref="PlanAttempt"/>: the one seam
/// where schema paths will choose a bindings generation), runs the compatibility checks, and keeps the
/// compatibility circuit (opened by disconnects that retrying cannot fix; bounded breaks; closed once a connection's
/// subscriptions applied). Pump-owned; the circuit timer and the checks only enqueue work.
/// </summary>
internal sealed partial class CompatibilityEngine
{
    private readonly IConnectionDriver _driver;
    private readonly ICompatibilityCheck? _check;
    private readonly Pump _pump;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _lifetime;
    private ICircuitHost? _host;
    private ITimer? _timer;
    private int _openings;
    private long _healthySince;
    private int _state;
    private StateChangeReason _reason;
    private Exception? _error;
    private readonly Func<SchemaAppUsage?> _usage;
    private CompatibilitySnapshot? _snapshot;
    private bool _suspect;
    private readonly HashSet<string> _variantFailures = new(StringComparer.Ordinal);

    public CompatibilityEngine(IConnectionDriver driver, ICompatibilityCheck? check, Func<SchemaAppUsage?> usage, Pump pump, TimeProvider time, ILogger logger, CancellationToken lifetime)
    {
        _driver = driver;
        _check = check;
        _usage = usage;
        _pump = pump;
        _time = time;
        _logger = logger;
        _lifetime = lifetime;
    }

    public CompatibilityCircuitState State => (CompatibilityCircuitState)Volatile.Read(ref _state);

    /// <summary>The latest check's snapshot (replaced as a whole), or null before the first.</summary>
    public CompatibilitySnapshot? Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>True when a check is configured (or the default one was built from the manifest).</summary>
    public bool HasCheck => _check is not null;

    /// <summary>Consecutive openings (0 after a fresh connect, or once a connection outlived the longest break).</summary>
    public int Openings => _openings;

    /// <summary>True while a break is running (the circuit timer owns the next step).</summary>
    public bool IsBreaking => _timer is not null;

    /// <summary>True when the latest check found the bindings behind the live module.</summary>
    public bool BindingsBehind => Snapshot is { Result.CanConnect: false };

    public void Bind(ICircuitHost host) => _host = host;

    /// <summary>
    /// Pump, at the start of every connection attempt: what to connect with. Today one driver; schema paths will
    /// choose among generations here, from the snapshot and the latest checks.
    /// </summary>
    public ConnectionPlan PlanAttempt(ClientSnapshot settings, string? token) => new(
        _driver,
        new DriverSessionOptions(settings.ServerUri, settings.DatabaseName)
        {
            Token = token,
            LightMode = settings.LightMode,
            ConfirmedReads = settings.ConfirmedReads,
            Compression = settings.Compression,
        });

    /// <summary>Pump: a disconnect retrying cannot fix. Breaks, then checks before another attempt; faults after too many.</summary>
    public void Open(StateChangeReason reason, Exception? error, CompatibilityCircuitOptions settings)
    {
        _pump.AssertOnPump();
        var host = _host!;
        host.CancelLoop();
        _openings++;
        _reason = reason;
        _error = error;
        if (_openings > settings.MaxOpenings)
        {
            host.Fault(reason, new ConnectFailedException($"The compatibility circuit gave up after {settings.MaxOpenings} non-transient failure(s) ({reason}); update the bindings or the server, then call ConnectAsync.", error, isTransient: false));
            return;
        }

        SetState(CompatibilityCircuitState.Open);
        var ticks = settings.BreakDuration.Ticks * Math.Pow(2, _openings - 1);
        var delay = ticks >= settings.MaxBreakDuration.Ticks ? settings.MaxBreakDuration : TimeSpan.FromTicks((long)ticks);
        Log.CircuitOpened(_logger, reason, _openings, delay);
        host.ReportWaiting(reason, error, delay);
        var loopId = host.LoopId;
        _timer?.Dispose();
        _timer = _time.CreateTimer(static s => ((CompatibilityEngine)((object[])s!)[0]).OnBreakOver((int)((object[])s!)[1]), new object[] { this, loopId }, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Pump: a close we did not ask for that may hide a decode failure (the 2.x SDK reports a message it cannot parse
    /// by closing the connection itself, which reaches us as a normal close). When a check is configured it runs
    /// before the next attempt: if it refuses, the circuit opens (<see cref="StateChangeReason.BindingsBehind"/>);
    /// otherwise the lifecycle retries. False when there is no check (the lifecycle retries at once).
    /// </summary>
    public bool CheckSuspectClose(StateChangeReason reason)
    {
        _pump.AssertOnPump();
        if (_check is null)
        {
            return false;
        }

        _suspect = true;
        Log.SuspectClose(_logger, reason);
        Run(new CompatibilityCheckContext(CompatibilityCheckTrigger.BeforeRetry, reason, null, _openings, _driver.Capabilities) { Usage = _usage() }, _host!.LoopId);
        return true;
    }

    /// <summary>
    /// Pump, once connected and before subscribing: runs the check on the new connection. The connection is kept
    /// whatever it says; <paramref name="then"/> runs on the pump with the new snapshot (its undecodable tables gate the
    /// subscriptions), unless another connection began meanwhile. False (and <paramref name="then"/> not called) when no
    /// check runs: no check, or the app turned it off.
    /// </summary>
    public bool CheckConnected(bool checkOnConnect, Action<CompatibilitySnapshot?> then)
    {
        if (_check is null || !checkOnConnect)
        {
            return false;
        }

        // The continuation travels with its own run: a result from an earlier connection (another loop) must neither
        // gate this one nor drop this one's continuation, or this connection would never subscribe.
        Run(new CompatibilityCheckContext(CompatibilityCheckTrigger.Connected, StateChangeReason.Established, null, _openings, _driver.Capabilities) { Usage = _usage() }, _host!.LoopId, then);
        return true;
    }

    /// <summary>
    /// Pump: the connection's subscriptions applied; the circuit closes. The openings still count: a replay can apply
    /// without proving the bindings decode the live rows (an empty widened table), so only a connection that then stays
    /// up for the longest break ends the streak (<see cref="OnConnectionLost"/>).
    /// </summary>
    public void OnReplayComplete()
    {
        if (State != CompatibilityCircuitState.Closed)
        {
            Log.CircuitClosed(_logger, _openings);
        }

        StopBreak();
        SetState(CompatibilityCircuitState.Closed);
        _healthySince = _time.GetTimestamp();
    }

    /// <summary>
    /// Pump: a connection was lost. One that outlived the longest break ends the streak of openings, so a later
    /// compatibility failure starts a new one.
    /// </summary>
    public void OnConnectionLost(CompatibilityCircuitOptions settings)
    {
        if (_openings > 0 && _healthySince != 0 && _time.GetElapsedTime(_healthySince) >= settings.MaxBreakDuration)
        {
            _openings = 0;
        }

        _healthySince = 0;
    }

    /// <summary>Pump: closes the circuit and forgets its openings (a fresh connect).</summary>
    public void Reset()
    {
        _openings = 0;
        _healthySince = 0;
        _suspect = false;
        StopBreak();
        SetState(CompatibilityCircuitState.Closed);
    }

    /// <summary>Pump: stops a running break (disconnect, fault).</summary>
    public void StopBreak()
    {
        _timer?.Dispose();
        _timer = null;
    }

    // The timer only enqueues: the probe runs on the pump.
    private void OnBreakOver(int loopId) => _pump.Enqueue(() => Probe(loopId));

    private void Probe(int loopId)
    {
        var host = _host!;
        if (loopId != host.LoopId || !host.IsReconnecting)
        {
            return;
        }

        StopBreak();
        SetState(CompatibilityCircuitState.HalfOpen);
        if (_check is not null)
        {
            Run(new CompatibilityCheckContext(CompatibilityCheckTrigger.BeforeRetry, _reason, _error, _openings, _driver.Capabilities) { Usage = _usage() }, loopId);
            return;
        }

        Log.CircuitProbe(_logger, "no compatibility check is configured");
        host.Retry();
    }

    private void Run(CompatibilityCheckContext context, int loopId, Action<CompatibilitySnapshot?>? afterConnected = null) => _ = RunAsync(_check!, context, loopId, afterConnected);

    private async Task RunAsync(ICompatibilityCheck check, CompatibilityCheckContext context, int loopId, Action<CompatibilitySnapshot?>? afterConnected)
    {
        CompatibilityCheckResult result;
        try
        {
            result = await check.CheckAsync(context, _lifetime).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // A failing check cannot tell; the circuit still bounds the attempts.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = CompatibilityCheckResult.Compatible(null, $"the compatibility check failed: {ex.GetType().Name}: {_host!.Redact(ex.Message)}");
        }

        _pump.Enqueue(() => OnResult(context, result, loopId, afterConnected));
    }

    private void OnResult(CompatibilityCheckContext context, CompatibilityCheckResult result, int loopId, Action<CompatibilitySnapshot?>? afterConnected)
    {
        var host = _host!;
        if (context.Trigger == CompatibilityCheckTrigger.Connected && loopId != host.LoopId)
        {
            return; // A check of a connection already gone: its answer neither gates nor replaces the newer snapshot.
        }

        if (_suspect && context.Trigger != CompatibilityCheckTrigger.Connected)
        {
            // A close right after a message, and the live module has sums with variants the bindings lack: the close was
            // that decode failure. Those tables are gated from now on (while the report still shows the new variants).
            _variantFailures.UnionWith(SchemaGate.NewVariantTables(result.Report, _driver));
        }

        var undecodable = SchemaGate.Undecodable(result.Report, _driver, _variantFailures);
        var snapshot = new CompatibilitySnapshot
        {
            CheckedAt = _time.GetUtcNow(),
            Trigger = context.Trigger,
            Result = result,
            UndecodableTables = new List<string>(undecodable.Keys).AsReadOnly(),
            Undecodable = undecodable,
        };
        Volatile.Write(ref _snapshot, snapshot);
        Log.CheckCompleted(_logger, context.Trigger, result.CanConnect, result.Reason ?? "-");
        if (context.Trigger == CompatibilityCheckTrigger.Connected)
        {
            // After a connect: reported (Compatibility, health) and gating the subscriptions; the connection is kept.
            afterConnected?.Invoke(snapshot);

            return;
        }

        if (loopId != host.LoopId || !host.IsReconnecting)
        {
            return;
        }

        var suspect = _suspect;
        _suspect = false;
        if (!result.CanConnect && suspect)
        {
            // The close was a decode failure in disguise: retrying cannot fix it, the circuit bounds what follows.
            Open(StateChangeReason.BindingsBehind, new ConnectFailedException($"The server closed the connection and the compatibility check refused another attempt: {result.Reason}", null, isTransient: false), host.CircuitSettings);
            return;
        }

        if (!result.CanConnect)
        {
            host.Fault(StateChangeReason.BindingsBehind, new ConnectFailedException($"The compatibility check refused another attempt: {result.Reason}", context.Error, isTransient: false));
            return;
        }

        host.Retry();
    }

    private void SetState(CompatibilityCircuitState state)
    {
        var previous = (CompatibilityCircuitState)Interlocked.Exchange(ref _state, (int)state);
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

    private static partial class Log
    {
        [LoggerMessage(1020, LogLevel.Warning, "Compatibility circuit opened ({Reason}, opening {Openings}); next check in {Delay}")]
        public static partial void CircuitOpened(ILogger logger, StateChangeReason reason, int openings, TimeSpan delay);

        [LoggerMessage(1021, LogLevel.Information, "Compatibility circuit half-open: trying again ({Why})")]
        public static partial void CircuitProbe(ILogger logger, string why);

        [LoggerMessage(1022, LogLevel.Information, "Compatibility check ({Trigger}): can connect {CanConnect} ({Reason})")]
        public static partial void CheckCompleted(ILogger logger, CompatibilityCheckTrigger trigger, bool canConnect, string reason);

        [LoggerMessage(1023, LogLevel.Information, "Compatibility circuit closed after {Openings} opening(s): the subscriptions applied")]
        public static partial void CircuitClosed(ILogger logger, int openings);

        [LoggerMessage(1024, LogLevel.Information, "The server closed the connection unasked ({Reason}); checking the schema before the next attempt")]
        public static partial void SuspectClose(ILogger logger, StateChangeReason reason);
    }
}
