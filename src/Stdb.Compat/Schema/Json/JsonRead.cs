using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Json;

/// <summary>Strict, path-aware accessors over <see cref="JsonElement"/> for the SATS JSON encoding.</summary>
internal static class JsonRead
{
    internal static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static SchemaFormatException Error(JsonPathNode path, string problem) => new(path.ToString(), problem);

    public static void RequireObject(JsonElement e, JsonPathNode path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"expected an object, found {Describe(e)}");
        }
    }

    public static JsonElement Property(JsonElement obj, string name, JsonPathNode path)
    {
        RequireObject(obj, path);
        if (!obj.TryGetProperty(name, out var value))
        {
            throw Error(path.Prop(name), "required property is missing");
        }

        return value;
    }

    public static bool TryProperty(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value);
    }

    public static string String(JsonElement e, JsonPathNode path) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(path, $"expected a string, found {Describe(e)}");

    public static string StringProp(JsonElement obj, string name, JsonPathNode path) => String(Property(obj, name, path), path.Prop(name));

    public static bool Bool(JsonElement e, JsonPathNode path) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error(path, $"expected a boolean, found {Describe(e)}"),
    };

    public static bool BoolProp(JsonElement obj, string name, JsonPathNode path) => Bool(Property(obj, name, path), path.Prop(name));

    public static long Integer(JsonElement e, JsonPathNode path, long min, long max)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var v))
        {
            throw Error(path, $"expected an integer, found {Describe(e)}");
        }

        if (v < min || v > max)
        {
            throw Error(path, $"integer {v} is outside the range {min}..{max}");
        }

        return v;
    }

    public static int U16(JsonElement e, JsonPathNode path) => (int)Integer(e, path, 0, ushort.MaxValue);

    public static int U32AsIndex(JsonElement e, JsonPathNode path) => (int)Integer(e, path, 0, int.MaxValue);

    public static BigInteger BigInt(JsonElement e, JsonPathNode path)
    {
        if (e.ValueKind != JsonValueKind.Number)
        {
            throw Error(path, $"expected an integer, found {Describe(e)}");
        }

        var raw = e.GetRawText();
        if (!BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            throw Error(path, $"expected an integer, found the number {raw}");
        }

        return v;
    }

    public static List<JsonElement> Array(JsonElement e, JsonPathNode path)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, $"expected an array, found {Describe(e)}");
        }

        var list = new List<JsonElement>(e.GetArrayLength());
        foreach (var item in e.EnumerateArray())
        {
            list.Add(item);
        }

        return list;
    }

    public static List<JsonElement> ArrayProp(JsonElement obj, string name, JsonPathNode path) => Array(Property(obj, name, path), path.Prop(name));

    public static int[] ColList(JsonElement e, JsonPathNode path)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, $"expected an array, found {Describe(e)}");
        }

        var count = e.GetArrayLength();
        if (count == 0)
        {
            return System.Array.Empty<int>();
        }

        var result = new int[count];
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            result[i] = U16(item, path.Index(i));
            i++;
        }

        return result;
    }

    /// <summary>Reads a sum value: an object with exactly one property. Returns the variant name and its payload.</summary>
    public static (string Variant, JsonElement Payload) Sum(JsonElement e, JsonPathNode path)
    {
        RequireObject(e, path);
        JsonProperty single = default;
        var count = 0;
        foreach (var p in e.EnumerateObject())
        {
            count++;
            single = p;
        }

        if (count != 1)
        {
            throw Error(path, $"expected a sum value (an object with exactly one property), found {count} properties");
        }

        return (VariantName(single), single.Value);
    }

    // Variant names of the SATS encoding, shared so that reading a sum allocates no string for its tag.
    private static readonly string[] KnownVariants =
    {
        "some", "none", "Ref", "Sum", "Product", "Array", "String", "Bool", "I8", "U8", "I16", "U16", "I32", "U32", "I64", "U64",
        "I128", "U128", "I256", "U256", "F32", "F64", "User", "System", "Public", "Private", "BTree", "Hash", "Direct", "Unique",
        "Init", "OnConnect", "OnDisconnect", "ClientCallable", "Typespace", "Types", "Tables", "Reducers", "Views", "Schedules",
        "LifeCycleReducers", "RowLevelSecurity", "ExplicitNames", "CaseConversionPolicy", "ViewPrimaryKeys", "Procedures",
        "Table", "Function", "Index", "ColumnDefaultValue", "View", "Procedure", "SnakeCase", "None", "V9", "V10",
    };

    private static readonly (byte[] Utf8, string Name)[][] KnownVariantsByLength = BuildKnownVariants();

    private static (byte[] Utf8, string Name)[][] BuildKnownVariants()
    {
        var max = 0;
        foreach (var n in KnownVariants)
        {
            max = Math.Max(max, n.Length);
        }

        var buckets = new List<(byte[], string)>[max + 1];
        foreach (var n in KnownVariants)
        {
            (buckets[n.Length] ??= new()).Add((System.Text.Encoding.UTF8.GetBytes(n), n));
        }

        var result = new (byte[], string)[max + 1][];
        for (var i = 0; i <= max; i++)
        {
            result[i] = buckets[i]?.ToArray() ?? System.Array.Empty<(byte[], string)>();
        }

        return result;
    }

    private static string VariantName(JsonProperty property)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length < KnownVariantsByLength.Length)
        {
            foreach (var (utf8, name) in KnownVariantsByLength[raw.Length])
            {
                if (raw.SequenceEqual(utf8))
                {
                    return name;
                }
            }
        }

        return property.Name; // unknown (newer) variants and escaped names
    }

    public static void Unit(JsonElement e, JsonPathNode path)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 0)
        {
            throw Error(path, $"expected the unit payload [], found {Describe(e)}");
        }
    }

    /// <summary>Reads <c>{"some": v}</c> / <c>{"none": []}</c>.</summary>
    public static bool Option(JsonElement e, JsonPathNode path, out JsonElement value)
    {
        var (variant, payload) = Sum(e, path);
        switch (variant)
        {
            case "some":
                value = payload;
                return true;
            case "none":
                Unit(payload, path.Prop("none"));
                value = default;
                return false;
            default:
                throw Error(path, $"expected an option (some/none), found the variant '{variant}'");
        }
    }

    public static string? OptionalString(JsonElement e, JsonPathNode path) =>
        Option(e, path, out var v) ? String(v, path.Prop("some")) : null;

    public static BigInteger? OptionalBigInt(JsonElement e, JsonPathNode path) =>
        Option(e, path, out var v) ? BigInt(v, path.Prop("some")) : null;

    public static byte[] Hex(JsonElement e, JsonPathNode path)
    {
        var s = String(e, path);
        if ((s.Length & 1) != 0)
        {
            throw Error(path, "hex byte string has an odd number of digits");
        }

        var bytes = new byte[s.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var hi = HexDigit(s[2 * i]);
            var lo = HexDigit(s[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                throw Error(path, $"'{s}' is not a hex byte string");
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        return bytes;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Reads an <c>AlgebraicType</c>. Refs are recorded so the caller can check them against the typespace.</summary>
    public static AlgebraicType AlgebraicType(JsonElement e, JsonPathNode path, List<(int Ref, JsonPathNode Path)> refs)
    {
        var (variant, payload) = Sum(e, path);
        var p = path.Prop(variant);
        switch (variant)
        {
            case "Ref":
                var index = U32AsIndex(payload, p);
                refs.Add((index, p));
                return Model.AlgebraicType.Ref(index);
            case "Sum":
                return Model.AlgebraicType.SumOwning(Members(Property(payload, "variants", p), p.Prop("variants"), refs));
            case "Product":
                var elements = Members(Property(payload, "elements", p), p.Prop("elements"), refs);
                return elements.Length == 0 ? Model.AlgebraicType.Unit : Model.AlgebraicType.ProductOwning(elements);
            case "Array":
                return Model.AlgebraicType.Array(AlgebraicType(payload, p, refs));
            default:
                if (!PrimitiveKinds.TryGetValue(variant, out var kind))
                {
                    throw Error(path, $"unknown AlgebraicType variant '{variant}'");
                }

                Unit(payload, p);
                return Model.AlgebraicType.Primitive(kind);
        }
    }

    public static AlgebraicTypeMember[] Members(JsonElement e, JsonPathNode path, List<(int Ref, JsonPathNode Path)> refs)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, $"expected an array, found {Describe(e)}");
        }

        var count = e.GetArrayLength();
        if (count == 0)
        {
            return System.Array.Empty<AlgebraicTypeMember>();
        }

        var result = new AlgebraicTypeMember[count];
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var ip = path.Index(i);
            var name = OptionalString(Property(item, "name", ip), ip.Prop("name"));
            var type = AlgebraicType(Property(item, "algebraic_type", ip), ip.Prop("algebraic_type"), refs);
            result[i++] = new AlgebraicTypeMember(name, type);
        }

        return result;
    }

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static readonly Dictionary<string, AlgebraicTypeKind> PrimitiveKinds = BuildPrimitiveKinds();

    private static Dictionary<string, AlgebraicTypeKind> BuildPrimitiveKinds()
    {
        var d = new Dictionary<string, AlgebraicTypeKind>(StringComparer.Ordinal);
        for (var k = AlgebraicTypeKind.String; k <= AlgebraicTypeKind.F64; k++)
        {
            d[k.ToString()] = k;
        }

        return d;
    }
}
