using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Compatibility;

/// <summary>Entry points: diff two schemas, judge an app, check a mode over a history of versions.</summary>
public static class SchemaCompatibility
{
    /// <summary>
    /// Runs SpacetimeDB's automatic-migration planner (release 2.8) over two module definitions, as
    /// <c>spacetime publish</c> would when <paramref name="old"/> is deployed and <paramref name="new"/> is published.
    /// </summary>
    /// <param name="old">The deployed module's definition.</param>
    /// <param name="new">The module about to be published.</param>
    /// <returns>The plan: steps, errors (refused), sequence prechecks and steps the engine fails to execute.</returns>
    public static MigrationPlan PlanMigration(ModuleSchema old, ModuleSchema @new) => MigrationPlanner.Plan(old, @new);

    /// <summary>Diffs the expected schema (the bindings) against the live one and classifies every change.</summary>
    /// <param name="expected">What the app was built for.</param>
    /// <param name="live">What the server runs.</param>
    /// <param name="usage">What the app uses; <see langword="null"/> for everything in <paramref name="expected"/>.</param>
    /// <returns>The changes, sorted by path.</returns>
    public static IReadOnlyList<SchemaChange> Diff(ModuleSchema expected, ModuleSchema live, SchemaAppUsage? usage = null) =>
        SchemaDiffer.Diff(expected, live, usage);

    /// <summary>Judges one app against a live schema in a mode.</summary>
    /// <param name="expected">What the app was built for.</param>
    /// <param name="live">What the server runs.</param>
    /// <param name="mode">
    /// <see cref="CompatibilityMode.Forward"/> (default): the app's bindings read the live module.
    /// <see cref="CompatibilityMode.Backward"/>: bindings generated from the live module would work against the expected one.
    /// <see cref="CompatibilityMode.Full"/>: both. Transitive forms equal their plain forms for a single pair.
    /// </param>
    /// <param name="usage">What the app uses.</param>
    /// <param name="checkedAt">Timestamp to record.</param>
    /// <returns>The report.</returns>
    public static CompatibilityReport Check(ModuleSchema expected, ModuleSchema live, CompatibilityMode mode = CompatibilityMode.Forward,
        SchemaAppUsage? usage = null, DateTimeOffset checkedAt = default)
    {
        if (expected is null)
        {
            throw new ArgumentNullException(nameof(expected));
        }

        if (live is null)
        {
            throw new ArgumentNullException(nameof(live));
        }

        var changes = new List<SchemaChange>();
        if (IsForward(mode))
        {
            changes.AddRange(SchemaDiffer.Diff(expected, live, usage));
        }

        if (IsBackward(mode))
        {
            // Reader = bindings of the live module, writer = the expected one. Usage names the app's own items; the
            // reverse direction judges everything.
            var reverse = SchemaDiffer.Diff(live, expected, SchemaAppUsage.All);
            changes.AddRange(IsForward(mode) ? reverse.Select(c => c with { Path = "backward:" + c.Path }) : reverse);
        }

        return new CompatibilityReport
        {
            Verdict = mode == CompatibilityMode.None ? CompatibilityVerdict.Compatible : CompatibilityReport.VerdictFor(changes),
            Changes = changes,
            Mode = mode,
            LiveSource = live.Source,
            CheckedAt = checkedAt,
            Plan = IsForward(mode) && expected.Source != SchemaSource.Manifest && live.Source != SchemaSource.Manifest
                ? MigrationPlanner.Plan(expected, live)
                : null,
        };
    }

    /// <summary>
    /// Checks whether <paramref name="candidate"/> may follow <paramref name="history"/> (oldest first) in a mode, as
    /// Confluent Schema Registry does: non-transitive modes check the latest version only, transitive ones all.
    /// Incompatible means a breaking change for some client; warnings do not fail the check.
    /// </summary>
    /// <param name="mode">The mode.</param>
    /// <param name="history">Earlier schema versions, oldest first.</param>
    /// <param name="candidate">The proposed new version.</param>
    /// <returns>The result, with the violations found.</returns>
    public static ModeCheckResult CheckMode(CompatibilityMode mode, IReadOnlyList<ModuleSchema> history, ModuleSchema candidate)
    {
        if (history is null)
        {
            throw new ArgumentNullException(nameof(history));
        }

        if (candidate is null)
        {
            throw new ArgumentNullException(nameof(candidate));
        }

        var violations = new List<ModeViolation>();
        if (mode == CompatibilityMode.None || history.Count == 0)
        {
            return new ModeCheckResult(mode, violations);
        }

        var transitive = mode is CompatibilityMode.BackwardTransitive or CompatibilityMode.ForwardTransitive or CompatibilityMode.FullTransitive;
        var from = transitive ? 0 : history.Count - 1;
        for (var i = from; i < history.Count; i++)
        {
            if (IsForward(mode))
            {
                AddViolation(violations, i, CompatibilityDirection.Forward, SchemaDiffer.Diff(history[i], candidate));
            }

            if (IsBackward(mode))
            {
                AddViolation(violations, i, CompatibilityDirection.Backward, SchemaDiffer.Diff(candidate, history[i]));
            }
        }

        return new ModeCheckResult(mode, violations);
    }

    private static void AddViolation(List<ModeViolation> into, int version, CompatibilityDirection direction, IReadOnlyList<SchemaChange> changes)
    {
        var breaking = changes.Where(c => c.Criticality == ChangeCriticality.Breaking).ToList();
        if (breaking.Count > 0)
        {
            into.Add(new ModeViolation(version, direction, breaking));
        }
    }

    internal static bool IsForward(CompatibilityMode m) => m is CompatibilityMode.Forward or CompatibilityMode.ForwardTransitive
        or CompatibilityMode.Full or CompatibilityMode.FullTransitive;

    internal static bool IsBackward(CompatibilityMode m) => m is CompatibilityMode.Backward or CompatibilityMode.BackwardTransitive
        or CompatibilityMode.Full or CompatibilityMode.FullTransitive;
}

/// <summary>Which direction a mode check failed in.</summary>
public enum CompatibilityDirection
{
    /// <summary>Old clients against the new module.</summary>
    Forward,
    /// <summary>New clients against the old module.</summary>
    Backward,
}

/// <summary>A failed pairwise check inside a mode check.</summary>
/// <param name="HistoryIndex">Index of the earlier version in the history.</param>
/// <param name="Direction">Direction that failed.</param>
/// <param name="BreakingChanges">The breaking changes behind it.</param>
public sealed record ModeViolation(int HistoryIndex, CompatibilityDirection Direction, IReadOnlyList<SchemaChange> BreakingChanges);

/// <summary>The result of <see cref="SchemaCompatibility.CheckMode"/>.</summary>
/// <param name="Mode">The mode checked.</param>
/// <param name="Violations">Every failed pairwise check; empty when compatible.</param>
public sealed record ModeCheckResult(CompatibilityMode Mode, IReadOnlyList<ModeViolation> Violations)
{
    /// <summary>Whether the candidate satisfies the mode.</summary>
    public bool IsCompatible => Violations.Count == 0;
}
