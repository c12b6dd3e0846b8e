using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;

namespace Stdb.Compat.Resilience;

/// <summary>
/// The subscription gate: from a compatibility report, the bindings' tables whose rows no longer decode (the
/// differ's client-impact dimension: a breaking table change whose run-time effect is a decode failure or a rejected
/// subscription). Those are never subscribed, so a mismatched module never reaches the SDK's decoder (1.x would
/// kill the process, 2.x disconnects or silently shifts fixed-size rows).
/// </summary>
internal static class SchemaGate
{
    /// <summary>
    /// Wire name → the reason, for every table of <paramref name="driver"/> the report says no longer decodes, plus the
    /// tables in <paramref name="variantFailures"/> whose sums still carry variants the bindings lack (a decode failure
    /// already seen: "rows decode until one carries a new variant" is then no longer a hypothesis).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Undecodable(CompatibilityReport? report, IConnectionDriver driver, ISet<string>? variantFailures = null)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (report is null)
        {
            return result;
        }

        var known = WireNames(driver);
        foreach (var change in report.Changes)
        {
            if (change.Subject is { } table && known.Contains(table) && !result.ContainsKey(table)
                && (IsUndecodable(change) || (variantFailures is not null && variantFailures.Contains(table) && IsNewVariant(change))))
            {
                result[table] = $"{change.Kind} at {change.Path}: {change.Reason}";
            }
        }

        return result;
    }

    /// <summary>Tables of <paramref name="driver"/> with a sum that gained variants the bindings cannot decode.</summary>
    public static IEnumerable<string> NewVariantTables(CompatibilityReport? report, IConnectionDriver driver)
    {
        if (report is null)
        {
            yield break;
        }

        var known = WireNames(driver);
        foreach (var change in report.Changes)
        {
            if (change.Subject is { } table && known.Contains(table) && IsNewVariant(change))
            {
                yield return table;
            }
        }
    }

    private static HashSet<string> WireNames(IConnectionDriver driver)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in driver.Tables)
        {
            names.Add(table.WireName);
        }

        return names;
    }

    private static bool IsNewVariant(SchemaChange change) =>
        change.Path.StartsWith("tables/", StringComparison.Ordinal) && change.RuntimeEffect == SdkRuntimeEffect.NewVariantDecodeFailure;

    /// <summary>True when the change means rows of its table cannot be decoded (or never arrive) with the bindings.</summary>
    public static bool IsUndecodable(SchemaChange change) =>
        change.Criticality == ChangeCriticality.Breaking
        && change.Path.StartsWith("tables/", StringComparison.Ordinal)
        && change.RuntimeEffect is SdkRuntimeEffect.RowDecodeFailureDisconnects or SdkRuntimeEffect.SubscriptionRejected;
}
