using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Json;

// ModuleDefJson: the RawModuleDefV9 reader.
public static partial class ModuleDefJson
{
    private sealed class V9Reader : ReaderBase
    {
        public ModuleSchema Read(JsonElement root, JsonPathNode path)
        {
            JsonRead.RequireObject(root, path);
            var typespace = ReadTypespace(JsonRead.Property(root, "typespace", path), path.Prop("typespace"));
            CheckRefs(typespace);

            var tables = new List<TableSchema>();
            var tp = path.Prop("tables");
            var rawTables = JsonRead.ArrayProp(root, "tables", path);
            for (var i = 0; i < rawTables.Count; i++)
            {
                tables.Add(Table(rawTables[i], tp.Index(i), typespace));
            }

            var reducers = new List<ReducerSchema>();
            var rp = path.Prop("reducers");
            var rawReducers = JsonRead.ArrayProp(root, "reducers", path);
            for (var i = 0; i < rawReducers.Count; i++)
            {
                var ip = rp.Index(i);
                var r = rawReducers[i];
                var lifecycle = JsonRead.Option(JsonRead.Property(r, "lifecycle", ip), ip.Prop("lifecycle"), out var lc)
                    ? Lifecycle(lc, ip.Prop("lifecycle").Prop("some"))
                    : ReducerLifecycle.None;
                reducers.Add(new ReducerSchema
                {
                    Name = JsonRead.StringProp(r, "name", ip),
                    Parameters = Params(JsonRead.Property(r, "params", ip), ip.Prop("params")),
                    Lifecycle = lifecycle,
                    Visibility = lifecycle == ReducerLifecycle.None ? ReducerVisibility.ClientCallable : ReducerVisibility.Private,
                });
            }

            var types = new List<NamedTypeSchema>();
            var yp = path.Prop("types");
            var rawTypes = JsonRead.ArrayProp(root, "types", path);
            for (var i = 0; i < rawTypes.Count; i++)
            {
                types.Add(NamedType(rawTypes[i], yp.Index(i), "name", "name", typespace.Count));
            }

            var views = new List<ViewSchema>();
            if (JsonRead.TryProperty(root, "misc_exports", out var misc))
            {
                var mp = path.Prop("misc_exports");
                var items = JsonRead.Array(misc, mp);
                for (var i = 0; i < items.Count; i++)
                {
                    var ip = mp.Index(i);
                    var (variant, payload) = JsonRead.Sum(items[i], ip);
                    var vp = ip.Prop(variant);
                    if (variant == "ColumnDefaultValue")
                    {
                        var table = JsonRead.StringProp(payload, "table", vp);
                        var col = JsonRead.U16(JsonRead.Property(payload, "col_id", vp), vp.Prop("col_id"));
                        var value = JsonRead.Hex(JsonRead.Property(payload, "value", vp), vp.Prop("value"));
                        var idx = tables.FindIndex(t => t.Name == table);
                        if (idx < 0)
                        {
                            throw JsonRead.Error(vp.Prop("table"), $"default value for unknown table '{table}'");
                        }

                        CheckColumns(new[] { col }, tables[idx].Columns.Count, vp.Prop("col_id"));
                        var defaults = new Dictionary<int, byte[]>(tables[idx].DefaultValues.ToDictionary(p => p.Key, p => p.Value)) { [col] = value };
                        tables[idx] = tables[idx] with { DefaultValues = defaults };
                    }
                    else if (variant == "View")
                    {
                        views.Add(View(payload, vp, "name"));
                    }

                    // Procedure and variants newer than this library: tolerated, not modelled.
                }
            }

            var rls = new List<string>();
            if (JsonRead.TryProperty(root, "row_level_security", out var rlsEl))
            {
                var lp = path.Prop("row_level_security");
                var items = JsonRead.Array(rlsEl, lp);
                for (var i = 0; i < items.Count; i++)
                {
                    rls.Add(JsonRead.StringProp(items[i], "sql", lp.Index(i)));
                }
            }

            CheckRefs(typespace);
            return new ModuleSchema
            {
                Source = SchemaSource.ModuleDefV9,
                Facets = SchemaFacets.Indexes | SchemaFacets.Constraints | SchemaFacets.Sequences | SchemaFacets.Schedules
                    | SchemaFacets.Access | SchemaFacets.ReducerKinds | SchemaFacets.ViewsAndSecurity | SchemaFacets.DefaultValues
                    | SchemaFacets.PrimaryKeys,
                Typespace = typespace,
                Tables = tables,
                Reducers = reducers,
                Types = types,
                Views = views,
                RowLevelSecurity = rls,
            };
        }

        private TableSchema Table(JsonElement t, JsonPathNode p, List<AlgebraicType> typespace)
        {
            var name = JsonRead.StringProp(t, "name", p);
            var typeRef = JsonRead.U32AsIndex(JsonRead.Property(t, "product_type_ref", p), p.Prop("product_type_ref"));
            var columns = Columns(typespace, typeRef, p.Prop("product_type_ref"));
            var pk = JsonRead.ColList(JsonRead.Property(t, "primary_key", p), p.Prop("primary_key"));
            CheckColumns(pk, columns.Count, p.Prop("primary_key"));
            var indexes = Indexes(t, p, "name", columns.Count);
            var constraints = Constraints(t, p, "name", columns.Count);
            var sequences = Sequences(t, p, "name", columns.Count);
            ScheduleSchema? schedule = null;
            var sp = p.Prop("schedule");
            if (JsonRead.Option(JsonRead.Property(t, "schedule", p), sp, out var s))
            {
                var ssp = sp.Prop("some");
                var col = JsonRead.U16(JsonRead.Property(s, "scheduled_at_column", ssp), ssp.Prop("scheduled_at_column"));
                CheckColumns(new[] { col }, columns.Count, ssp.Prop("scheduled_at_column"));
                schedule = new ScheduleSchema(
                    JsonRead.OptionalString(JsonRead.Property(s, "name", ssp), ssp.Prop("name")),
                    JsonRead.StringProp(s, "reducer_name", ssp),
                    col);
            }

            return new TableSchema
            {
                Name = name,
                ProductTypeRef = typeRef,
                Columns = columns,
                PrimaryKey = pk,
                Indexes = indexes,
                Constraints = constraints,
                Sequences = sequences,
                Schedule = schedule,
                Kind = TableType(JsonRead.Property(t, "table_type", p), p.Prop("table_type")),
                Access = Access(JsonRead.Property(t, "table_access", p), p.Prop("table_access")),
            };
        }

        private ViewSchema View(JsonElement v, JsonPathNode p, string nameKey) =>
            new(JsonRead.StringProp(v, nameKey, p),
                JsonRead.BoolProp(v, "is_public", p),
                JsonRead.AlgebraicType(JsonRead.Property(v, "return_type", p), p.Prop("return_type"), Refs))
            {
                Parameters = Params(JsonRead.Property(v, "params", p), p.Prop("params")),
                IsAnonymous = JsonRead.TryProperty(v, "is_anonymous", out var anon) && JsonRead.Bool(anon, p.Prop("is_anonymous")),
            };
    }
}
