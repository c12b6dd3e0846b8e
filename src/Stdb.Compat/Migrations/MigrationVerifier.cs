using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace Stdb.Compat.Migrations;

/// <summary>
/// Compares a source and a target in model space: counts, an order-independent content hash per side, and the keys
/// that differ (bounded). Map both sides to the same model type first (e.g. through the path adapters).
/// </summary>
public static class MigrationVerifier
{
    /// <summary>Verifies one table.</summary>
    /// <param name="table">The name in the report.</param>
    /// <param name="source">Source rows, as models.</param>
    /// <param name="target">Target rows, as models.</param>
    /// <param name="key">The model's key as text.</param>
    /// <param name="canonical">The model's content as text; default: its System.Text.Json serialization.</param>
    /// <param name="options">Bounds and ignored keys.</param>
    /// <param name="cancellationToken">Stops the comparison.</param>
    public static TableVerification Verify<TModel>(
        string table,
        IEnumerable<TModel> source,
        IEnumerable<TModel> target,
        Func<TModel, string> key,
        Func<TModel, string>? canonical = null,
        VerificationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        if (target is null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        canonical ??= m => JsonSerializer.Serialize(m);
        return VerifyContent(table, Pairs(source, key, canonical), Pairs(target, key, canonical), options, cancellationToken);
    }

    /// <summary>
    /// Verifies rows already reduced to (key, canonical content) pairs: for callers without bindings, e.g. rows read
    /// over the HTTP SQL route as JSON.
    /// </summary>
    public static TableVerification VerifyContent(
        string table,
        IEnumerable<KeyValuePair<string, string>> source,
        IEnumerable<KeyValuePair<string, string>> target,
        VerificationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        if (target is null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        options ??= new VerificationOptions();
        var max = Math.Max(0, options.MaxListedKeys);
        using var sourceHash = new ContentHasher();
        using var targetHash = new ContentHasher();
        var sourceRows = new Dictionary<string, (ulong, ulong)>(StringComparer.Ordinal);
        foreach (var pair in source)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.IgnoreSourceKeys?.Contains(pair.Key) == true)
            {
                continue;
            }

            sourceRows[pair.Key] = sourceHash.Add(pair.Key, pair.Value);
        }

        var missing = new List<string>();
        var extra = new List<string>();
        var different = new List<string>();
        long mismatches = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in target)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = targetHash.Add(pair.Key, pair.Value);
            if (!seen.Add(pair.Key) || !sourceRows.TryGetValue(pair.Key, out var expected))
            {
                mismatches++;
                AddBounded(extra, pair.Key, max);
            }
            else if (expected != row)
            {
                mismatches++;
                AddBounded(different, pair.Key, max);
            }
        }

        foreach (var pair in sourceRows)
        {
            if (!seen.Contains(pair.Key))
            {
                mismatches++;
                AddBounded(missing, pair.Key, max);
            }
        }

        missing.Sort(StringComparer.Ordinal);
        return new TableVerification
        {
            Table = table,
            SourceCount = sourceHash.Count,
            TargetCount = targetHash.Count,
            SourceHash = sourceHash.Hex,
            TargetHash = targetHash.Hex,
            MissingOnTarget = missing,
            ExtraOnTarget = extra,
            Different = different,
            MismatchCount = mismatches,
        };
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs<TModel>(IEnumerable<TModel> rows, Func<TModel, string> key, Func<TModel, string> canonical)
    {
        foreach (var row in rows)
        {
            yield return new KeyValuePair<string, string>(key(row), canonical(row));
        }
    }

    private static void AddBounded(List<string> list, string key, int max)
    {
        if (list.Count < max)
        {
            list.Add(key);
        }
    }
}
