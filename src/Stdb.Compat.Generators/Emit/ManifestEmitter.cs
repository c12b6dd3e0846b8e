using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Generators.Model;

namespace Stdb.Compat.Generators.Emit;

/// <summary>
/// Renders the bindings manifest of a driver model as a C# expression that builds the <c>BindingsManifest</c>
/// object graph directly (object initialisers, C# 9), so the generated driver never parses JSON at run time.
/// </summary>
internal static class ManifestEmitter
{
    private const string M = "global::Stdb.Compat.Schema.Manifest.";
    private const string T = "global::Stdb.Compat.Schema.Model.";

    public static string Expression(DriverModel m, Func<string, string> str)
    {
        var sb = new StringBuilder();
        sb.Append("new ").Append(M).Append("BindingsManifest\n{\n");
        sb.Append("    SdkMajor = ").Append(m.SdkMajor.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        sb.Append("    CliVersion = ").Append(m.CliVersion is null ? "null" : str(m.CliVersion)).Append(",\n");
        sb.Append("    CliCommit = ").Append(m.CliCommit is null ? "null" : str(m.CliCommit)).Append(",\n");
        sb.Append("    WireNamePolicy = global::Stdb.Compat.WireNamePolicy.").Append(m.SdkMajor >= 2 ? "SnakeCase" : "Declared").Append(",\n");
        sb.Append("    Typespace = ").Append(Nest(Array(T + "AlgebraicType", m.Typespace.Select(j => Sats(j))))).Append(",\n");
        sb.Append("    Types = ").Append(Nest(Array(M + "ManifestType", m.NamedTypes.Select(t =>
            "new " + M + "ManifestType(" + str(t.Name) + ", " + str(t.ClrType) + ", " + t.TypeRef.ToString(CultureInfo.InvariantCulture) + ")")))).Append(",\n");
        sb.Append("    Tables = ").Append(Nest(Array(M + "ManifestTable", m.Tables.Select(t => Obj(
            M + "ManifestTable",
            ("WireName", str(t.WireName)),
            ("AccessorName", str(t.AccessorName)),
            ("IsEvent", t.IsEvent ? "true" : "false"),
            ("Columns", Columns(t.Columns, str)),
            ("PrimaryKey", Ints(t.PrimaryKeyIndex >= 0 ? new[] { t.PrimaryKeyIndex } : new int[0])),
            ("Indexes", Array(M + "ManifestIndex", t.Indexes.Select(i =>
                "new " + M + "ManifestIndex(" + str(i.AccessorName) + ", " + T + "IndexAlgorithm.BTree, " + Ints(i.Columns) + ")")))))))).Append(",\n");
        sb.Append("    Reducers = ").Append(Nest(Array(M + "ManifestReducer", m.Reducers.Select(r => Obj(
            M + "ManifestReducer",
            ("WireName", str(r.WireName)),
            ("AccessorName", str(r.AccessorName)),
            ("Parameters", Columns(r.Parameters, str)),
            ("IsLifecycle", r.IsLifecycle ? "true" : "false")))))).Append(",\n");
        sb.Append("    Procedures = ").Append(Nest(Array(M + "ManifestProcedure", m.Procedures.Select(p => Obj(
            M + "ManifestProcedure",
            ("WireName", str(p.WireName)),
            ("AccessorName", str(p.AccessorName)),
            ("Parameters", Columns(p.Parameters, str)),
            ("ReturnType", p.ReturnAlgebraicTypeJson is null ? "null" : Sats(p.ReturnAlgebraicTypeJson))))))).Append(",\n");
        sb.Append("    Unknown = ").Append(Nest(Array(M + "ManifestUnknown", m.Unknown.Select(u =>
            "new " + M + "ManifestUnknown(" + str(u.Kind) + ", " + str(u.Name) + ", " + str(u.Detail) + ")")))).Append(",\n");
        sb.Append('}');
        return sb.ToString();

        string Columns(EquatableArray<FieldModel> fields, Func<string, string> s) => Array(M + "ManifestColumn", fields.Select((f, i) =>
            "new " + M + "ManifestColumn(" + i.ToString(CultureInfo.InvariantCulture) + ", " + s(f.WireName) + ", " + s(f.ClrTypeName) + ", " + Sats(f.AlgebraicTypeJson) + ")"));

        string Sats(string json)
        {
            var reader = new JsonReader(json);
            var value = reader.Value();
            return TypeExpression(value, str);
        }
    }

    private static string Array(string type, IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0
            ? "global::System.Array.Empty<" + type + ">()"
            : "new " + type + "[]\n{\n" + string.Concat(list.Select(i => "    " + i.Replace("\n", "\n    ") + ",\n")) + "}";
    }

    private static string Obj(string type, params (string Name, string Value)[] properties) =>
        "new " + type + "\n{\n" + string.Concat(properties.Select(p => "    " + p.Name + " = " + Nest(p.Value) + ",\n")) + "}";

    private static string Nest(string text) => text.Replace("\n", "\n    ");

    private static string Ints(IEnumerable<int> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "global::System.Array.Empty<int>()" : "new int[] { " + string.Join(", ", list.Select(v => v.ToString(CultureInfo.InvariantCulture))) + " }";
    }

    private static string TypeExpression(object? value, Func<string, string> str)
    {
        var obj = (Dictionary<string, object?>)value!;
        var first = obj.First();
        var kind = first.Key;
        var payload = first.Value;
        const string AT = T + "AlgebraicType.";
        switch (kind)
        {
            case "Ref":
                return AT + "Ref(" + ((long)payload!).ToString(CultureInfo.InvariantCulture) + ")";
            case "Array":
                return AT + "Array(" + TypeExpression(payload, str) + ")";
            case "Product":
            case "Sum":
                var members = (List<object?>)((Dictionary<string, object?>)payload!)[kind == "Product" ? "elements" : "variants"]!;
                return AT + kind + "(" + string.Join(", ", members.Select(o =>
                {
                    var member = (Dictionary<string, object?>)o!;
                    var name = (Dictionary<string, object?>)member["name"]!;
                    var nameExpr = name.TryGetValue("some", out var some) ? str((string)some!) : "null";
                    return "new " + T + "AlgebraicTypeMember(" + nameExpr + ", " + TypeExpression(member["algebraic_type"], str) + ")";
                })) + ")";
            default:
                return AT + "Primitive(" + T + "AlgebraicTypeKind." + kind + ")";
        }
    }

    /// <summary>A minimal JSON reader for the SATS JSON this generator writes itself (objects, arrays, strings, integers).</summary>
    private sealed class JsonReader
    {
        private readonly string _s;
        private int _i;

        public JsonReader(string s) => _s = s;

        public object? Value()
        {
            Skip();
            var c = _s[_i];
            switch (c)
            {
                case '{':
                    _i++;
                    var obj = new Dictionary<string, object?>(StringComparer.Ordinal);
                    Skip();
                    if (_s[_i] == '}')
                    {
                        _i++;
                        return obj;
                    }

                    while (true)
                    {
                        Skip();
                        var key = String();
                        Skip();
                        _i++; // ':'
                        obj[key] = Value();
                        Skip();
                        if (_s[_i++] == '}')
                        {
                            return obj;
                        }
                    }

                case '[':
                    _i++;
                    var list = new List<object?>();
                    Skip();
                    if (_s[_i] == ']')
                    {
                        _i++;
                        return list;
                    }

                    while (true)
                    {
                        list.Add(Value());
                        Skip();
                        if (_s[_i++] == ']')
                        {
                            return list;
                        }
                    }

                case '"':
                    return String();
                default:
                    var start = _i;
                    while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '-'))
                    {
                        _i++;
                    }

                    var token = _s.Substring(start, _i - start);
                    return token == "null" ? null : token == "true" ? true : token == "false" ? false : long.Parse(token, CultureInfo.InvariantCulture);
            }
        }

        private string String()
        {
            _i++; // opening quote
            var sb = new StringBuilder();
            while (_s[_i] != '"')
            {
                var c = _s[_i++];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                var e = _s[_i++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        sb.Append((char)int.Parse(_s.Substring(_i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _i += 4;
                        break;
                    default: sb.Append(e); break;
                }
            }

            _i++;
            return sb.ToString();
        }

        private void Skip()
        {
            while (_i < _s.Length && char.IsWhiteSpace(_s[_i]))
            {
                _i++;
            }
        }
    }
}
