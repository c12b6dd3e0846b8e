using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Naming;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Diff;

// SchemaDiffer: columns of a table — layout, names, types and their helpers.
internal static partial class SchemaDiffer
{
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
            if (cmp.Match == TypeMatch.Same && !renamed)
            {
                continue; // the common case allocates nothing
            }

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
            if (ec[i].Name is null || lc[i].Name is null)
            {
                return false;
            }

            if (!differ && !ctx.Types.ElementNameMatches(ec[i].Name, lc[i].Name))
            {
                differ = true;
            }
        }

        return differ;
    }

    private static bool SameInts(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string MapColumnName(Context ctx, string name) =>
        ctx.Expected.Source == SchemaSource.Manifest && ctx.Expected.NamePolicy == WireNamePolicy.SnakeCase ? WireNames.ToSnakeCase(name) : name;

    private static string Cols(IReadOnlyList<int> cols) => "[" + string.Join(", ", cols) + "]";
}
