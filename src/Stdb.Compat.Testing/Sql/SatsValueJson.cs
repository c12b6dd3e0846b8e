using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Sql;

/// <summary>
/// SATS JSON as the SQL route writes it: types with their names (<c>{"U64":[]}</c>), values without (the
/// <c>ProductValue</c> serde impl: products as arrays, sums as <c>[tag, payload]</c>, so an option is
/// <c>[0, value]</c> (some) or <c>[1, []]</c> (none)).
/// </summary>
internal static class SatsValueJson
{
    public static void WriteType(Utf8JsonWriter w, SimType type)
    {
        w.WriteStartObject();
        switch (type.Kind)
        {
            case SimTypeKind.Array:
                w.WritePropertyName("Array");
                WriteType(w, type.Element!);
                break;
            case SimTypeKind.Option:
                w.WriteStartObject("Sum");
                SimulatedSqlEndpoint.WriteElements(w, new[] { SimColumn.Of("some", type.Element!), SimColumn.Of("none", SimType.Product()) }, "variants");
                w.WriteEndObject();
                break;
            case SimTypeKind.Product:
                w.WriteStartObject("Product");
                SimulatedSqlEndpoint.WriteElements(w, type.Members, "elements");
                w.WriteEndObject();
                break;
            case SimTypeKind.Sum:
                w.WriteStartObject("Sum");
                SimulatedSqlEndpoint.WriteElements(w, type.Members, "variants");
                w.WriteEndObject();
                break;
            case SimTypeKind.Identity:
                Special(w, "__identity__", "U256");
                break;
            case SimTypeKind.ConnectionId:
                Special(w, "__connection_id__", "U128");
                break;
            case SimTypeKind.Timestamp:
                Special(w, "__timestamp_micros_since_unix_epoch__", "I64");
                break;
            default:
                w.WriteStartArray(type.Kind.ToString());
                w.WriteEndArray();
                break;
        }

        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, SimType type, object? value)
    {
        switch (type.Kind)
        {
            case SimTypeKind.Bool:
                w.WriteBooleanValue((bool)value!);
                break;
            case SimTypeKind.String:
                w.WriteStringValue((string)value!);
                break;
            case SimTypeKind.F32:
            case SimTypeKind.F64:
                w.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case SimTypeKind.U128:
            case SimTypeKind.U256:
            case SimTypeKind.I128:
                w.WriteRawValue(SimValues.ToBigInteger(value!).ToString(CultureInfo.InvariantCulture));
                break;
            case SimTypeKind.Identity:
            case SimTypeKind.ConnectionId:
                // Guess: a one-field product holding the number; written as its hex text (see docs/migrations.md).
                w.WriteStartArray();
                w.WriteStringValue("0x" + SimValues.Hex((byte[])value!));
                w.WriteEndArray();
                break;
            case SimTypeKind.Timestamp:
                w.WriteStartArray();
                w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                w.WriteEndArray();
                break;
            case SimTypeKind.Option:
                w.WriteStartArray();
                if (value is null)
                {
                    w.WriteNumberValue(1);
                    w.WriteStartArray();
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteNumberValue(0);
                    Write(w, type.Element!, value);
                }

                w.WriteEndArray();
                break;
            case SimTypeKind.Array:
                w.WriteStartArray();
                foreach (var item in SimValues.AsList(value!))
                {
                    Write(w, type.Element!, item);
                }

                w.WriteEndArray();
                break;
            case SimTypeKind.Product:
                var row = (SimRow)value!;
                w.WriteStartArray();
                for (var i = 0; i < type.Members.Count; i++)
                {
                    Write(w, type.Members[i].Type, row[i]);
                }

                w.WriteEndArray();
                break;
            case SimTypeKind.Sum:
                var sum = (SimSum)value!;
                w.WriteStartArray();
                w.WriteNumberValue(sum.Tag);
                Write(w, type.Members[sum.Tag].Type, sum.Payload);
                w.WriteEndArray();
                break;
            default:
                w.WriteRawValue(SimValues.ToBigInteger(value!).ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void Special(Utf8JsonWriter w, string field, string primitive)
    {
        w.WriteStartObject("Product");
        w.WriteStartArray("elements");
        w.WriteStartObject();
        w.WriteStartObject("name");
        w.WriteString("some", field);
        w.WriteEndObject();
        w.WriteStartObject("algebraic_type");
        w.WriteStartArray(primitive);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
