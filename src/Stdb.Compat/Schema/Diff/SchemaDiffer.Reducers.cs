using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Naming;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Diff;

// SchemaDiffer: reducers and their parameters, views and row-level security.
internal static partial class SchemaDiffer
{
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
            if (cmp.Match == TypeMatch.Same && string.Equals(e.Parameters[i].Name, l.Parameters[i].Name, StringComparison.Ordinal))
            {
                continue;
            }

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
