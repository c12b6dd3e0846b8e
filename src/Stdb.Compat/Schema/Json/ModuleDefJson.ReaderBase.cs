using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Json;

// ModuleDefJson: the reader parts V9 and V10 share (typespace, types, names, common sections).
public static partial class ModuleDefJson
{
    private abstract class ReaderBase
    {
        protected readonly List<(int Ref, JsonPathNode Path)> Refs = new();
        protected readonly List<(int Col, int Count, JsonPathNode Path)> ColumnRefs = new();

        protected List<AlgebraicType> ReadTypespace(JsonElement e, JsonPathNode path)
        {
            var types = JsonRead.ArrayProp(e, "types", path);
            var tp = path.Prop("types");
            var result = new List<AlgebraicType>(types.Count);
            for (var i = 0; i < types.Count; i++)
            {
                result.Add(JsonRead.AlgebraicType(types[i], tp.Index(i), Refs));
            }

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
            if (items.Count == 0)
            {
                return Array.Empty<IndexSchema>();
            }

            var ip = path.Prop("indexes");
            var result = new IndexSchema[items.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Index(items[i], ip.Index(i), nameKey, columnCount);
            }

            return result;
        }

        protected IReadOnlyList<ConstraintSchema> Constraints(JsonElement table, JsonPathNode path, string nameKey, int columnCount)
        {
            var items = JsonRead.ArrayProp(table, "constraints", path);
            if (items.Count == 0)
            {
                return Array.Empty<ConstraintSchema>();
            }

            var cp = path.Prop("constraints");
            var result = new ConstraintSchema[items.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Constraint(items[i], cp.Index(i), nameKey, columnCount)!;
            }

            return result;
        }

        protected IReadOnlyList<SequenceSchema> Sequences(JsonElement table, JsonPathNode path, string nameKey, int columnCount)
        {
            var items = JsonRead.ArrayProp(table, "sequences", path);
            if (items.Count == 0)
            {
                return Array.Empty<SequenceSchema>();
            }

            var sp = path.Prop("sequences");
            var result = new SequenceSchema[items.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Sequence(items[i], sp.Index(i), nameKey, columnCount);
            }

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
            if (variant != "Unique")
            {
                return new ConstraintSchema { Name = name, Kind = variant }; // #[non_exhaustive]
            }

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
            if (columnCount < 0)
            {
                return; // unknown yet
            }

            for (var i = 0; i < cols.Count; i++)
            {
                if (cols[i] >= columnCount)
                {
                    throw JsonRead.Error(path, $"column {cols[i]} does not exist (the row type has {columnCount} columns)");
                }
            }
        }

        protected List<ColumnSchema> Params(JsonElement e, JsonPathNode path)
        {
            var members = JsonRead.Members(JsonRead.Property(e, "elements", path), path.Prop("elements"), Refs);
            var result = new List<ColumnSchema>(members.Length);
            for (var i = 0; i < members.Length; i++)
            {
                result.Add(new ColumnSchema(i, members[i].Name, members[i].Type));
            }

            return result;
        }

        protected void CheckRefs(IReadOnlyList<AlgebraicType> typespace)
        {
            foreach (var (r, p) in Refs)
            {
                if (r >= typespace.Count)
                {
                    throw JsonRead.Error(p, $"type ref {r} is outside the typespace ({typespace.Count} types)");
                }
            }
        }

        protected List<ColumnSchema> Columns(IReadOnlyList<AlgebraicType> typespace, int typeRef, JsonPathNode path)
        {
            if (typeRef >= typespace.Count)
            {
                throw JsonRead.Error(path, $"type ref {typeRef} is outside the typespace ({typespace.Count} types)");
            }

            var t = typespace[typeRef];
            var guard = 0;
            while (t.Kind == AlgebraicTypeKind.Ref && t.RefIndex < typespace.Count && guard++ < typespace.Count)
            {
                t = typespace[t.RefIndex];
            }

            if (t.Kind != AlgebraicTypeKind.Product)
            {
                throw JsonRead.Error(path, $"type ref {typeRef} does not point at a product type (found {t.Kind})");
            }

            var result = new List<ColumnSchema>(t.Members.Count);
            for (var i = 0; i < t.Members.Count; i++)
            {
                result.Add(new ColumnSchema(i, t.Members[i].Name, t.Members[i].Type));
            }

            return result;
        }

        protected static NamedTypeSchema NamedType(JsonElement e, JsonPathNode path, string nameKey, string innerNameKey, int typespaceCount)
        {
            var np = path.Prop(nameKey);
            var n = JsonRead.Property(e, nameKey, path);
            var scope = JsonRead.ArrayProp(n, "scope", np).Select((s, i) => JsonRead.String(s, np.Prop("scope").Index(i))).ToList();
            var name = JsonRead.StringProp(n, innerNameKey, np);
            var ty = JsonRead.U32AsIndex(JsonRead.Property(e, "ty", path), path.Prop("ty"));
            if (ty >= typespaceCount)
            {
                throw JsonRead.Error(path.Prop("ty"), $"type ref {ty} is outside the typespace ({typespaceCount} types)");
            }

            var ordering = JsonRead.BoolProp(e, "custom_ordering", path);
            scope.Add(name);
            return new NamedTypeSchema(string.Join("::", scope), ty, ordering);
        }
    }
}
