using System;
using System.Collections.Generic;
using Stdb.Compat.Schema.Compatibility;

namespace Stdb.Compat.Resilience;

/// <summary>
/// What the client knows of its compatibility with the live module, as of the latest check: one immutable value
/// (<see cref="Connection.ICompatClient.Compatibility"/>), replaced as a whole after every check.
/// </summary>
public sealed record CompatibilitySnapshot
{
    /// <summary>When the check ran (the client's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>Why it ran: after a connect (before subscribing), or before a retry.</summary>
    public CompatibilityCheckTrigger Trigger { get; init; }

    /// <summary>The check's answer (whether another attempt can work, and why).</summary>
    public CompatibilityCheckResult Result { get; init; } = CompatibilityCheckResult.Compatible();

    /// <summary>The schema report behind it; <see langword="null"/> when the live schema could not be fetched or the check has none.</summary>
    public CompatibilityReport? Report => Result.Report;

    /// <summary>The report's verdict; <see langword="null"/> without a report.</summary>
    public CompatibilityVerdict? Verdict => Result.Report?.Verdict;

    /// <summary>The live server's version, when the schema source reports it.</summary>
    public string? ServerVersion => Result.Report?.ServerVersion;

    /// <summary>Tables (wire names) whose rows no longer decode with the bindings: never subscribed, their views faulted.</summary>
    public IReadOnlyList<string> UndecodableTables { get; init; } = Array.Empty<string>();

    /// <summary>Wire name → why, for <see cref="UndecodableTables"/>.</summary>
    internal IReadOnlyDictionary<string, string> Undecodable { get; init; } = new Dictionary<string, string>();
}
