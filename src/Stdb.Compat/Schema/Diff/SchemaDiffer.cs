using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Naming;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Diff;

/// <summary>
/// Diffs an expected schema (bindings) against a live one by SpacetimeDB's own rules: tables and reducers by
/// canonical name, columns and parameters by position (names mapped through the expected side's wire-name policy),
/// types structurally. The result is sorted by path, so it does not depend on list order.
/// </summary>
internal static class SchemaDiffer
{
    public static IReadOnlyList<SchemaChange> Diff(ModuleSchema expected, ModuleSchema live, SchemaAppUsage? usage = null)
    {
        if (expected is null) throw new ArgumentNullException(nameof(expected));
        if (live is null) throw new ArgumentNullException(nameof(live));
        usage ??= SchemaAppUsage.All;
        var ctx = new Context(expected, live, usage);
        DiffTables(ctx);
        DiffReducers(ctx);
        if (ctx.Both(SchemaFacets.ViewsAndSecurity)) DiffViewsAndSecurity(ctx);
        ctx.Changes.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Path, b.Path);
            return c != 0 ? c : a.Kind.CompareTo(b.Kind);
        });
        return ctx.Changes;
    }

    private sealed class Context
    {
        public Context(ModuleSchema expected, ModuleSchema live, SchemaAppUsage usage)
        {
            Expected = expected;
            Live = live;
            Usage = usage;
            Types = new TypeComparer(expected, live);
        }

        public ModuleSchema Expected { get; }
        public ModuleSchema Live { get; }
        public SchemaAppUsage Usage { get; }
        public TypeComparer Types { get; }
        public List<SchemaChange> Changes { get; } = new();

        public bool Both(SchemaFacets facet) => (Expected.Facets & facet) != 0 && (Live.Facets & facet) != 0;

        public void Add(SchemaChangeKind kind, ChangeCriticality criticality, string path, string? subject, bool affects,
            SdkRuntimeEffect effect, MigrationOutcome migration, string reason, string? expected = null, string? live = null,
            MigrationExecution execution = MigrationExecution.Succeeds) =>
            Changes.Add(new SchemaChange
            {
                Kind = kind,
                Criticality = criticality,
                Path = path,
                Subject = subject,
                AffectsApp = affects,
                RuntimeEffect = effect,
                Migration = migration,
                Reason = reason,
                Expected = expected,
                Live = live,
                Execution = execution,
            });
    }

    private static Dictionary<string, T> ByName<T>(IEnumerable<T> items, Func<T, string> name)
    {
        var d = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items) d[name(item)] = item; // duplicates: last wins (the server rejects duplicates)
        return d;
    }

    private static void DiffTables(Context ctx)
    {
        var expected = ByName(ctx.Expected.Tables, t => t.Name);
        var live = ByName(ctx.Live.Tables, t => t.Name);
        var liveViews = ByName(ctx.Live.Views, v => v.Name);
        foreach (var e in expected.Values)
        {
            var path = "tables/" + e.Name;
            var affects = ctx.Usage.UsesTable(e.Name, e.IsEvent);
            if (!live.TryGetValue(e.Name, out var l))
            {
                if (liveViews.ContainsKey(e.Name))
                {
                    continue; // Served as a view: bindings list views as tables (handles shaped like tables), not a removal.
                }

                ctx.Add(SchemaChangeKind.RemoveTable, ChangeCriticality.Breaking, path, e.Name, affects,
                    SdkRuntimeEffect.SubscriptionRejected, MigrationOutcome.AutomaticDisconnectsClients,
                    $"table '{e.Name}' no longer exists; subscriptions naming it are rejected and its rows never arrive. "
                    + "The planner accepts the removal, but the engine drops a table only when it has no rows",
                    execution: MigrationExecution.FailsWhenTableHasRows);
                continue;
            }

            DiffTable(ctx, e, l, path, affects);
        }

        foreach (var l in live.Values)
        {
            if (expected.ContainsKey(l.Name)) continue;
            ctx.Add(SchemaChangeKind.AddTable, ChangeCriticality.NonBreaking, "tables/" + l.Name, l.Name, false,
                SdkRuntimeEffect.UnknownTableSkipped, MigrationOutcome.Automatic,
                $"new table '{l.Name}' is unknown to the bindings; the SDK logs and skips its updates");
        }
    }

    private static void DiffTable(Context ctx, TableSchema e, TableSchema l, string path, bool affects)
    {
        var name = e.Name;
        var isEvent = e.IsEvent || (ctx.Both(SchemaFacets.EventFlag) && l.IsEvent);
        if (ctx.Both(SchemaFacets.EventFlag) && e.IsEvent != l.IsEvent)
        {
            ctx.Add(SchemaChangeKind.ChangeTableEventFlag, ChangeCriticality.Breaking, path + "/is_event", name, affects,
                SdkRuntimeEffect.EventDeliveryChanged, MigrationOutcome.ManualMigration,
                l.IsEvent
                    ? $"'{name}' became an event table: its rows are no longer kept, the bindings' row cache stays empty"
                    : $"'{name}' is no longer an event table: the bindings' event handle does not see it as persistent rows",
                e.IsEvent ? "event" : "table", l.IsEvent ? "event" : "table");
        }

        if (ctx.Both(SchemaFacets.Access))
        {
            if (e.Kind != l.Kind)
            {
                ctx.Add(SchemaChangeKind.ChangeTableType, ChangeCriticality.Breaking, path + "/table_type", name, affects,
                    SdkRuntimeEffect.SubscriptionRejected, MigrationOutcome.ManualMigration,
                    $"'{name}' changed from a {e.Kind} to a {l.Kind} table", e.Kind.ToString(), l.Kind.ToString());
            }

            if (e.Access != l.Access)
            {
                var toPrivate = l.Access == TableAccess.Private;
                ctx.Add(SchemaChangeKind.ChangeAccess, toPrivate ? ChangeCriticality.Breaking : ChangeCriticality.NonBreaking,
                    path + "/table_access", name, affects,
                    toPrivate ? SdkRuntimeEffect.RowsNoLongerDelivered : SdkRuntimeEffect.None,
                    MigrationOutcome.Automatic, // the planner's cheap ChangeAccess step: no disconnect
                    toPrivate ? $"'{name}' became private; clients can no longer subscribe to it" : $"'{name}' became public",
                    e.Access.ToString(), l.Access.ToString());
            }
        }

        if (e.AccessorName is not null && l.AccessorName is not null && e.AccessorName != l.AccessorName
            && ctx.Expected.Source != SchemaSource.Manifest)
        {
            ctx.Add(SchemaChangeKind.ChangeTableAccessorName, ChangeCriticality.NonBreaking, path + "/accessor_name", name, affects,
                SdkRuntimeEffect.None, MigrationOutcome.Automatic,
                "accessor renamed, canonical name unchanged: the wire is unaffected", e.AccessorName, l.AccessorName);
        }

        DiffColumns(ctx, e, l, path, affects, isEvent);

        if (ctx.Both(SchemaFacets.PrimaryKeys) && !SameInts(e.PrimaryKey, l.PrimaryKey))
        {
            var removed = l.PrimaryKey.Count == 0;
            ctx.Add(SchemaChangeKind.ChangePrimaryKey, ChangeCriticality.Dangerous, path + "/primary_key", name, affects,
                SdkRuntimeEffect.UpdatesBecomeDeleteInsert, MigrationOutcome.Automatic,
                removed
                    ? $"'{name}' lost its primary key: updates arrive as a delete plus an insert and the bindings' unique lookups by key go stale"
                    : $"'{name}' changed its primary key: the client cache matches updates by a different key than the bindings",
                Cols(e.PrimaryKey), Cols(l.PrimaryKey));
        }

        if (ctx.Both(SchemaFacets.Indexes)) DiffIndexes(ctx, e, l, path, affects);
        if (ctx.Both(SchemaFacets.Constraints)) DiffConstraints(ctx, e, l, path, affects);
        if (ctx.Both(SchemaFacets.Sequences)) DiffSequences(ctx, e, l, path, affects);
        if (ctx.Both(SchemaFacets.Schedules)) DiffSchedule(ctx, e, l, path, affects);
    }

    private static void DiffColumns(Context ctx, TableSchema e, TableSchema l, string path, bool affects, bool isEvent)
    {
        var name = e.Name;
        var ec = e.Columns;
        var lc = l.Columns;

        // Same column names, another order: ReorderTable (BSATN is positional, so rows no longer decode).
        if (ec.Count == lc.Count && ec.Count > 1 && NamesDifferInPlace(ctx, ec, lc))
        {
            var mapped = ec.Select(c => MapColumnName(ctx, c.Name!)).ToList();
            var liveNames = lc.Select(c => c.Name!).ToList();
            if (!mapped.SequenceEqual(liveNames, StringComparer.Ordinal)
                && mapped.OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(liveNames.OrderBy(x => x, StringComparer.Ordinal), StringComparer.Ordinal))
            {
                Column(ctx, isEvent, SchemaChangeKind.ReorderTable, path + "/columns", name, affects,
                    $"columns of '{name}' were reordered; rows are positional (BSATN) and no longer decode with the compiled row type",
                    string.Join(", ", mapped), string.Join(", ", liveNames));
                return;
            }
        }

        var common = Math.Min(ec.Count, lc.Count);
        for (var i = 0; i < common; i++)
        {
            var cmp = ctx.Types.Compare(ec[i].Type, lc[i].Type);
            var renamed = ec[i].Name is not null && lc[i].Name is not null && !ctx.Types.ElementNameMatches(ec[i].Name, lc[i].Name);
            if (cmp.Match == TypeMatch.Same && !renamed) continue; // the common case allocates nothing
            var cp = path + "/columns/" + i.ToString(CultureInfo.InvariantCulture);
            var label = $"column {i} '{lc[i].Name ?? ec[i].Name}' of '{name}'";
            if (isEvent && cmp.Match != TypeMatch.Same)
            {
                // Event tables keep no rows: any type change re-schemas the table (and disconnects clients).
                Column(ctx, true, SchemaChangeKind.ChangeColumnType, cp, name, affects, $"{label}: {cmp.Detail}",
                    TypeComparer.Short(ec[i].Type), TypeComparer.Short(lc[i].Type));
                cmp = TypeComparison.Same;
            }

            switch (cmp.Match)
            {
                case TypeMatch.Incompatible:
                    Column(ctx, isEvent, SchemaChangeKind.ChangeColumnType, cp, name, affects,
                        $"{label} changed type ({cmp.Detail}); rows no longer decode", TypeComparer.Short(ec[i].Type), TypeComparer.Short(lc[i].Type));
                    continue;
                case TypeMatch.VariantsAppended:
                case TypeMatch.VariantsAppendedLayoutChanged:
                    // The planner appends variants in place only while every changed sum keeps its size and alignment.
                    ctx.Add(cmp.Refused ? SchemaChangeKind.ChangeColumnType : SchemaChangeKind.ChangeColumns, ChangeCriticality.Dangerous, cp, name, affects,
                        SdkRuntimeEffect.NewVariantDecodeFailure, cmp.Refused ? MigrationOutcome.ManualMigration : MigrationOutcome.Automatic,
                        $"{label}: {cmp.Detail}; rows decode until one carries a new variant"
                        + (cmp.Refused ? "; the planner refuses this type change (a manual migration is needed)" : string.Empty),
                        TypeComparer.Short(ec[i].Type), TypeComparer.Short(lc[i].Type));
                    break;
                case TypeMatch.Renamed:
                    ctx.Add(SchemaChangeKind.ChangeColumnType, ChangeCriticality.Dangerous, cp, name, affects,
                        SdkRuntimeEffect.None, MigrationOutcome.ManualMigration,
                        $"{label}: {cmp.Detail}; the layout is unchanged so rows still decode, but the planner treats this as a type change",
                        TypeComparer.Short(ec[i].Type), TypeComparer.Short(lc[i].Type));
                    break;
            }

            if (renamed)
            {
                if (isEvent)
                {
                    // Columns are matched by name: a rename is a removal plus an addition, which re-schemas an event table.
                    Column(ctx, true, SchemaChangeKind.ChangeColumnAccessorName, cp + "/name", name, affects,
                        $"column {i} of '{name}' was renamed", MapColumnName(ctx, ec[i].Name!), lc[i].Name);
                    continue;
                }

                ctx.Add(SchemaChangeKind.ChangeColumnAccessorName, ChangeCriticality.Dangerous, cp + "/name", name, affects,
                    SdkRuntimeEffect.SubscriptionBehaviourChanges, MigrationOutcome.ManualMigration,
                    $"column {i} of '{name}' was renamed in place; rows still decode (BSATN is positional) but SQL that names the old column fails",
                    MapColumnName(ctx, ec[i].Name!), lc[i].Name);
            }
        }

        if (lc.Count > ec.Count)
        {
            var added = lc.Skip(ec.Count).Select(c => c.Name ?? "_").ToList();
            var withDefaults = (ctx.Live.Facets & SchemaFacets.DefaultValues) != 0
                && Enumerable.Range(ec.Count, lc.Count - ec.Count).All(l.DefaultValues.ContainsKey);
            Column(ctx, isEvent, SchemaChangeKind.AddColumns, path + "/columns/" + ec.Count.ToString(CultureInfo.InvariantCulture), name, affects,
                $"{added.Count} column(s) appended to '{name}' ({string.Join(", ", added)}); rows carry fields the compiled row type does not read",
                null, string.Join(", ", added),
                withDefaults ? MigrationOutcome.AutomaticDisconnectsClients : MigrationOutcome.ManualMigration);
        }
        else if (lc.Count < ec.Count)
        {
            var removed = ec.Skip(lc.Count).Select(c => c.Name ?? "_").ToList();
            Column(ctx, isEvent, SchemaChangeKind.RemoveColumn, path + "/columns/" + lc.Count.ToString(CultureInfo.InvariantCulture), name, affects,
                $"{removed.Count} column(s) missing from '{name}' ({string.Join(", ", removed)}); rows are shorter than the compiled row type",
                string.Join(", ", removed), null);
        }
    }

    // A column-layout change: breaking; for event tables SpacetimeDB reschemas automatically and disconnects everyone.
    private static void Column(Context ctx, bool isEvent, SchemaChangeKind kind, string path, string table, bool affects, string reason,
        string? expected, string? live, MigrationOutcome migration = MigrationOutcome.ManualMigration)
    {
        if (isEvent)
        {
            ctx.Add(SchemaChangeKind.ReschemaEventTable, ChangeCriticality.Breaking, path, table, affects,
                SdkRuntimeEffect.RowDecodeFailureDisconnects, MigrationOutcome.AutomaticDisconnectsClients,
                $"event table '{table}' changed shape ({kind}): " + reason, expected, live);
            return;
        }

        ctx.Add(kind, ChangeCriticality.Breaking, path, table, affects, SdkRuntimeEffect.RowDecodeFailureDisconnects, migration, reason, expected, live);
    }

    // Whether every column is named on both sides and some position holds another name (checked without allocating).
    private static bool NamesDifferInPlace(Context ctx, IReadOnlyList<ColumnSchema> ec, IReadOnlyList<ColumnSchema> lc)
    {
        var differ = false;
        for (var i = 0; i < ec.Count; i++)
        {
            if (ec[i].Name is null || lc[i].Name is null) return false;
            if (!differ && !ctx.Types.ElementNameMatches(ec[i].Name, lc[i].Name)) differ = true;
        }

        return differ;
    }

    private static bool SameInts(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i]) return false;
        }

        return true;
    }

    private static string MapColumnName(Context ctx, string name) =>
        ctx.Expected.Source == SchemaSource.Manifest && ctx.Expected.NamePolicy == WireNamePolicy.SnakeCase ? WireNames.ToSnakeCase(name) : name;

    private static string Cols(IReadOnlyList<int> cols) => "[" + string.Join(", ", cols) + "]";

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

            if (same) return; // the common case allocates nothing
        }

        static string Key(IndexSchema i) => i.AlgorithmName + Cols(i.Columns);
        var live = new Dictionary<string, IndexSchema>(StringComparer.Ordinal);
        foreach (var i in l.Indexes) live[Key(i)] = i;
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
            if (expected.Contains(pair.Key)) continue;
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

            if (same) return; // the common case allocates nothing
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
            foreach (var c in l.Constraints) liveByName[MigrationPlanner.ConstraintName(ctx.Live, l, c)] = c;
        }

        var renamedTo = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in e.Constraints)
        {
            if (live.Contains(Key(r))) continue;
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
            if (expected.Contains(Key(a)) || renamedTo.Contains(Key(a))) continue;
            ctx.Add(SchemaChangeKind.AddConstraint, ChangeCriticality.NonBreaking, path + "/constraints/" + Key(a), e.Name, false,
                SdkRuntimeEffect.None, MigrationOutcome.Automatic,
                $"constraint {Key(a)} added to '{e.Name}' (the engine refuses it if existing rows hold duplicates)", null, Key(a));
        }
    }

    private static void DiffSequences(Context ctx, TableSchema e, TableSchema l, string path, bool affects)
    {
        if (e.Sequences.Count == 0 && l.Sequences.Count == 0) return;

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

    private static void DiffReducers(Context ctx)
    {
        var expected = ByName(ctx.Expected.Reducers, r => r.Name);
        var live = ByName(ctx.Live.Reducers, r => r.Name);
        foreach (var e in expected.Values)
        {
            var path = "reducers/" + e.Name;
            var affects = ctx.Usage.UsesReducer(e.Name);
            if (!live.TryGetValue(e.Name, out var l))
            {
                ctx.Add(SchemaChangeKind.RemoveReducer, ChangeCriticality.Breaking, path, e.Name, affects,
                    SdkRuntimeEffect.ReducerCallRejected, MigrationOutcome.Automatic,
                    $"reducer '{e.Name}' no longer exists; calls to it fail");
                continue;
            }

            DiffParams(ctx, e, l, path, affects);
            if (ctx.Both(SchemaFacets.ReducerKinds))
            {
                if (e.Lifecycle != l.Lifecycle)
                {
                    ctx.Add(SchemaChangeKind.ChangeReducerLifecycle, ChangeCriticality.Dangerous, path + "/lifecycle", e.Name, affects,
                        SdkRuntimeEffect.None, MigrationOutcome.Automatic,
                        $"reducer '{e.Name}' changed lifecycle role from {e.Lifecycle} to {l.Lifecycle}", e.Lifecycle.ToString(), l.Lifecycle.ToString());
                }

                if (e.Visibility != l.Visibility)
                {
                    var toPrivate = l.Visibility == ReducerVisibility.Private;
                    ctx.Add(SchemaChangeKind.ChangeReducerVisibility, toPrivate ? ChangeCriticality.Breaking : ChangeCriticality.NonBreaking,
                        path + "/visibility", e.Name, affects, toPrivate ? SdkRuntimeEffect.ReducerCallRejected : SdkRuntimeEffect.None,
                        MigrationOutcome.Automatic,
                        toPrivate ? $"reducer '{e.Name}' became private; client calls are rejected" : $"reducer '{e.Name}' became client-callable",
                        e.Visibility.ToString(), l.Visibility.ToString());
                }
            }
        }

        foreach (var l in live.Values.Where(r => !expected.ContainsKey(r.Name)))
        {
            ctx.Add(SchemaChangeKind.AddReducer, ChangeCriticality.NonBreaking, "reducers/" + l.Name, l.Name, false,
                SdkRuntimeEffect.None, MigrationOutcome.Automatic, $"new reducer '{l.Name}' is unknown to the bindings");
        }
    }

    private static void DiffParams(Context ctx, ReducerSchema e, ReducerSchema l, string path, bool affects)
    {
        if (e.Parameters.Count != l.Parameters.Count)
        {
            ctx.Add(SchemaChangeKind.ChangeReducerParams, ChangeCriticality.Breaking, path + "/params", e.Name, affects,
                SdkRuntimeEffect.ReducerCallRejected, MigrationOutcome.Automatic,
                $"reducer '{e.Name}' takes {l.Parameters.Count} parameter(s), the bindings send {e.Parameters.Count}; calls fail to decode on the server",
                string.Join(", ", e.Parameters.Select(p => p.Name)), string.Join(", ", l.Parameters.Select(p => p.Name)));
            return;
        }

        for (var i = 0; i < e.Parameters.Count; i++)
        {
            var cmp = ctx.Types.Compare(e.Parameters[i].Type, l.Parameters[i].Type);
            if (cmp.Match == TypeMatch.Same && string.Equals(e.Parameters[i].Name, l.Parameters[i].Name, StringComparison.Ordinal)) continue;
            var pp = path + "/params/" + i.ToString(CultureInfo.InvariantCulture);
            if (cmp.Match == TypeMatch.Incompatible)
            {
                ctx.Add(SchemaChangeKind.ChangeReducerParams, ChangeCriticality.Breaking, pp, e.Name, affects,
                    SdkRuntimeEffect.ReducerCallRejected, MigrationOutcome.Automatic,
                    $"parameter {i} of reducer '{e.Name}' changed type ({cmp.Detail}); calls fail to decode on the server",
                    TypeComparer.Short(e.Parameters[i].Type), TypeComparer.Short(l.Parameters[i].Type));
            }
            else if (cmp.Match != TypeMatch.Same || !string.Equals(e.Parameters[i].Name, l.Parameters[i].Name, StringComparison.Ordinal))
            {
                ctx.Add(SchemaChangeKind.ChangeReducerParams, ChangeCriticality.NonBreaking, pp, e.Name, affects,
                    SdkRuntimeEffect.None, MigrationOutcome.Automatic,
                    cmp.Match == TypeMatch.Same
                        ? $"parameter {i} of reducer '{e.Name}' was renamed; arguments are positional, calls still work"
                        : $"parameter {i} of reducer '{e.Name}': {cmp.Detail}; values the bindings send still decode",
                    e.Parameters[i].Name, l.Parameters[i].Name);
            }
        }
    }

    private static void DiffView(Context ctx, ViewSchema e, ViewSchema l, string path, bool affects)
    {
        if (e.IsPublic != l.IsPublic)
        {
            ctx.Add(SchemaChangeKind.ChangeAccess, l.IsPublic ? ChangeCriticality.NonBreaking : ChangeCriticality.Breaking, path + "/is_public", e.Name, affects,
                l.IsPublic ? SdkRuntimeEffect.None : SdkRuntimeEffect.RowsNoLongerDelivered, MigrationOutcome.Automatic,
                l.IsPublic ? $"view '{e.Name}' became public" : $"view '{e.Name}' became private; clients can no longer subscribe to it",
                e.IsPublic ? "public" : "private", l.IsPublic ? "public" : "private");
        }

        // The planner compares row columns and parameters by name, position and upgradable type; then anonymity and
        // primary key. Anything else (e.g. Option<T> -> Vec<T>) only recomputes the view.
        var shape = MigrationPlanner.CompareView(ctx.Expected, e, ctx.Live, l);
        if (shape == ViewShapeChange.None)
        {
            var cmp = ctx.Types.Compare(e.ReturnType, l.ReturnType);
            if (cmp.Match != TypeMatch.Same)
            {
                ctx.Add(SchemaChangeKind.UpdateView, ChangeCriticality.NonBreaking, path + "/return_type", e.Name, affects, SdkRuntimeEffect.None,
                    MigrationOutcome.Automatic, $"view '{e.Name}' changed its return kind ({cmp.Detail}); its rows keep their columns",
                    TypeComparer.Short(e.ReturnType), TypeComparer.Short(l.ReturnType));
            }

            return;
        }

        var decode = shape == ViewShapeChange.Columns;
        ctx.Add(SchemaChangeKind.ChangeView, decode ? ChangeCriticality.Breaking : ChangeCriticality.Dangerous, path, e.Name, affects,
            decode ? SdkRuntimeEffect.RowDecodeFailureDisconnects : SdkRuntimeEffect.SubscriptionBehaviourChanges, MigrationOutcome.AutomaticDisconnectsClients,
            shape switch
            {
                ViewShapeChange.Columns => $"view '{e.Name}' changed its row columns; old clients cannot decode its rows",
                ViewShapeChange.Parameters => $"view '{e.Name}' changed its parameters",
                ViewShapeChange.Anonymity => $"view '{e.Name}' changed between anonymous and per-caller",
                _ => $"view '{e.Name}' changed its primary key; the client cache matches its rows by another key",
            } + "; the planner re-creates it and disconnects every client",
            TypeComparer.Short(e.ReturnType), TypeComparer.Short(l.ReturnType));
    }

    private static void DiffViewsAndSecurity(Context ctx)
    {
        var expected = ByName(ctx.Expected.Views, v => v.Name);
        var live = ByName(ctx.Live.Views, v => v.Name);
        foreach (var e in expected.Values)
        {
            var path = "views/" + e.Name;
            var affects = ctx.Usage.UsesTable(e.Name, false);
            if (!live.TryGetValue(e.Name, out var l))
            {
                ctx.Add(SchemaChangeKind.RemoveView, ChangeCriticality.Breaking, path, e.Name, affects, SdkRuntimeEffect.SubscriptionRejected,
                    MigrationOutcome.AutomaticDisconnectsClients, $"view '{e.Name}' was removed");
                continue;
            }

            DiffView(ctx, e, l, path, affects);
        }

        var expectedTables = ByName(ctx.Expected.Tables, t => t.Name);
        foreach (var l in live.Values.Where(v => !expected.ContainsKey(v.Name) && !expectedTables.ContainsKey(v.Name)))
        {
            ctx.Add(SchemaChangeKind.AddView, ChangeCriticality.NonBreaking, "views/" + l.Name, l.Name, false, SdkRuntimeEffect.None,
                MigrationOutcome.Automatic, $"new view '{l.Name}'");
        }

        var eRls = new HashSet<string>(ctx.Expected.RowLevelSecurity, StringComparer.Ordinal);
        if (!eRls.SetEquals(ctx.Live.RowLevelSecurity))
        {
            ctx.Add(SchemaChangeKind.ChangeRowLevelSecurity, ChangeCriticality.Dangerous, "row_level_security", null, true,
                SdkRuntimeEffect.SubscriptionBehaviourChanges, MigrationOutcome.AutomaticDisconnectsClients,
                "row-level-security filters changed; clients may see different rows", string.Join("; ", ctx.Expected.RowLevelSecurity),
                string.Join("; ", ctx.Live.RowLevelSecurity));
        }
    }
}
