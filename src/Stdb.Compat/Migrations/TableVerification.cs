using System;
using System.Collections.Generic;

namespace Stdb.Compat.Migrations;

/// <summary>
/// One table compared in model space: row counts and an order-independent content hash on each side, and the keys
/// that differ (bounded by <see cref="VerificationOptions.MaxListedKeys"/>).
/// </summary>
public sealed record TableVerification
{
    /// <summary>The table (or model) name.</summary>
    public string Table { get; init; } = string.Empty;

    /// <summary>Rows on the source side.</summary>
    public long SourceCount { get; init; }

    /// <summary>Rows on the target side.</summary>
    public long TargetCount { get; init; }

    /// <summary>Content hash of the source side (hex): independent of row order.</summary>
    public string SourceHash { get; init; } = string.Empty;

    /// <summary>Content hash of the target side (hex).</summary>
    public string TargetHash { get; init; } = string.Empty;

    /// <summary>Keys only on the source side (bounded).</summary>
    public IReadOnlyList<string> MissingOnTarget { get; init; } = Array.Empty<string>();

    /// <summary>Keys only on the target side (bounded).</summary>
    public IReadOnlyList<string> ExtraOnTarget { get; init; } = Array.Empty<string>();

    /// <summary>Keys on both sides whose content differs (bounded).</summary>
    public IReadOnlyList<string> Different { get; init; } = Array.Empty<string>();

    /// <summary>Number of differing keys in all (the lists above stop at the bound).</summary>
    public long MismatchCount { get; init; }

    /// <summary>True when counts and hashes are equal.</summary>
    public bool Matches => SourceCount == TargetCount && string.Equals(SourceHash, TargetHash, StringComparison.Ordinal);
}
