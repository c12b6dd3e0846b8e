using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Manifest;

/// <summary>Reads and writes the bindings' schema manifest JSON (<c>"formatVersion": 1</c>).</summary>
public static class BindingsManifestJson
{
    /// <summary>Reads a manifest.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="SchemaFormatException">The JSON is malformed or of an unsupported format version.</exception>
    public static BindingsManifest Read(string json) => ModuleDefJson.Run(json, ReadRoot);

    /// <summary>Whether the JSON text looks like a manifest (has a top-level <c>formatVersion</c>) rather than a module definition.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns><see langword="true"/> for a manifest.</returns>
    public static bool LooksLikeManifest(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, JsonRead.DocumentOptions);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("formatVersion", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Writes a manifest as indented JSON.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(BindingsManifest manifest)
    {
        if (manifest is null)
        {
            throw new ArgumentNullException(nameof(manifest));
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", BindingsManifest.CurrentFormatVersion);
            w.WriteNumber("sdkMajor", manifest.SdkMajor);
            if (manifest.CliVersion is not null)
            {
                w.WriteString("cliVersion", manifest.CliVersion);
            }

            if (manifest.CliCommit is not null)
            {
                w.WriteString("cliCommit", manifest.CliCommit);
            }

            w.WriteString("wireNamePolicy", manifest.WireNamePolicy.ToString());
            if (manifest.ModuleName is not null)
            {
                w.WriteString("moduleName", manifest.ModuleName);
            }

            if (manifest.SchemaVersion is not null)
            {
                w.WriteString("schemaVersion", manifest.SchemaVersion);
            }

            w.WriteStartArray("typespace");
            foreach (var t in manifest.Typespace)
            {
                SatsJsonWriter.Write(w, t);
            }

            w.WriteEndArray();
            w.WriteStartArray("types");
            foreach (var t in manifest.Types)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("clrType", t.ClrType);
                w.WriteNumber("typeRef", t.TypeRef);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tables");
            foreach (var t in manifest.Tables)
            {
                w.WriteStartObject();
                w.WriteString("wireName", t.WireName);
                w.WriteString("accessorName", t.AccessorName);
                w.WriteBoolean("isEvent", t.IsEvent);
                WriteColumns(w, "columns", t.Columns);
                WriteInts(w, "primaryKey", t.PrimaryKey);
                w.WriteStartArray("indexes");
                foreach (var i in t.Indexes)
                {
                    w.WriteStartObject();
                    w.WriteString("accessorName", i.AccessorName);
                    w.WriteString("algorithm", i.Algorithm.ToString());
                    WriteInts(w, "columns", i.Columns);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("reducers");
            foreach (var r in manifest.Reducers)
            {
                w.WriteStartObject();
                w.WriteString("wireName", r.WireName);
                w.WriteString("accessorName", r.AccessorName);
                WriteColumns(w, "parameters", r.Parameters);
                if (r.IsLifecycle)
                {
                    w.WriteBoolean("lifecycle", true);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (manifest.Procedures.Count > 0)
            {
                w.WriteStartArray("procedures");
                foreach (var p in manifest.Procedures)
                {
                    w.WriteStartObject();
                    w.WriteString("wireName", p.WireName);
                    w.WriteString("accessorName", p.AccessorName);
                    WriteColumns(w, "parameters", p.Parameters);
                    if (p.ReturnType is not null)
                    {
                        w.WritePropertyName("returnType");
                        SatsJsonWriter.Write(w, p.ReturnType);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (manifest.Unknown.Count > 0)
            {
                w.WriteStartArray("unknown");
                foreach (var u in manifest.Unknown)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", u.Kind);
                    w.WriteString("name", u.Name);
                    w.WriteString("detail", u.Detail);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteColumns(Utf8JsonWriter w, string name, IReadOnlyList<ManifestColumn> columns)
    {
        w.WriteStartArray(name);
        foreach (var c in columns)
        {
            w.WriteStartObject();
            w.WriteNumber("position", c.Position);
            w.WriteString("name", c.Name);
            w.WriteString("clrType", c.ClrType);
            w.WritePropertyName("algebraicType");
            SatsJsonWriter.Write(w, c.AlgebraicType);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IReadOnlyList<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static BindingsManifest ReadRoot(JsonElement root, JsonPathNode path)
    {
        JsonRead.RequireObject(root, path);
        var version = (int)JsonRead.Integer(JsonRead.Property(root, "formatVersion", path), path.Prop("formatVersion"), 1, int.MaxValue);
        if (version != BindingsManifest.CurrentFormatVersion)
        {
            throw JsonRead.Error(path.Prop("formatVersion"), $"manifest format version {version} is not supported (this library reads {BindingsManifest.CurrentFormatVersion})");
        }

        var refs = new List<(int Ref, JsonPathNode Path)>();
        var sdkMajor = (int)JsonRead.Integer(JsonRead.Property(root, "sdkMajor", path), path.Prop("sdkMajor"), 1, 99);
        var policyText = JsonRead.StringProp(root, "wireNamePolicy", path);
        var policy = policyText switch
        {
            "Declared" => WireNamePolicy.Declared,
            "SnakeCase" => WireNamePolicy.SnakeCase,
            _ => throw JsonRead.Error(path.Prop("wireNamePolicy"), $"unknown wire-name policy '{policyText}' (expected Declared or SnakeCase)"),
        };

        var tsp = path.Prop("typespace");
        var typespace = JsonRead.ArrayProp(root, "typespace", path).Select((t, i) => JsonRead.AlgebraicType(t, tsp.Index(i), refs)).ToList();

        var yp = path.Prop("types");
        var types = OptionalArray(root, "types", path).Select((t, i) =>
        {
            var ip = yp.Index(i);
            return new ManifestType(
                JsonRead.StringProp(t, "name", ip),
                JsonRead.StringProp(t, "clrType", ip),
                Ref(JsonRead.Property(t, "typeRef", ip), ip.Prop("typeRef"), refs));
        }).ToList();

        var tp = path.Prop("tables");
        var tables = JsonRead.ArrayProp(root, "tables", path).Select((t, i) =>
        {
            var ip = tp.Index(i);
            var columns = Columns(t, "columns", ip, refs);
            var pk = JsonRead.ColList(JsonRead.Property(t, "primaryKey", ip), ip.Prop("primaryKey"));
            CheckColumns(pk, columns.Count, ip.Prop("primaryKey"));
            var xp = ip.Prop("indexes");
            var indexes = OptionalArray(t, "indexes", ip).Select((x, j) =>
            {
                var jp = xp.Index(j);
                var algText = JsonRead.StringProp(x, "algorithm", jp);
                if (!Enum.TryParse<IndexAlgorithm>(algText, false, out var alg) || alg == IndexAlgorithm.Unknown)
                {
                    throw JsonRead.Error(jp.Prop("algorithm"), $"unknown index algorithm '{algText}'");
                }

                var cols = JsonRead.ColList(JsonRead.Property(x, "columns", jp), jp.Prop("columns"));
                CheckColumns(cols, columns.Count, jp.Prop("columns"));
                return new ManifestIndex(JsonRead.StringProp(x, "accessorName", jp), alg, cols);
            }).ToList();
            return new ManifestTable
            {
                WireName = JsonRead.StringProp(t, "wireName", ip),
                AccessorName = JsonRead.StringProp(t, "accessorName", ip),
                IsEvent = JsonRead.TryProperty(t, "isEvent", out var ev) && JsonRead.Bool(ev, ip.Prop("isEvent")),
                Columns = columns,
                PrimaryKey = pk,
                Indexes = indexes,
            };
        }).ToList();

        var rp = path.Prop("reducers");
        var reducers = JsonRead.ArrayProp(root, "reducers", path).Select((r, i) =>
        {
            var ip = rp.Index(i);
            return new ManifestReducer
            {
                WireName = JsonRead.StringProp(r, "wireName", ip),
                AccessorName = JsonRead.StringProp(r, "accessorName", ip),
                Parameters = Columns(r, "parameters", ip, refs),
                IsLifecycle = JsonRead.TryProperty(r, "lifecycle", out var lc) && JsonRead.Bool(lc, ip.Prop("lifecycle")),
            };
        }).ToList();

        var pp = path.Prop("procedures");
        var procedures = OptionalArray(root, "procedures", path).Select((p, i) =>
        {
            var ip = pp.Index(i);
            return new ManifestProcedure
            {
                WireName = JsonRead.StringProp(p, "wireName", ip),
                AccessorName = JsonRead.StringProp(p, "accessorName", ip),
                Parameters = Columns(p, "parameters", ip, refs),
                ReturnType = JsonRead.TryProperty(p, "returnType", out var rt) ? JsonRead.AlgebraicType(rt, ip.Prop("returnType"), refs) : null,
            };
        }).ToList();

        var up = path.Prop("unknown");
        var unknown = OptionalArray(root, "unknown", path).Select((u, i) =>
        {
            var ip = up.Index(i);
            return new ManifestUnknown(JsonRead.StringProp(u, "kind", ip), JsonRead.StringProp(u, "name", ip), OptionalString(u, "detail", ip) ?? string.Empty);
        }).ToList();

        foreach (var (r, p) in refs)
        {
            if (r >= typespace.Count)
            {
                throw JsonRead.Error(p, $"type ref {r} is outside the typespace ({typespace.Count} types)");
            }
        }

        return new BindingsManifest
        {
            FormatVersion = version,
            SdkMajor = sdkMajor,
            CliVersion = OptionalString(root, "cliVersion", path),
            CliCommit = OptionalString(root, "cliCommit", path),
            WireNamePolicy = policy,
            ModuleName = OptionalString(root, "moduleName", path),
            SchemaVersion = OptionalString(root, "schemaVersion", path),
            Typespace = typespace,
            Types = types,
            Tables = tables,
            Reducers = reducers,
            Procedures = procedures,
            Unknown = unknown,
        };
    }

    private static int Ref(JsonElement e, JsonPathNode p, List<(int, JsonPathNode)> refs)
    {
        var r = JsonRead.U32AsIndex(e, p);
        refs.Add((r, p));
        return r;
    }

    private static List<ManifestColumn> Columns(JsonElement owner, string name, JsonPathNode path, List<(int, JsonPathNode)> refs)
    {
        var cp = path.Prop(name);
        return JsonRead.ArrayProp(owner, name, path).Select((c, i) =>
        {
            var ip = cp.Index(i);
            if (JsonRead.TryProperty(c, "position", out var pos) && JsonRead.U16(pos, ip.Prop("position")) != i)
            {
                throw JsonRead.Error(ip.Prop("position"), $"position must equal the array index {i}");
            }

            return new ManifestColumn(
                i,
                JsonRead.StringProp(c, "name", ip),
                JsonRead.StringProp(c, "clrType", ip),
                JsonRead.AlgebraicType(JsonRead.Property(c, "algebraicType", ip), ip.Prop("algebraicType"), refs));
        }).ToList();
    }

    private static void CheckColumns(IReadOnlyList<int> cols, int count, JsonPathNode path)
    {
        foreach (var c in cols)
        {
            if (c >= count)
            {
                throw JsonRead.Error(path, $"column {c} does not exist (the table has {count} columns)");
            }
        }
    }

    private static IEnumerable<JsonElement> OptionalArray(JsonElement obj, string name, JsonPathNode path) =>
        JsonRead.TryProperty(obj, name, out var v) ? JsonRead.Array(v, path.Prop(name)) : Enumerable.Empty<JsonElement>();

    private static string? OptionalString(JsonElement obj, string name, JsonPathNode path) =>
        JsonRead.TryProperty(obj, name, out var v) && v.ValueKind != JsonValueKind.Null ? JsonRead.String(v, path.Prop(name)) : null;
}
