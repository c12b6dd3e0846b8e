using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Naming;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Diff;

// SchemaDiffer: the entry point, the diff context, and tables.
/// <summary>
/// Diffs an expected schema (bindings) against a live one by SpacetimeDB's own rules: tables and reducers by
/// canonical name, columns and parameters by position (names mapped through the expected side's wire-name policy),
/// types structurally. The result is sorted by path, so it does not depend on list order.
/// </summary>
internal static partial class SchemaDiffer
{
    public static IReadOnlyList<SchemaChange> Diff(ModuleSchema expected, ModuleSchema live, SchemaAppUsage? usage = null)
    {
        if (expected is null)
        {
            throw new ArgumentNullException(nameof(expected));
        }

        if (live is null)
        {
            throw new ArgumentNullException(nameof(live));
        }

        usage ??= SchemaAppUsage.All;
        var ctx = new Context(expected, live, usage);
        DiffTables(ctx);
        DiffReducers(ctx);
        if (ctx.Both(SchemaFacets.ViewsAndSecurity))
        {
            DiffViewsAndSecurity(ctx);
        }

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
        foreach (var item in items)
        {
            d[name(item)] = item; // duplicates: last wins (the server rejects duplicates)
        }

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
            if (expected.ContainsKey(l.Name))
            {
                continue;
            }

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

        if (ctx.Both(SchemaFacets.Indexes))
        {
            DiffIndexes(ctx, e, l, path, affects);
        }

        if (ctx.Both(SchemaFacets.Constraints))
        {
            DiffConstraints(ctx, e, l, path, affects);
        }

        if (ctx.Both(SchemaFacets.Sequences))
        {
            DiffSequences(ctx, e, l, path, affects);
        }

        if (ctx.Both(SchemaFacets.Schedules))
        {
            DiffSchedule(ctx, e, l, path, affects);
        }
    }
}
