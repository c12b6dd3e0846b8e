using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Compatibility;

/// <summary>The verdict for one app: can it run against the live module?</summary>
public enum CompatibilityVerdict
{
    /// <summary>Nothing the app uses changed in a way that matters.</summary>
    Compatible = 0,
    /// <summary>Works, but something dangerous touches the app, or something breaking touches what it does not use.</summary>
    CompatibleWithWarnings = 1,
    /// <summary>A breaking change touches what the app uses.</summary>
    Incompatible = 2,
}

/// <summary>The result of comparing the app's expected schema with a live (or saved) module schema.</summary>
public sealed record CompatibilityReport
{
    /// <summary>The verdict.</summary>
    public CompatibilityVerdict Verdict { get; init; }

    /// <summary>Every change found, sorted by path.</summary>
    public IReadOnlyList<SchemaChange> Changes { get; init; } = Array.Empty<SchemaChange>();

    /// <summary>The mode the check ran in.</summary>
    public CompatibilityMode Mode { get; init; } = CompatibilityMode.Forward;

    /// <summary>Where the live schema came from (V9 or V10 JSON).</summary>
    public SchemaSource LiveSource { get; init; }

    /// <summary>The server's version from <c>/v1/health</c>, when offered.</summary>
    public string? ServerVersion { get; init; }

    /// <summary>When the check completed (from the injected <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>Changes behind the verdict: breaking or dangerous ones that touch the app, and breaking ones that do not.</summary>
    public IReadOnlyList<SchemaChange> VerdictChanges =>
        Changes.Where(c => (c.AffectsApp && c.Criticality != ChangeCriticality.NonBreaking) || c.Criticality == ChangeCriticality.Breaking).ToList();

    /// <summary>
    /// SpacetimeDB's planner run over the two module definitions (expected as the old module, live as the new one),
    /// when both are server module definitions (V9/V10 JSON) and the mode checks forward; otherwise <see langword="null"/>.
    /// </summary>
    public MigrationPlan? Plan { get; init; }

    /// <summary>The planner outcome of the whole update: the plan's when there is one, else the worst of the changes'.</summary>
    public MigrationOutcome Migration => Plan?.Outcome
        ?? (Changes.Count == 0 ? MigrationOutcome.Automatic : Changes.Max(c => c.Migration));

    /// <summary>Whether SpacetimeDB's planner refuses the update (a manual module migration is needed).</summary>
    public bool MigrationRequired => Migration == MigrationOutcome.ManualMigration;

    /// <summary>The bindings are behind the live module: the app must be rebuilt against the live schema.</summary>
    public bool BindingsBehind => Verdict == CompatibilityVerdict.Incompatible;

    /// <summary>The live module is ahead but compatible: new tables, reducers, columns or variants exist the bindings do not know.</summary>
    public bool NewerCompatibleSchemaAvailable => Verdict != CompatibilityVerdict.Incompatible && Changes.Any(c => c.Kind is
        SchemaChangeKind.AddTable or SchemaChangeKind.AddReducer or SchemaChangeKind.AddView or SchemaChangeKind.ChangeColumns
        or SchemaChangeKind.AddIndex);

    /// <summary>Computes the verdict for a set of changes.</summary>
    /// <param name="changes">The changes, with <see cref="SchemaChange.AffectsApp"/> set.</param>
    /// <returns>The verdict.</returns>
    public static CompatibilityVerdict VerdictFor(IEnumerable<SchemaChange> changes)
    {
        var verdict = CompatibilityVerdict.Compatible;
        foreach (var c in changes ?? throw new ArgumentNullException(nameof(changes)))
        {
            if (c.Criticality == ChangeCriticality.Breaking && c.AffectsApp)
            {
                return CompatibilityVerdict.Incompatible;
            }

            if (c.Criticality == ChangeCriticality.Breaking || (c.Criticality == ChangeCriticality.Dangerous && c.AffectsApp))
            {
                verdict = CompatibilityVerdict.CompatibleWithWarnings;
            }
        }

        return verdict;
    }
}
