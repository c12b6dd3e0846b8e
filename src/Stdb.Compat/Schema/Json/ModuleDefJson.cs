using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Json;

/// <summary>
/// Reads SpacetimeDB module-definition JSON (<c>RawModuleDefV9</c> and <c>RawModuleDefV10</c>, as served by
/// <c>GET /v1/database/{name}/schema</c> and printed by <c>spacetime describe --json</c>) into a <see cref="ModuleSchema"/>.
/// Strict where the format is fixed, tolerant of sections and variants added by newer servers. Malformed input
/// throws <see cref="SchemaFormatException"/> and nothing else.
/// </summary>
public static class ModuleDefJson
{
    /// <summary>Reads V9 or V10, detected from the shape; also accepts the wrapped <c>{"V9": …}</c> / <c>{"V10": …}</c> form.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="SchemaFormatException">The JSON is malformed or not a module definition.</exception>
    public static ModuleSchema Read(string json) => Run(json, (root, path) => ReadDetected(root, path));

    /// <summary>Reads a bare <c>RawModuleDefV9</c>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="SchemaFormatException">The JSON is malformed.</exception>
    public static ModuleSchema ReadV9(string json) => Run(json, (root, path) => new V9Reader().Read(root, path));

    /// <summary>Reads a bare <c>RawModuleDefV10</c>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="SchemaFormatException">The JSON is malformed.</exception>
    public static ModuleSchema ReadV10(string json) => Run(json, (root, path) => new V10Reader().Read(root, path));

    internal static T Run<T>(string json, Func<JsonElement, JsonPathNode, T> read)
    {
        if (json is null) throw new SchemaFormatException("$", "no JSON text was given");
        try
        {
            using var doc = JsonDocument.Parse(json, JsonRead.DocumentOptions);
            try
            {
                return read(doc.RootElement, JsonPathNode.Untracked); // the common case: no path objects at all
            }
            catch (SchemaFormatException)
            {
                // Read again, tracking paths, so that the same error names where it is; reading is deterministic.
                return read(doc.RootElement, JsonPathNode.Root);
            }
        }
        catch (SchemaFormatException)
        {
            throw;
        }
        catch (JsonException ex)
        {
            var where = ex.Path ?? "$";
            throw new SchemaFormatException(where, $"not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", ex);
        }
#pragma warning disable CA1031 // The contract is: no exception other than SchemaFormatException escapes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new SchemaFormatException("$", $"unreadable schema JSON ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    private static ModuleSchema ReadDetected(JsonElement root, JsonPathNode path)
    {
        JsonRead.RequireObject(root, path);
        if (root.TryGetProperty("sections", out _)) return new V10Reader().Read(root, path);
        if (root.TryGetProperty("typespace", out _)) return new V9Reader().Read(root, path);
        if (root.TryGetProperty("V10", out var v10)) return new V10Reader().Read(v10, path.Prop("V10"));
        if (root.TryGetProperty("V9", out var v9)) return new V9Reader().Read(v9, path.Prop("V9"));
        if (root.TryGetProperty("V8BackCompat", out _))
            throw JsonRead.Error(path.Prop("V8BackCompat"), "V8 module definitions are not supported");
        throw JsonRead.Error(path, "not a module definition: expected 'sections' (V10) or 'typespace' (V9)");
    }

    private abstract class ReaderBase
    {
        protected readonly List<(int Ref, JsonPathNode Path)> Refs = new();
        protected readonly List<(int Col, int Count, JsonPathNode Path)> ColumnRefs = new();

        protected List<AlgebraicType> ReadTypespace(JsonElement e, JsonPathNode path)
        {
            var types = JsonRead.ArrayProp(e, "types", path);
            var tp = path.Prop("types");
            var result = new List<AlgebraicType>(types.Count);
            for (var i = 0; i < types.Count; i++) result.Add(JsonRead.AlgebraicType(types[i], tp.Index(i), Refs));
            return result;
        }

        protected static ReducerLifecycle Lifecycle(JsonElement e, JsonPathNode path)
        {
            var (variant, payload) = JsonRead.Sum(e, path);
            switch (variant)
            {
                case "Init": JsonRead.Unit(payload, path.Prop(variant)); return ReducerLifecycle.Init;
                case "OnConnect": JsonRead.Unit(payload, path.Prop(variant)); return ReducerLifecycle.OnConnect;
                case "OnDisconnect": JsonRead.Unit(payload, path.Prop(variant)); return ReducerLifecycle.OnDisconnect;
                default: return ReducerLifecycle.Unknown; // #[non_exhaustive]
            }
        }

        protected static TableKind TableType(JsonElement e, JsonPathNode path)
        {
            var (variant, payload) = JsonRead.Sum(e, path);
            JsonRead.Unit(payload, path.Prop(variant));
            return variant switch
            {
                "User" => TableKind.User,
                "System" => TableKind.System,
                _ => throw JsonRead.Error(path, $"unknown TableType variant '{variant}'"),
            };
        }

        protected static TableAccess Access(JsonElement e, JsonPathNode path)
        {
            var (variant, payload) = JsonRead.Sum(e, path);
            JsonRead.Unit(payload, path.Prop(variant));
            return variant switch
            {
                "Public" => TableAccess.Public,
                "Private" => TableAccess.Private,
                _ => throw JsonRead.Error(path, $"unknown TableAccess variant '{variant}'"),
            };
        }

        protected IReadOnlyList<IndexSchema> Indexes(JsonElement table, JsonPathNode path, string nameKey, int columnCount)
        {
            var items = JsonRead.ArrayProp(table, "indexes", path);
            if (items.Count == 0) return Array.Empty<IndexSchema>();
            var ip = path.Prop("indexes");
            var result = new IndexSchema[items.Count];
            for (var i = 0; i < result.Length; i++) result[i] = Index(items[i], ip.Index(i), nameKey, columnCount);
            return result;
        }

        protected IReadOnlyList<ConstraintSchema> Constraints(JsonElement table, JsonPathNode path, string nameKey, int columnCount)
        {
            var items = JsonRead.ArrayProp(table, "constraints", path);
            if (items.Count == 0) return Array.Empty<ConstraintSchema>();
            var cp = path.Prop("constraints");
            var result = new ConstraintSchema[items.Count];
            for (var i = 0; i < result.Length; i++) result[i] = Constraint(items[i], cp.Index(i), nameKey, columnCount)!;
            return result;
        }

        protected IReadOnlyList<SequenceSchema> Sequences(JsonElement table, JsonPathNode path, string nameKey, int columnCount)
        {
            var items = JsonRead.ArrayProp(table, "sequences", path);
            if (items.Count == 0) return Array.Empty<SequenceSchema>();
            var sp = path.Prop("sequences");
            var result = new SequenceSchema[items.Count];
            for (var i = 0; i < result.Length; i++) result[i] = Sequence(items[i], sp.Index(i), nameKey, columnCount);
            return result;
        }

        protected IndexSchema Index(JsonElement e, JsonPathNode path, string nameKey, int columnCount)
        {
            var name = JsonRead.OptionalString(JsonRead.Property(e, nameKey, path), path.Prop(nameKey));
            var accessor = JsonRead.OptionalString(JsonRead.Property(e, "accessor_name", path), path.Prop("accessor_name"));
            var ap = path.Prop("algorithm");
            var (variant, payload) = JsonRead.Sum(JsonRead.Property(e, "algorithm", path), ap);
            var vp = ap.Prop(variant);
            IndexAlgorithm algorithm;
            int[] columns;
            switch (variant)
            {
                case "BTree":
                    algorithm = IndexAlgorithm.BTree;
                    columns = JsonRead.ColList(payload, vp);
                    break;
                case "Hash":
                    algorithm = IndexAlgorithm.Hash;
                    columns = JsonRead.ColList(payload, vp);
                    break;
                case "Direct":
                    algorithm = IndexAlgorithm.Direct;
                    columns = new[] { JsonRead.U16(payload, vp) };
                    break;
                default: // #[non_exhaustive]: keep it, compare it by name only
                    algorithm = IndexAlgorithm.Unknown;
                    columns = Array.Empty<int>();
                    break;
            }

            CheckColumns(columns, columnCount, vp);
            return new IndexSchema { Name = name, AccessorName = accessor, Algorithm = algorithm, AlgorithmName = variant, Columns = columns };
        }

        protected ConstraintSchema? Constraint(JsonElement e, JsonPathNode path, string nameKey, int columnCount)
        {
            var name = JsonRead.OptionalString(JsonRead.Property(e, nameKey, path), path.Prop(nameKey));
            var dp = path.Prop("data");
            var (variant, payload) = JsonRead.Sum(JsonRead.Property(e, "data", path), dp);
            if (variant != "Unique") return new ConstraintSchema { Name = name, Kind = variant }; // #[non_exhaustive]
            var up = dp.Prop("Unique");
            var cols = JsonRead.ColList(JsonRead.Property(payload, "columns", up), up.Prop("columns"));
            CheckColumns(cols, columnCount, up.Prop("columns"));
            return new ConstraintSchema { Name = name, Kind = variant, Columns = cols };
        }

        protected SequenceSchema Sequence(JsonElement e, JsonPathNode path, string nameKey, int columnCount)
        {
            var column = JsonRead.U16(JsonRead.Property(e, "column", path), path.Prop("column"));
            CheckColumns(new[] { column }, columnCount, path.Prop("column"));
            return new SequenceSchema
            {
                Name = JsonRead.OptionalString(JsonRead.Property(e, nameKey, path), path.Prop(nameKey)),
                Column = column,
                Start = JsonRead.OptionalBigInt(JsonRead.Property(e, "start", path), path.Prop("start")),
                MinValue = JsonRead.OptionalBigInt(JsonRead.Property(e, "min_value", path), path.Prop("min_value")),
                MaxValue = JsonRead.OptionalBigInt(JsonRead.Property(e, "max_value", path), path.Prop("max_value")),
                Increment = JsonRead.BigInt(JsonRead.Property(e, "increment", path), path.Prop("increment")),
            };
        }

        protected static void CheckColumns(IReadOnlyList<int> cols, int columnCount, JsonPathNode path)
        {
            if (columnCount < 0) return; // unknown yet
            for (var i = 0; i < cols.Count; i++)
            {
                if (cols[i] >= columnCount)
                    throw JsonRead.Error(path, $"column {cols[i]} does not exist (the row type has {columnCount} columns)");
            }
        }

        protected List<ColumnSchema> Params(JsonElement e, JsonPathNode path)
        {
            var members = JsonRead.Members(JsonRead.Property(e, "elements", path), path.Prop("elements"), Refs);
            var result = new List<ColumnSchema>(members.Length);
            for (var i = 0; i < members.Length; i++) result.Add(new ColumnSchema(i, members[i].Name, members[i].Type));
            return result;
        }

        protected void CheckRefs(IReadOnlyList<AlgebraicType> typespace)
        {
            foreach (var (r, p) in Refs)
            {
                if (r >= typespace.Count)
                    throw JsonRead.Error(p, $"type ref {r} is outside the typespace ({typespace.Count} types)");
            }
        }

        protected List<ColumnSchema> Columns(IReadOnlyList<AlgebraicType> typespace, int typeRef, JsonPathNode path)
        {
            if (typeRef >= typespace.Count)
                throw JsonRead.Error(path, $"type ref {typeRef} is outside the typespace ({typespace.Count} types)");
            var t = typespace[typeRef];
            var guard = 0;
            while (t.Kind == AlgebraicTypeKind.Ref && t.RefIndex < typespace.Count && guard++ < typespace.Count) t = typespace[t.RefIndex];
            if (t.Kind != AlgebraicTypeKind.Product)
                throw JsonRead.Error(path, $"type ref {typeRef} does not point at a product type (found {t.Kind})");
            var result = new List<ColumnSchema>(t.Members.Count);
            for (var i = 0; i < t.Members.Count; i++) result.Add(new ColumnSchema(i, t.Members[i].Name, t.Members[i].Type));
            return result;
        }

        protected static NamedTypeSchema NamedType(JsonElement e, JsonPathNode path, string nameKey, string innerNameKey, int typespaceCount)
        {
            var np = path.Prop(nameKey);
            var n = JsonRead.Property(e, nameKey, path);
            var scope = JsonRead.ArrayProp(n, "scope", np).Select((s, i) => JsonRead.String(s, np.Prop("scope").Index(i))).ToList();
            var name = JsonRead.StringProp(n, innerNameKey, np);
            var ty = JsonRead.U32AsIndex(JsonRead.Property(e, "ty", path), path.Prop("ty"));
            if (ty >= typespaceCount) throw JsonRead.Error(path.Prop("ty"), $"type ref {ty} is outside the typespace ({typespaceCount} types)");
            var ordering = JsonRead.BoolProp(e, "custom_ordering", path);
            scope.Add(name);
            return new NamedTypeSchema(string.Join("::", scope), ty, ordering);
        }
    }

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
            for (var i = 0; i < rawTables.Count; i++) tables.Add(Table(rawTables[i], tp.Index(i), typespace));

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
            for (var i = 0; i < rawTypes.Count; i++) types.Add(NamedType(rawTypes[i], yp.Index(i), "name", "name", typespace.Count));

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
                        if (idx < 0) throw JsonRead.Error(vp.Prop("table"), $"default value for unknown table '{table}'");
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
                for (var i = 0; i < items.Count; i++) rls.Add(JsonRead.StringProp(items[i], "sql", lp.Index(i)));
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
                        if (typespace is not null) throw JsonRead.Error(vp, "a second Typespace section");
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
                        for (var j = 0; j < rows.Count; j++) rls.Add(JsonRead.StringProp(rows[j], "sql", vp.Index(j)));
                        break;
                    case "ExplicitNames":
                        var entries = JsonRead.ArrayProp(payload, "entries", vp);
                        var ep = vp.Prop("entries");
                        for (var j = 0; j < entries.Count; j++)
                        {
                            var jp = ep.Index(j);
                            var (kind, mapping) = JsonRead.Sum(entries[j], jp);
                            var kp = jp.Prop(kind);
                            if (kind is not ("Table" or "Function" or "Index")) continue; // #[non_exhaustive]
                            var source = JsonRead.StringProp(mapping, "source_name", kp);
                            var canonical = JsonRead.StringProp(mapping, "canonical_name", kp);
                            if (kind == "Table") tableNames[source] = canonical;
                            else if (kind == "Function") functionNames[source] = canonical;
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

            if (typespace is null) throw JsonRead.Error(sp, "no Typespace section");
            CheckRefs(typespace);

            var tables = new List<TableSchema>(rawTables.Count);
            foreach (var (el, p) in rawTables) tables.Add(Table(el, p, typespace, tableNames));

            foreach (var (table, schedule, p) in schedules)
            {
                var idx = tables.FindIndex(t => t.Name == table);
                if (idx < 0) throw JsonRead.Error(p.Prop("table_name"), $"schedule for unknown table '{table}'");
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
                if (idx < 0) throw JsonRead.Error(p.Prop("function_name"), $"lifecycle for unknown reducer '{function}'");
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
            for (var i = 0; i < items.Count; i++) into.Add((items[i], path.Index(i)));
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
