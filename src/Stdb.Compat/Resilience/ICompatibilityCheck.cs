using System;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Driver;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;

namespace Stdb.Compat.Resilience;

/// <summary>
/// The compatibility circuit's check: runs before another attempt after a disconnect that retrying cannot fix, and
/// (when <see cref="CompatibilityCircuitOptions.CheckOnConnect"/>) at every connect, before subscribing (its report gates
/// which tables are subscribed). The schema feature provides
/// one (<see cref="CompatibilityChecks.FromSchemaChecker"/>): re-read the live schema and diff it with the bindings.
/// Runs off the pump; it must not call the client.
/// </summary>
public interface ICompatibilityCheck
{
    /// <summary>Checks whether another attempt can work.</summary>
    /// <param name="context">Why the check runs.</param>
    /// <param name="cancellationToken">Cancelled when the app disconnects or disposes the client.</param>
    /// <returns>Whether to try again, and why.</returns>
    ValueTask<CompatibilityCheckResult> CheckAsync(CompatibilityCheckContext context, CancellationToken cancellationToken = default);
}

/// <summary>Why a compatibility check runs.</summary>
/// <param name="Trigger">After a connect, or before a retry with the circuit open.</param>
/// <param name="Reason">The disconnect reason that opened the circuit (<see cref="StateChangeReason.Established"/> after a connect).</param>
/// <param name="Error">The error behind it, if any.</param>
/// <param name="Openings">How many times in a row the circuit has opened (0 after a connect).</param>
/// <param name="Capabilities">The bindings' capabilities.</param>
public sealed record CompatibilityCheckContext(
    CompatibilityCheckTrigger Trigger,
    StateChangeReason Reason,
    Exception? Error,
    int Openings,
    DriverCapabilities Capabilities)
{
    /// <summary>
    /// What the app uses, derived from what the client does (tables subscribed, reducers called, event sources
    /// declared); <see langword="null"/> when unknown. The schema check uses it unless the app set its own.
    /// </summary>
    public SchemaAppUsage? Usage { get; init; }

    /// <summary>
    /// The live schemas of the path selection this check runs in (one fetch per target, shared by the default checks
    /// of its candidates); null outside a selection.
    /// </summary>
    internal LiveSchemaFetches? Fetches { get; init; }
}

/// <summary>When a compatibility check runs.</summary>
public enum CompatibilityCheckTrigger
{
    /// <summary>The client has just connected or reconnected.</summary>
    Connected = 0,

    /// <summary>The circuit is open and its break is over: the check decides whether to try again.</summary>
    BeforeRetry = 1,
}

/// <summary>The answer of a compatibility check.</summary>
public sealed record CompatibilityCheckResult
{
    /// <summary>True when another attempt can work (or the check could not tell).</summary>
    public bool CanConnect { get; init; } = true;

    /// <summary>Why not, or a summary.</summary>
    public string? Reason { get; init; }

    /// <summary>The schema report behind the answer, when there is one.</summary>
    public CompatibilityReport? Report { get; init; }

    /// <summary>Another attempt can work.</summary>
    public static CompatibilityCheckResult Compatible(CompatibilityReport? report = null, string? reason = null) => new() { CanConnect = true, Report = report, Reason = reason };

    /// <summary>Another attempt cannot work: the client becomes <see cref="CompatConnectionState.Faulted"/>.</summary>
    public static CompatibilityCheckResult Incompatible(string reason, CompatibilityReport? report = null) => new() { CanConnect = false, Reason = reason, Report = report };
}

/// <summary>The state of the compatibility circuit.</summary>
public enum CompatibilityCircuitState
{
    /// <summary>Normal: disconnects are retried by the reconnect pipeline.</summary>
    Closed = 0,

    /// <summary>A non-transient disconnect opened it: no attempts until its break is over and the check allows one.</summary>
    Open = 1,

    /// <summary>The check allowed an attempt; the circuit closes once the connection's subscriptions have applied.</summary>
    HalfOpen = 2,
}
