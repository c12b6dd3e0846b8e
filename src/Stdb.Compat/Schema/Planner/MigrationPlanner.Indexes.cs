using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Planner;

// MigrationPlanner: indexes, sequences, constraints and row-level security.
internal static partial class MigrationPlanner
{
    // ---- indexes, sequences, constraints -----------------------------------------------------------------------

    private static void Indexes(Planning p, HashSet<string> addedTables, HashSet<string> removedTables)
    {
        var oldIndexes = SubObjects(p.Old, t => t.Indexes, (t, i) => IndexName(p.Old, t, i));
        var newIndexes = SubObjects(p.New, t => t.Indexes, (t, i) => IndexName(p.New, t, i));
        foreach (var pair in oldIndexes)
        {
            if (!newIndexes.ContainsKey(pair.Key) && !removedTables.Contains(pair.Value.Table))
            {
                p.Step(MigrationStepKind.RemoveIndex, pair.Key);
            }
        }

        foreach (var pair in newIndexes)
        {
            if (!oldIndexes.TryGetValue(pair.Key, out var old))
            {
                if (!addedTables.Contains(pair.Value.Table))
                {
                    p.Step(MigrationStepKind.AddIndex, pair.Key);
                }

                continue;
            }

            var oi = old.Item;
            var ni = pair.Value.Item;
            if (!string.Equals(oi.AccessorName, ni.AccessorName, StringComparison.Ordinal))
            {
                p.Errors.Add(new MigrationError(MigrationErrorKind.ChangeIndexAccessor, pair.Key, null,
                    $"changing the accessor name of index '{pair.Key}' from '{oi.AccessorName}' to '{ni.AccessorName}' requires a manual migration"));
            }
            else if (!string.Equals(oi.AlgorithmName, ni.AlgorithmName, StringComparison.Ordinal) || !oi.Columns.SequenceEqual(ni.Columns))
            {
                p.Step(MigrationStepKind.RemoveIndex, pair.Key);
                p.Step(MigrationStepKind.AddIndex, pair.Key);
            }
        }
    }

    private static void Sequences(Planning p, HashSet<string> addedTables, HashSet<string> removedTables)
    {
        var oldSeqs = SubObjects(p.Old, t => t.Sequences, (t, s) => s.Name ?? t.Name + "_" + ColumnName(t, s.Column) + "_seq");
        var newSeqs = SubObjects(p.New, t => t.Sequences, (t, s) => s.Name ?? t.Name + "_" + ColumnName(t, s.Column) + "_seq");
        foreach (var pair in oldSeqs)
        {
            if (!newSeqs.ContainsKey(pair.Key) && !removedTables.Contains(pair.Value.Table))
            {
                p.Step(MigrationStepKind.RemoveSequence, pair.Key);
            }
        }

        foreach (var pair in newSeqs)
        {
            if (oldSeqs.TryGetValue(pair.Key, out var old))
            {
                var o = old.Item;
                var n = pair.Value.Item;
                if (o.Column != n.Column || o.Start != n.Start || o.MinValue != n.MinValue || o.MaxValue != n.MaxValue || o.Increment != n.Increment)
                {
                    p.Prechecks.Add(pair.Key);
                    p.Step(MigrationStepKind.RemoveSequence, pair.Key);
                    p.Step(MigrationStepKind.AddSequence, pair.Key);
                }
            }
            else if (!addedTables.Contains(pair.Value.Table))
            {
                p.Prechecks.Add(pair.Key);
                p.Step(MigrationStepKind.AddSequence, pair.Key);
            }
        }
    }

    private static void Constraints(Planning p, HashSet<string> addedTables, HashSet<string> removedTables)
    {
        var oldCons = SubObjects(p.Old, t => t.Constraints, (t, c) => ConstraintName(p.Old, t, c));
        var newCons = SubObjects(p.New, t => t.Constraints, (t, c) => ConstraintName(p.New, t, c));
        foreach (var pair in newCons)
        {
            if (!oldCons.TryGetValue(pair.Key, out var old))
            {
                // Adding a unique constraint to an existing table is planned; the engine checks for duplicates.
                if (!addedTables.Contains(pair.Value.Table))
                {
                    p.Step(MigrationStepKind.AddConstraint, pair.Key);
                }
            }
            else if (!string.Equals(old.Item.Kind, pair.Value.Item.Kind, StringComparison.Ordinal)
                     || !old.Item.Columns.OrderBy(c => c).SequenceEqual(pair.Value.Item.Columns.OrderBy(c => c)))
            {
                p.Errors.Add(new MigrationError(MigrationErrorKind.ChangeUniqueConstraint, pair.Key, null,
                    $"changing unique constraint '{pair.Key}' requires a manual migration"));
            }
        }

        foreach (var pair in oldCons)
        {
            if (!newCons.ContainsKey(pair.Key) && !removedTables.Contains(pair.Value.Table))
            {
                p.Step(MigrationStepKind.RemoveConstraint, pair.Key);
            }
        }
    }

    private static void RowLevelSecurity(Planning p)
    {
        // Filters may name any table or column: all old ones are dropped and all new ones added.
        foreach (var sql in p.Old.RowLevelSecurity)
        {
            p.Step(MigrationStepKind.RemoveRowLevelSecurity, sql);
        }

        foreach (var sql in p.New.RowLevelSecurity)
        {
            p.Step(MigrationStepKind.AddRowLevelSecurity, sql);
        }

        var oldSet = new HashSet<string>(p.Old.RowLevelSecurity, StringComparer.Ordinal);
        if (!oldSet.SetEquals(p.New.RowLevelSecurity))
        {
            p.EnsureDisconnect(); // flushes every client's cache
        }
    }
}
