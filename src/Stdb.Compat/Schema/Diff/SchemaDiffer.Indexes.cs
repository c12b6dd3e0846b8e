using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Naming;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Diff;

// SchemaDiffer: indexes, constraints, sequences and schedules of a table.
internal static partial class SchemaDiffer
{
    private static void DiffIndexes(Context ctx, TableSchema e, TableSchema l, string path, bool affects)
    {
        if (e.Indexes.Count == l.Indexes.Count)
        {
            var same = true;
            for (var i = 0; i < e.Indexes.Count && same; i++)
            {
                var a = e.Indexes[i];
                var b = l.Indexes[i];
                same = string.Equals(a.AlgorithmName, b.AlgorithmName, StringComparison.Ordinal) && SameInts(a.Columns, b.Columns)
                    && (a.AccessorName is null || b.AccessorName is null || string.Equals(a.AccessorName, b.AccessorName, StringComparison.Ordinal));
            }

            if (same)
            {
                return; // the common case allocates nothing
            }
        }

        static string Key(IndexSchema i) => i.AlgorithmName + Cols(i.Columns);
        var live = new Dictionary<string, IndexSchema>(StringComparer.Ordinal);
        foreach (var i in l.Indexes)
        {
            live[Key(i)] = i;
        }

        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in e.Indexes)
        {
            var key = Key(i);
            expected.Add(key);
            var ip = path + "/indexes/" + key;
            if (!live.TryGetValue(key, out var li))
            {
                ctx.Add(SchemaChangeKind.RemoveIndex, ChangeCriticality.Dangerous, ip, e.Name, affects,
                    SdkRuntimeEffect.SubscriptionBehaviourChanges, MigrationOutcome.Automatic,
                    $"index {key} on '{e.Name}' was removed; semijoin subscriptions that need it are rejected", i.AccessorName ?? key, null);
            }
            else if (i.AccessorName is not null && li.AccessorName is not null && i.AccessorName != li.AccessorName)
            {
                ctx.Add(SchemaChangeKind.ChangeIndexAccessor, ChangeCriticality.NonBreaking, ip, e.Name, affects,
                    SdkRuntimeEffect.None, MigrationOutcome.ManualMigration,
                    "index accessor renamed; client-side indexes are built from the bindings, the wire is unaffected",
                    i.AccessorName, li.AccessorName);
            }
        }

        foreach (var pair in live)
        {
            if (expected.Contains(pair.Key))
            {
                continue;
            }

            ctx.Add(SchemaChangeKind.AddIndex, ChangeCriticality.NonBreaking, path + "/indexes/" + pair.Key, e.Name, false,
                SdkRuntimeEffect.None, MigrationOutcome.Automatic, $"index {pair.Key} added to '{e.Name}'", null, pair.Value.AccessorName);
        }
    }

    private static void DiffConstraints(Context ctx, TableSchema e, TableSchema l, string path, bool affects)
    {
        if (e.Constraints.Count == l.Constraints.Count)
        {
            var same = true;
            for (var i = 0; i < e.Constraints.Count && same; i++)
            {
                same = string.Equals(e.Constraints[i].Kind, l.Constraints[i].Kind, StringComparison.Ordinal)
                    && SameInts(e.Constraints[i].Columns, l.Constraints[i].Columns);
            }

            if (same)
            {
                return; // the common case allocates nothing
            }
        }

        // The server names a constraint after its table and columns (V10 always; V9 unless named explicitly), so a
        // constraint "moved" to other columns is a removal plus an addition, both automatic. Only an explicit V9 name
        // kept for other columns is the planner's ChangeUniqueConstraint error.
        static string Key(ConstraintSchema c) => c.Kind + Cols(c.Columns);
        var live = new HashSet<string>(l.Constraints.Select(Key), StringComparer.Ordinal);
        var expected = new HashSet<string>(e.Constraints.Select(Key), StringComparer.Ordinal);
        var serverNames = ctx.Expected.Source != SchemaSource.Manifest && ctx.Live.Source != SchemaSource.Manifest;
        var liveByName = new Dictionary<string, ConstraintSchema>(StringComparer.Ordinal);
        if (serverNames)
        {
            foreach (var c in l.Constraints)
            {
                liveByName[MigrationPlanner.ConstraintName(ctx.Live, l, c)] = c;
            }
        }

        var renamedTo = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in e.Constraints)
        {
            if (live.Contains(Key(r)))
            {
                continue;
            }

            if (serverNames && liveByName.TryGetValue(MigrationPlanner.ConstraintName(ctx.Expected, e, r), out var same))
            {
                renamedTo.Add(Key(same));
                ctx.Add(SchemaChangeKind.ChangeUniqueConstraint, ChangeCriticality.Dangerous, path + "/constraints/" + Key(r), e.Name, affects,
                    SdkRuntimeEffect.None, MigrationOutcome.ManualMigration,
                    $"constraint '{MigrationPlanner.ConstraintName(ctx.Expected, e, r)}' on '{e.Name}' kept its name but covers other columns; the planner refuses this",
                    Key(r), Key(same));
                continue;
            }

            ctx.Add(SchemaChangeKind.RemoveConstraint, ChangeCriticality.Dangerous, path + "/constraints/" + Key(r), e.Name, affects,
                SdkRuntimeEffect.None, MigrationOutcome.Automatic,
                $"constraint {Key(r)} on '{e.Name}' was removed; unique lookups in the bindings may now see duplicates", Key(r), null);
        }

        foreach (var a in l.Constraints)
        {
            if (expected.Contains(Key(a)) || renamedTo.Contains(Key(a)))
            {
                continue;
            }

            ctx.Add(SchemaChangeKind.AddConstraint, ChangeCriticality.NonBreaking, path + "/constraints/" + Key(a), e.Name, false,
                SdkRuntimeEffect.None, MigrationOutcome.Automatic,
                $"constraint {Key(a)} added to '{e.Name}' (the engine refuses it if existing rows hold duplicates)", null, Key(a));
        }
    }

    private static void DiffSequences(Context ctx, TableSchema e, TableSchema l, string path, bool affects)
    {
        if (e.Sequences.Count == 0 && l.Sequences.Count == 0)
        {
            return;
        }

        var live = l.Sequences.GroupBy(s => s.Column).ToDictionary(g => g.Key, g => g.First());
        var expected = e.Sequences.GroupBy(s => s.Column).ToDictionary(g => g.Key, g => g.First());
        foreach (var pair in expected)
        {
            var sp = path + "/sequences/" + pair.Key.ToString(CultureInfo.InvariantCulture);
            if (!live.TryGetValue(pair.Key, out var ls))
            {
                ctx.Add(SchemaChangeKind.RemoveSequence, ChangeCriticality.NonBreaking, sp, e.Name, false, SdkRuntimeEffect.None,
                    MigrationOutcome.Automatic, $"auto-increment on column {pair.Key} of '{e.Name}' was removed");
            }
            else if (ls.Start != pair.Value.Start || ls.MinValue != pair.Value.MinValue || ls.MaxValue != pair.Value.MaxValue
                     || ls.Increment != pair.Value.Increment)
            {
                ctx.Add(SchemaChangeKind.ChangeSequence, ChangeCriticality.NonBreaking, sp, e.Name, false, SdkRuntimeEffect.None,
                    MigrationOutcome.Automatic, $"sequence on column {pair.Key} of '{e.Name}' changed its range or increment");
            }
        }

        foreach (var pair in live.Where(p => !expected.ContainsKey(p.Key)))
        {
            ctx.Add(SchemaChangeKind.AddSequence, ChangeCriticality.NonBreaking, path + "/sequences/" + pair.Key.ToString(CultureInfo.InvariantCulture),
                e.Name, false, SdkRuntimeEffect.None, MigrationOutcome.Automatic, $"auto-increment added on column {pair.Key} of '{e.Name}'");
        }

        _ = affects;
    }

    private const string ScheduleFails =
        "the planner accepts this, but the engine does not implement adding or removing a schedule on an existing table, so publishing fails";

    private static void DiffSchedule(Context ctx, TableSchema e, TableSchema l, string path, bool affects)
    {
        _ = affects;
        if (e.Schedule is null && l.Schedule is not null)
        {
            ctx.Add(SchemaChangeKind.AddSchedule, ChangeCriticality.NonBreaking, path + "/schedule", e.Name, false, SdkRuntimeEffect.None,
                MigrationOutcome.Automatic, $"'{e.Name}' now schedules '{l.Schedule.FunctionName}'; " + ScheduleFails, null, l.Schedule.FunctionName,
                MigrationExecution.AlwaysFails);
        }
        else if (e.Schedule is not null && (l.Schedule is null || l.Schedule.FunctionName != e.Schedule.FunctionName || l.Schedule.Column != e.Schedule.Column))
        {
            ctx.Add(SchemaChangeKind.RemoveSchedule, ChangeCriticality.NonBreaking, path + "/schedule", e.Name, false, SdkRuntimeEffect.None,
                MigrationOutcome.Automatic, $"'{e.Name}' no longer schedules '{e.Schedule.FunctionName}' as before; " + ScheduleFails,
                e.Schedule.FunctionName, l.Schedule?.FunctionName, MigrationExecution.AlwaysFails);
        }
    }
}
