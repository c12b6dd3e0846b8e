using System.Text.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Json;

/// <summary>Writes algebraic types in SpacetimeDB's SATS JSON encoding (the inverse of <see cref="JsonRead.AlgebraicType"/>).</summary>
internal static class SatsJsonWriter
{
    public static void Write(Utf8JsonWriter w, AlgebraicType t)
    {
        w.WriteStartObject();
        switch (t.Kind)
        {
            case AlgebraicTypeKind.Ref:
                w.WriteNumber("Ref", t.RefIndex);
                break;
            case AlgebraicTypeKind.Array:
                w.WritePropertyName("Array");
                Write(w, t.ElementType!);
                break;
            case AlgebraicTypeKind.Product:
            case AlgebraicTypeKind.Sum:
                var product = t.Kind == AlgebraicTypeKind.Product;
                w.WritePropertyName(product ? "Product" : "Sum");
                w.WriteStartObject();
                w.WritePropertyName(product ? "elements" : "variants");
                w.WriteStartArray();
                foreach (var m in t.Members)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("name");
                    WriteOptionalString(w, m.Name);
                    w.WritePropertyName("algebraic_type");
                    Write(w, m.Type);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                break;
            default:
                w.WritePropertyName(t.Kind.ToString());
                w.WriteStartArray();
                w.WriteEndArray();
                break;
        }

        w.WriteEndObject();
    }

    public static void WriteOptionalString(Utf8JsonWriter w, string? value)
    {
        w.WriteStartObject();
        if (value is null)
        {
            w.WritePropertyName("none");
            w.WriteStartArray();
            w.WriteEndArray();
        }
        else
        {
            w.WriteString("some", value);
        }

        w.WriteEndObject();
    }
}
