using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Planner;

/// <summary>
/// SpacetimeDB's automatic-migration planner (<c>crates/schema/src/auto_migrate.rs</c>, release 2.8), re-expressed
/// over <see cref="ModuleSchema"/>: tables, views, indexes, constraints and sequences are matched by name (columns
/// by name too, then checked for position), sub-objects of added or removed tables are covered by the table step,
/// and any error refuses the whole plan. A facet is compared only when both schemas describe it.
/// </summary>
internal static class MigrationPlanner
{
    private const int MaxTypeDepth = 64;

    public static MigrationPlan Plan(ModuleSchema old, ModuleSchema @new)
    {
        if (old is null) throw new ArgumentNullException(nameof(old));
        if (@new is null) throw new ArgumentNullException(nameof(@new));
        var p = new Planning(old, @new);
        if (p.Both(SchemaFacets.ViewsAndSecurity)) Views(p);
        var (added, removed) = Tables(p);
        if (p.Both(SchemaFacets.Indexes)) Indexes(p, added, removed);
        if (p.Both(SchemaFacets.Sequences)) Sequences(p, added, removed);
        if (p.Both(SchemaFacets.Constraints)) Constraints(p, added, removed);
        if (p.Both(SchemaFacets.ViewsAndSecurity)) RowLevelSecurity(p);
        return p.Finish();
    }

    private sealed class Planning
    {
        public Planning(ModuleSchema old, ModuleSchema @new)
        {
            Old = old;
            New = @new;
        }

        public ModuleSchema Old { get; }
        public ModuleSchema New { get; }
        public List<MigrationStep> Steps { get; } = new();
        public List<MigrationError> Errors { get; } = new();
        public List<string> Prechecks { get; } = new();
        public List<MigrationError> Scratch { get; } = new();

        public bool Both(SchemaFacets facet) => (Old.Facets & facet) != 0 && (New.Facets & facet) != 0;

        public void Step(MigrationStepKind kind, string? subject) => Steps.Add(new MigrationStep(kind, subject));

        public void EnsureDisconnect()
        {
            foreach (var s in Steps)
            {
                if (s.Kind == MigrationStepKind.DisconnectAllUsers) return;
            }

            Steps.Add(new MigrationStep(MigrationStepKind.DisconnectAllUsers, null));
        }

        public MigrationPlan Finish()
        {
            if (Errors.Count > 0)
            {
                Errors.Sort((a, b) =>
                {
                    var c = string.CompareOrdinal(a.Subject, b.Subject);
                    if (c == 0) c = a.Kind.CompareTo(b.Kind);
                    return c != 0 ? c : string.CompareOrdinal(a.Column, b.Column);
                });
                return new MigrationPlan { Outcome = MigrationOutcome.ManualMigration, Errors = Errors };
            }

            Steps.Sort((a, b) =>
            {
                var c = a.Kind.CompareTo(b.Kind);
                return c != 0 ? c : string.CompareOrdinal(a.Subject, b.Subject);
            });
            Prechecks.Sort(StringComparer.Ordinal);
            var risks = new List<MigrationExecutionRisk>();
            var disconnects = false;
            foreach (var s in Steps)
            {
                switch (s.Kind)
                {
                    case MigrationStepKind.DisconnectAllUsers:
                        disconnects = true;
                        break;
                    case MigrationStepKind.AddSchedule:
                        risks.Add(new MigrationExecutionRisk(s, true, "the engine does not implement adding a schedule to an existing table (\"Adding schedules is not yet implemented\")"));
                        break;
                    case MigrationStepKind.RemoveSchedule:
                        risks.Add(new MigrationExecutionRisk(s, true, "the engine does not implement removing a schedule from an existing table (\"Removing schedules is not yet implemented\")"));
                        break;
                    case MigrationStepKind.RemoveTable:
                        risks.Add(new MigrationExecutionRisk(s, false, $"the engine drops table '{s.Subject}' only when it has no rows; clear them first (e.g. from a reducer)"));
                        break;
                }
            }

            return new MigrationPlan
            {
                Outcome = disconnects ? MigrationOutcome.AutomaticDisconnectsClients : MigrationOutcome.Automatic,
                Steps = Steps,
                SequencePrechecks = Prechecks,
                ExecutionRisks = risks,
            };
        }
    }

    // ---- views -------------------------------------------------------------------------------------------------

    private static void Views(Planning p)
    {
        var oldViews = ByName(p.Old.Views, v => v.Name);
        var newViews = ByName(p.New.Views, v => v.Name);
        foreach (var o in oldViews.Values)
        {
            if (!newViews.TryGetValue(o.Name, out var n))
            {
                // Views keep no state of their own: removing one only disconnects clients.
                p.Step(MigrationStepKind.RemoveView, o.Name);
                p.EnsureDisconnect();
                continue;
            }

            if (o.IsPublic != n.IsPublic) p.Step(MigrationStepKind.ChangeAccess, o.Name);
            if (CompareView(p.Old, o, p.New, n) != ViewShapeChange.None)
            {
                p.Step(MigrationStepKind.AddView, o.Name);
                p.Step(MigrationStepKind.RemoveView, o.Name);
                p.EnsureDisconnect();
            }
            else
            {
                p.Step(MigrationStepKind.UpdateView, o.Name);
            }
        }

        foreach (var n in newViews.Values)
        {
            if (!oldViews.ContainsKey(n.Name)) p.Step(MigrationStepKind.AddView, n.Name);
        }
    }

    /// <summary>What, if anything, makes the planner re-create a view (and disconnect clients) rather than recompute it.</summary>
    internal static ViewShapeChange CompareView(ModuleSchema oldSchema, ViewSchema old, ModuleSchema newSchema, ViewSchema @new)
    {
        var p = new Planning(oldSchema, newSchema);
        if (!SameColumns(p, old.Name, ViewColumns(old.ReturnType, oldSchema.Typespace), ViewColumns(@new.ReturnType, newSchema.Typespace)))
            return ViewShapeChange.Columns;
        if (!SameColumns(p, old.Name, old.Parameters, @new.Parameters)) return ViewShapeChange.Parameters;
        if (old.IsAnonymous != @new.IsAnonymous) return ViewShapeChange.Anonymity;
        return old.PrimaryKeyColumns.SequenceEqual(@new.PrimaryKeyColumns, StringComparer.Ordinal) ? ViewShapeChange.None : ViewShapeChange.PrimaryKey;
    }

    /// <summary>Whether view columns (or parameters) match by name, position and upgradable type.</summary>
    private static bool SameColumns(Planning p, string view, IReadOnlyList<ColumnSchema> old, IReadOnlyList<ColumnSchema> @new)
    {
        var newByName = ColumnsByName(@new);
        foreach (var o in old)
        {
            if (!newByName.TryGetValue(ColumnName(o), out var n) || n.Position != o.Position) return false;
            p.Scratch.Clear();
            Upgrade(p, false, view, ColumnName(o), o.Type, n.Type, 0, p.Scratch);
            if (p.Scratch.Count > 0) return false;
        }

        var oldByName = ColumnsByName(old);
        foreach (var n in @new)
        {
            if (!oldByName.ContainsKey(ColumnName(n))) return false;
        }

        return true;
    }

    /// <summary>The row columns of a view: the product inside its <c>Option&lt;T&gt;</c> or <c>Vec&lt;T&gt;</c> return type.</summary>
    internal static IReadOnlyList<ColumnSchema> ViewColumns(AlgebraicType returnType, IReadOnlyList<AlgebraicType> typespace)
    {
        var t = TypeLayout.Resolve(returnType, typespace);
        if (t.Kind == AlgebraicTypeKind.Array) t = TypeLayout.Resolve(t.ElementType!, typespace);
        else if (t.Kind == AlgebraicTypeKind.Sum && t.Members.Count == 2 && t.Members[0].Name == "some" && t.Members[1].Name == "none")
            t = TypeLayout.Resolve(t.Members[0].Type, typespace);
        if (t.Kind != AlgebraicTypeKind.Product) return Array.Empty<ColumnSchema>();
        var cols = new ColumnSchema[t.Members.Count];
        for (var i = 0; i < cols.Length; i++) cols[i] = new ColumnSchema(i, t.Members[i].Name, t.Members[i].Type);
        return cols;
    }

    // ---- tables ------------------------------------------------------------------------------------------------

    private static (HashSet<string> Added, HashSet<string> Removed) Tables(Planning p)
    {
        var oldTables = ByName(p.Old.Tables, t => t.Name);
        var newTables = ByName(p.New.Tables, t => t.Name);
        var added = new HashSet<string>(StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in oldTables.Values)
        {
            if (newTables.ContainsKey(o.Name)) continue;
            removed.Add(o.Name);
            p.Step(MigrationStepKind.RemoveTable, o.Name);
            p.EnsureDisconnect();
        }

        foreach (var n in newTables.Values)
        {
            if (oldTables.ContainsKey(n.Name)) continue;
            added.Add(n.Name);
            p.Step(MigrationStepKind.AddTable, n.Name);
        }

        foreach (var o in oldTables.Values)
        {
            if (newTables.TryGetValue(o.Name, out var n)) Table(p, o, n);
        }

        return (added, removed);
    }

    private static void Table(Planning p, TableSchema o, TableSchema n)
    {
        var errorsBefore = p.Errors.Count;
        var name = o.Name;
        if (p.Both(SchemaFacets.Access) && o.Kind != n.Kind)
        {
            p.Errors.Add(new MigrationError(MigrationErrorKind.ChangeTableType, name, null,
                $"changing the table type of '{name}' from {o.Kind} to {n.Kind} requires a manual migration"));
        }

        var eventKnown = p.Both(SchemaFacets.EventFlag);
        if (eventKnown && o.IsEvent != n.IsEvent)
        {
            p.Errors.Add(new MigrationError(MigrationErrorKind.ChangeTableEventFlag, name, null,
                $"changing the event flag of '{name}' requires a manual migration"));
        }

        var isEvent = eventKnown && o.IsEvent;
        if (p.Both(SchemaFacets.Access) && o.Access != n.Access) p.Step(MigrationStepKind.ChangeAccess, name);
        if (p.Both(SchemaFacets.PrimaryKeys) && !o.PrimaryKey.SequenceEqual(n.PrimaryKey)) p.Step(MigrationStepKind.ChangePrimaryKey, name);
        if (p.Both(SchemaFacets.Schedules))
        {
            var os = ScheduleKey(o, p.Old);
            var ns = ScheduleKey(n, p.New);
            if (!SameSchedule(o.Schedule, os, n.Schedule, ns))
            {
                if (o.Schedule is not null) p.Step(MigrationStepKind.RemoveSchedule, os);
                if (n.Schedule is not null) p.Step(MigrationStepKind.AddSchedule, ns);
            }
        }

        bool rowTypeChanged = false, columnsAdded = false, eventSchemaChanged = false;
        var newByName = ColumnsByName(n.Columns);
        var oldByName = ColumnsByName(o.Columns);
        foreach (var oc in o.Columns)
        {
            var colName = ColumnName(oc);
            if (!newByName.TryGetValue(colName, out var nc))
            {
                if (isEvent) eventSchemaChanged = true; // event tables keep no rows: only the clients notice
                else p.Errors.Add(new MigrationError(MigrationErrorKind.RemoveColumn, name, colName,
                    $"removing column '{colName}' from '{name}' requires a manual migration"));
                continue;
            }

            bool typesChanged;
            if (isEvent)
            {
                p.Scratch.Clear();
                typesChanged = Upgrade(p, false, name, colName, oc.Type, nc.Type, 0, p.Scratch) || p.Scratch.Count > 0;
            }
            else
            {
                typesChanged = Upgrade(p, false, name, colName, oc.Type, nc.Type, 0, p.Errors);
            }

            if (oc.Position != nc.Position)
            {
                if (isEvent) eventSchemaChanged = true;
                else p.Errors.Add(new MigrationError(MigrationErrorKind.ReorderTable, name, null, $"reordering table '{name}' requires a manual migration"));
            }

            if (isEvent) eventSchemaChanged |= typesChanged;
            else rowTypeChanged |= typesChanged;
        }

        foreach (var nc in n.Columns)
        {
            var colName = ColumnName(nc);
            if (oldByName.ContainsKey(colName)) continue;
            if (isEvent) eventSchemaChanged = true;
            else if (p.Both(SchemaFacets.DefaultValues) && n.DefaultValues.ContainsKey(nc.Position)) columnsAdded = true;
            else p.Errors.Add(new MigrationError(MigrationErrorKind.AddColumn, name, colName,
                $"adding column '{colName}' to '{name}' requires a default value annotation"));
        }

        if (p.Errors.Count > errorsBefore) return;
        if (eventSchemaChanged)
        {
            p.EnsureDisconnect();
            p.Step(MigrationStepKind.ReschemaEventTable, name);
        }
        else if (columnsAdded)
        {
            p.EnsureDisconnect(); // the table is rewritten: a ChangeColumns step would be moot
            p.Step(MigrationStepKind.AddColumns, name);
        }
        else if (rowTypeChanged)
        {
            p.Step(MigrationStepKind.ChangeColumns, name);
        }
    }

    /// <summary>
    /// Whether a value of the old type can be read as the new type in place. Sums may gain variants at the end while
    /// their row layout (size and alignment) stays; products keep their field count; names must match; every other
    /// type must stay equal. Records every violation in <paramref name="errors"/>; returns whether anything changed.
    /// </summary>
    private static bool Upgrade(Planning p, bool within, string container, string column, AlgebraicType oldType, AlgebraicType newType,
        int depth, List<MigrationError> errors)
    {
        if (depth > MaxTypeDepth) return false;
        var o = TypeLayout.Resolve(oldType, p.Old.Typespace);
        var n = TypeLayout.Resolve(newType, p.New.Typespace);
        if (o.Kind == AlgebraicTypeKind.Sum && n.Kind == AlgebraicTypeKind.Sum)
        {
            var changed = false;
            if (o.Members.Count < n.Members.Count) changed = true;
            else if (o.Members.Count > n.Members.Count)
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeFewerVariants : MigrationErrorKind.ChangeColumnTypeFewerVariants, container, column, o, n, "with fewer variants"));
            var common = Math.Min(o.Members.Count, n.Members.Count);
            for (var i = 0; i < common; i++)
            {
                changed |= Upgrade(p, true, container, column, o.Members[i].Type, n.Members[i].Type, depth + 1, errors);
                if (!string.Equals(o.Members[i].Name, n.Members[i].Name, StringComparison.Ordinal))
                    errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeRenamedVariant : MigrationErrorKind.ChangeColumnTypeRenamedVariant, container, column, o, n, "with a renamed variant"));
            }

            var ol = TypeLayout.Of(o, p.Old.Typespace);
            var nl = TypeLayout.Of(n, p.New.Typespace);
            if (ol.Size != nl.Size)
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeSizeMismatch : MigrationErrorKind.ChangeColumnTypeSizeMismatch, container, column, o, n, $"due to size mismatch ({ol.Size} → {nl.Size} bytes)"));
            if (ol.Align != nl.Align)
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeAlignMismatch : MigrationErrorKind.ChangeColumnTypeAlignMismatch, container, column, o, n, $"due to alignment mismatch ({ol.Align} → {nl.Align})"));
            return changed;
        }

        if (o.Kind == AlgebraicTypeKind.Product && n.Kind == AlgebraicTypeKind.Product)
        {
            var changed = false;
            if (o.Members.Count != n.Members.Count)
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeFewerFields : MigrationErrorKind.ChangeColumnTypeFewerFields, container, column, o, n, "with fewer fields"));
            var common = Math.Min(o.Members.Count, n.Members.Count);
            for (var i = 0; i < common; i++)
            {
                changed |= Upgrade(p, true, container, column, o.Members[i].Type, n.Members[i].Type, depth + 1, errors);
                if (!string.Equals(o.Members[i].Name, n.Members[i].Name, StringComparison.Ordinal))
                    errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeRenamedField : MigrationErrorKind.ChangeColumnTypeRenamedField, container, column, o, n, "with a renamed field"));
            }

            return changed;
        }

        if (o.Kind == AlgebraicTypeKind.Array && n.Kind == AlgebraicTypeKind.Array)
            return Upgrade(p, true, container, column, o.ElementType!, n.ElementType!, depth + 1, errors);

        if (o.Kind == n.Kind && o.Kind != AlgebraicTypeKind.Ref) return false; // primitives: no change is good change
        if (o.Kind == AlgebraicTypeKind.Ref && n.Kind == AlgebraicTypeKind.Ref && o.RefIndex == n.RefIndex) return false;
        errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnType : MigrationErrorKind.ChangeColumnType, container, column, o, n, null));
        return false;
    }

    private static MigrationError TypeError(MigrationErrorKind kind, string container, string column, AlgebraicType o, AlgebraicType n, string? detail) =>
        new(kind, container, column,
            $"changing {(kind.ToString().StartsWith("ChangeWithin", StringComparison.Ordinal) ? "a type within" : "the type of")} column '{column}' in '{container}' from {TypeComparer.Short(o)} to {TypeComparer.Short(n)}"
            + (detail is null ? string.Empty : ", " + detail) + ", requires a manual migration");

    // ---- indexes, sequences, constraints -----------------------------------------------------------------------

    private static void Indexes(Planning p, HashSet<string> addedTables, HashSet<string> removedTables)
    {
        var oldIndexes = SubObjects(p.Old, t => t.Indexes, (t, i) => IndexName(p.Old, t, i));
        var newIndexes = SubObjects(p.New, t => t.Indexes, (t, i) => IndexName(p.New, t, i));
        foreach (var pair in oldIndexes)
        {
            if (!newIndexes.ContainsKey(pair.Key) && !removedTables.Contains(pair.Value.Table)) p.Step(MigrationStepKind.RemoveIndex, pair.Key);
        }

        foreach (var pair in newIndexes)
        {
            if (!oldIndexes.TryGetValue(pair.Key, out var old))
            {
                if (!addedTables.Contains(pair.Value.Table)) p.Step(MigrationStepKind.AddIndex, pair.Key);
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
            if (!newSeqs.ContainsKey(pair.Key) && !removedTables.Contains(pair.Value.Table)) p.Step(MigrationStepKind.RemoveSequence, pair.Key);
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
                if (!addedTables.Contains(pair.Value.Table)) p.Step(MigrationStepKind.AddConstraint, pair.Key);
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
            if (!newCons.ContainsKey(pair.Key) && !removedTables.Contains(pair.Value.Table)) p.Step(MigrationStepKind.RemoveConstraint, pair.Key);
        }
    }

    private static void RowLevelSecurity(Planning p)
    {
        // Filters may name any table or column: all old ones are dropped and all new ones added.
        foreach (var sql in p.Old.RowLevelSecurity) p.Step(MigrationStepKind.RemoveRowLevelSecurity, sql);
        foreach (var sql in p.New.RowLevelSecurity) p.Step(MigrationStepKind.AddRowLevelSecurity, sql);
        var oldSet = new HashSet<string>(p.Old.RowLevelSecurity, StringComparer.Ordinal);
        if (!oldSet.SetEquals(p.New.RowLevelSecurity)) p.EnsureDisconnect(); // flushes every client's cache
    }

    // ---- names -------------------------------------------------------------------------------------------------

    /// <summary>The index name the server keys it by: the given name in V9, else <c>{table}_{columns}_idx_{algorithm}</c>.</summary>
    internal static string IndexName(ModuleSchema schema, TableSchema table, IndexSchema index)
    {
        if (schema.Source != SchemaSource.ModuleDefV10 && index.Name is not null) return index.Name;
        return table.Name + "_" + ColumnNames(table, index.Columns) + "_idx_" + index.AlgorithmName.ToLowerInvariant();
    }

    /// <summary>The constraint name the server keys it by: the given name in V9, else <c>{table}_{columns}_key</c> (always in V10).</summary>
    internal static string ConstraintName(ModuleSchema schema, TableSchema table, ConstraintSchema constraint)
    {
        if (schema.Source != SchemaSource.ModuleDefV10 && constraint.Name is not null) return constraint.Name;
        return table.Name + "_" + ColumnNames(table, constraint.Columns) + "_key";
    }

    private static string? ScheduleKey(TableSchema table, ModuleSchema schema) =>
        table.Schedule is null ? null
        : schema.Source != SchemaSource.ModuleDefV10 && table.Schedule.Name is not null ? table.Schedule.Name : table.Name + "_sched";

    private static bool SameSchedule(ScheduleSchema? o, string? oKey, ScheduleSchema? n, string? nKey)
    {
        if (o is null || n is null) return o is null && n is null;
        return string.Equals(oKey, nKey, StringComparison.Ordinal) && string.Equals(o.FunctionName, n.FunctionName, StringComparison.Ordinal)
            && o.Column == n.Column;
    }

    private static string ColumnNames(TableSchema table, IReadOnlyList<int> columns)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) sb.Append('_');
            sb.Append(ColumnName(table, columns[i]));
        }

        return sb.ToString();
    }

    private static string ColumnName(TableSchema table, int position) =>
        position < table.Columns.Count ? ColumnName(table.Columns[position]) : "col_" + position.ToString(CultureInfo.InvariantCulture);

    private static string ColumnName(ColumnSchema column) => column.Name ?? "col_" + column.Position.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, ColumnSchema> ColumnsByName(IReadOnlyList<ColumnSchema> columns)
    {
        var d = new Dictionary<string, ColumnSchema>(columns.Count, StringComparer.Ordinal);
        foreach (var c in columns) d[ColumnName(c)] = c;
        return d;
    }

    private static Dictionary<string, T> ByName<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var d = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items) d[name(item)] = item;
        return d;
    }

    private static Dictionary<string, (string Table, T Item)> SubObjects<T>(ModuleSchema schema, Func<TableSchema, IReadOnlyList<T>> items,
        Func<TableSchema, T, string> name)
    {
        var d = new Dictionary<string, (string, T)>(StringComparer.Ordinal);
        foreach (var t in schema.Tables)
        {
            foreach (var item in items(t)) d[name(t, item)] = (t.Name, item);
        }

        return d;
    }
}

/// <summary>Why a view must be re-created.</summary>
internal enum ViewShapeChange
{
    None = 0,
    Columns,
    Parameters,
    Anonymity,
    PrimaryKey,
}
