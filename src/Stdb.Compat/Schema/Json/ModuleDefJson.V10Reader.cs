using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Json;

// ModuleDefJson: the RawModuleDefV10 reader.
public static partial class ModuleDefJson
{
    private sealed class V10Reader : ReaderBase
    {
        public ModuleSchema Read(JsonElement root, JsonPathNode path)
        {
            JsonRead.RequireObject(root, path);
            var sp = path.Prop("sections");
            var sections = JsonRead.ArrayProp(root, "sections", path);

            List<AlgebraicType>? typespace = null;
            var rawTables = new List<(JsonElement El, JsonPathNode Path)>();
            var rawReducers = new List<(JsonElement El, JsonPathNode Path)>();
            var rawTypes = new List<(JsonElement El, JsonPathNode Path)>();
            var rawViews = new List<(JsonElement El, JsonPathNode Path)>();
            var schedules = new List<(string Table, ScheduleSchema Schedule, JsonPathNode Path)>();
            var lifecycles = new List<(string Function, ReducerLifecycle Lifecycle, JsonPathNode Path)>();
            var rls = new List<string>();
            var tableNames = new Dictionary<string, string>(StringComparer.Ordinal);
            var functionNames = new Dictionary<string, string>(StringComparer.Ordinal);
            var viewKeys = new Dictionary<string, string[]>(StringComparer.Ordinal);

            for (var i = 0; i < sections.Count; i++)
            {
                var ip = sp.Index(i);
                var (variant, payload) = JsonRead.Sum(sections[i], ip);
                var vp = ip.Prop(variant);
                switch (variant)
                {
                    case "Typespace":
                        if (typespace is not null)
                        {
                            throw JsonRead.Error(vp, "a second Typespace section");
                        }

                        typespace = ReadTypespace(payload, vp);
                        break;
                    case "Types":
                        Collect(payload, vp, rawTypes);
                        break;
                    case "Tables":
                        Collect(payload, vp, rawTables);
                        break;
                    case "Reducers":
                        Collect(payload, vp, rawReducers);
                        break;
                    case "Views":
                        Collect(payload, vp, rawViews);
                        break;
                    case "Schedules":
                        var items = JsonRead.Array(payload, vp);
                        for (var j = 0; j < items.Count; j++)
                        {
                            var jp = vp.Index(j);
                            var s = items[j];
                            schedules.Add((
                                JsonRead.StringProp(s, "table_name", jp),
                                new ScheduleSchema(
                                    JsonRead.OptionalString(JsonRead.Property(s, "source_name", jp), jp.Prop("source_name")),
                                    JsonRead.StringProp(s, "function_name", jp),
                                    JsonRead.U16(JsonRead.Property(s, "schedule_at_col", jp), jp.Prop("schedule_at_col"))),
                                jp));
                        }

                        break;
                    case "LifeCycleReducers":
                        var lcs = JsonRead.Array(payload, vp);
                        for (var j = 0; j < lcs.Count; j++)
                        {
                            var jp = vp.Index(j);
                            lifecycles.Add((
                                JsonRead.StringProp(lcs[j], "function_name", jp),
                                Lifecycle(JsonRead.Property(lcs[j], "lifecycle_spec", jp), jp.Prop("lifecycle_spec")),
                                jp));
                        }

                        break;
                    case "RowLevelSecurity":
                        var rows = JsonRead.Array(payload, vp);
                        for (var j = 0; j < rows.Count; j++)
                        {
                            rls.Add(JsonRead.StringProp(rows[j], "sql", vp.Index(j)));
                        }

                        break;
                    case "ExplicitNames":
                        var entries = JsonRead.ArrayProp(payload, "entries", vp);
                        var ep = vp.Prop("entries");
                        for (var j = 0; j < entries.Count; j++)
                        {
                            var jp = ep.Index(j);
                            var (kind, mapping) = JsonRead.Sum(entries[j], jp);
                            var kp = jp.Prop(kind);
                            if (kind is not ("Table" or "Function" or "Index"))
                            {
                                continue; // #[non_exhaustive]
                            }

                            var source = JsonRead.StringProp(mapping, "source_name", kp);
                            var canonical = JsonRead.StringProp(mapping, "canonical_name", kp);
                            if (kind == "Table")
                            {
                                tableNames[source] = canonical;
                            }
                            else if (kind == "Function")
                            {
                                functionNames[source] = canonical;
                            }
                        }

                        break;
                    case "ViewPrimaryKeys":
                        var keys = JsonRead.Array(payload, vp);
                        for (var j = 0; j < keys.Count; j++)
                        {
                            var jp = vp.Index(j);
                            var cols = JsonRead.ArrayProp(keys[j], "columns", jp);
                            viewKeys[JsonRead.StringProp(keys[j], "view_source_name", jp)] =
                                cols.Select((c, k) => JsonRead.String(c, jp.Prop("columns").Index(k))).ToArray();
                        }

                        break;
                    case "CaseConversionPolicy":
                        JsonRead.Sum(payload, vp); // a unit variant; newer variants tolerated
                        break;
                    default:
                        // Procedures, HttpHandlers, HttpRoutes, Submodules and anything newer: not
                        // needed for client compatibility; tolerated.
                        break;
                }
            }

            if (typespace is null)
            {
                throw JsonRead.Error(sp, "no Typespace section");
            }

            CheckRefs(typespace);

            var tables = new List<TableSchema>(rawTables.Count);
            foreach (var (el, p) in rawTables)
            {
                tables.Add(Table(el, p, typespace, tableNames));
            }

            foreach (var (table, schedule, p) in schedules)
            {
                var idx = tables.FindIndex(t => t.Name == table);
                if (idx < 0)
                {
                    throw JsonRead.Error(p.Prop("table_name"), $"schedule for unknown table '{table}'");
                }

                CheckColumns(new[] { schedule.Column }, tables[idx].Columns.Count, p.Prop("schedule_at_col"));
                tables[idx] = tables[idx] with { Schedule = schedule };
            }

            var reducers = new List<ReducerSchema>(rawReducers.Count);
            foreach (var (r, p) in rawReducers)
            {
                var source = JsonRead.StringProp(r, "source_name", p);
                var vis = JsonRead.Sum(JsonRead.Property(r, "visibility", p), p.Prop("visibility"));
                JsonRead.AlgebraicType(JsonRead.Property(r, "ok_return_type", p), p.Prop("ok_return_type"), Refs);
                JsonRead.AlgebraicType(JsonRead.Property(r, "err_return_type", p), p.Prop("err_return_type"), Refs);
                reducers.Add(new ReducerSchema
                {
                    Name = functionNames.TryGetValue(source, out var canonical) ? canonical : source,
                    AccessorName = source,
                    Parameters = Params(JsonRead.Property(r, "params", p), p.Prop("params")),
                    Visibility = vis.Variant == "ClientCallable" ? ReducerVisibility.ClientCallable : ReducerVisibility.Private,
                });
            }

            foreach (var (function, lifecycle, p) in lifecycles)
            {
                var idx = reducers.FindIndex(r => r.Name == function);
                if (idx < 0)
                {
                    throw JsonRead.Error(p.Prop("function_name"), $"lifecycle for unknown reducer '{function}'");
                }

                reducers[idx] = reducers[idx] with { Lifecycle = lifecycle };
            }

            var types = rawTypes.Select(x => NamedType(x.El, x.Path, "source_name", "source_name", typespace.Count)).ToList();
            var views = rawViews.Select(x => new ViewSchema(
                functionNames.TryGetValue(JsonRead.StringProp(x.El, "source_name", x.Path), out var c) ? c : JsonRead.StringProp(x.El, "source_name", x.Path),
                JsonRead.BoolProp(x.El, "is_public", x.Path),
                JsonRead.AlgebraicType(JsonRead.Property(x.El, "return_type", x.Path), x.Path.Prop("return_type"), Refs))
            {
                Parameters = Params(JsonRead.Property(x.El, "params", x.Path), x.Path.Prop("params")),
                IsAnonymous = JsonRead.TryProperty(x.El, "is_anonymous", out var anon) && JsonRead.Bool(anon, x.Path.Prop("is_anonymous")),
                PrimaryKeyColumns = viewKeys.TryGetValue(JsonRead.StringProp(x.El, "source_name", x.Path), out var key) ? key : Array.Empty<string>(),
            }).ToList();

            CheckRefs(typespace);
            return new ModuleSchema
            {
                Source = SchemaSource.ModuleDefV10,
                Facets = SchemaFacets.Indexes | SchemaFacets.Constraints | SchemaFacets.Sequences | SchemaFacets.Schedules
                    | SchemaFacets.Access | SchemaFacets.ReducerKinds | SchemaFacets.ViewsAndSecurity | SchemaFacets.DefaultValues
                    | SchemaFacets.EventFlag | SchemaFacets.PrimaryKeys,
                Typespace = typespace,
                Tables = tables,
                Reducers = reducers,
                Types = types,
                Views = views,
                RowLevelSecurity = rls,
            };
        }

        private static void Collect(JsonElement payload, JsonPathNode path, List<(JsonElement, JsonPathNode)> into)
        {
            var items = JsonRead.Array(payload, path);
            for (var i = 0; i < items.Count; i++)
            {
                into.Add((items[i], path.Index(i)));
            }
        }

        private TableSchema Table(JsonElement t, JsonPathNode p, List<AlgebraicType> typespace, Dictionary<string, string> names)
        {
            var source = JsonRead.StringProp(t, "source_name", p);
            var typeRef = JsonRead.U32AsIndex(JsonRead.Property(t, "product_type_ref", p), p.Prop("product_type_ref"));
            var columns = Columns(typespace, typeRef, p.Prop("product_type_ref"));
            var pk = JsonRead.ColList(JsonRead.Property(t, "primary_key", p), p.Prop("primary_key"));
            CheckColumns(pk, columns.Count, p.Prop("primary_key"));
            var dp = p.Prop("default_values");
            var rawDefaults = JsonRead.ArrayProp(t, "default_values", p);
            var defaults = rawDefaults.Count == 0 ? null : new Dictionary<int, byte[]>(rawDefaults.Count);
            for (var i = 0; i < rawDefaults.Count; i++)
            {
                var ip = dp.Index(i);
                var col = JsonRead.U16(JsonRead.Property(rawDefaults[i], "col_id", ip), ip.Prop("col_id"));
                CheckColumns(new[] { col }, columns.Count, ip.Prop("col_id"));
                defaults![col] = JsonRead.Hex(JsonRead.Property(rawDefaults[i], "value", ip), ip.Prop("value"));
            }

            return new TableSchema
            {
                Name = names.TryGetValue(source, out var canonical) ? canonical : source,
                AccessorName = source,
                ProductTypeRef = typeRef,
                Columns = columns,
                PrimaryKey = pk,
                Indexes = Indexes(t, p, "source_name", columns.Count),
                Constraints = Constraints(t, p, "source_name", columns.Count),
                Sequences = Sequences(t, p, "source_name", columns.Count),
                Kind = TableType(JsonRead.Property(t, "table_type", p), p.Prop("table_type")),
                Access = Access(JsonRead.Property(t, "table_access", p), p.Prop("table_access")),
                DefaultValues = (IReadOnlyDictionary<int, byte[]>?)defaults ?? TableSchema.NoDefaults,
                // is_event is new in v2.0.0; V10 bodies of v1.12 modules lack it.
                IsEvent = JsonRead.TryProperty(t, "is_event", out var ev) && JsonRead.Bool(ev, p.Prop("is_event")),
            };
        }
    }
}
