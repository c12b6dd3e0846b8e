using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Generators.Discovery;
using Stdb.Compat.Generators.Model;

namespace Stdb.Compat.Generators.Emit;

/// <summary>Writes the bindings manifest JSON (docs/manifest-format.md, <c>formatVersion: 1</c>) from a driver model.</summary>
internal static class ManifestJsonWriter
{
    public static string Write(DriverModel model)
    {
        var sb = new StringBuilder();
        sb.Append("{\"formatVersion\":1");
        sb.Append(",\"sdkMajor\":").Append(model.SdkMajor.ToString(CultureInfo.InvariantCulture));
        if (model.CliVersion is not null)
        {
            sb.Append(",\"cliVersion\":").Append(Sats.Quote(model.CliVersion));
        }

        if (model.CliCommit is not null)
        {
            sb.Append(",\"cliCommit\":").Append(Sats.Quote(model.CliCommit));
        }

        sb.Append(",\"wireNamePolicy\":").Append(model.SdkMajor >= 2 ? "\"SnakeCase\"" : "\"Declared\"");
        sb.Append(",\"typespace\":[").Append(string.Join(",", model.Typespace)).Append(']');
        sb.Append(",\"types\":[");
        sb.Append(string.Join(",", model.NamedTypes.Select(t =>
            "{\"name\":" + Sats.Quote(t.Name) + ",\"clrType\":" + Sats.Quote(t.ClrType) + ",\"typeRef\":" + t.TypeRef.ToString(CultureInfo.InvariantCulture) + "}")));
        sb.Append("],\"tables\":[");
        var firstTable = true;
        foreach (var table in model.Tables)
        {
            if (!firstTable)
            {
                sb.Append(',');
            }

            firstTable = false;
            sb.Append("{\"wireName\":").Append(Sats.Quote(table.WireName));
            sb.Append(",\"accessorName\":").Append(Sats.Quote(table.AccessorName));
            sb.Append(",\"isEvent\":").Append(table.IsEvent ? "true" : "false");
            sb.Append(",\"columns\":");
            Columns(sb, table.Columns);
            sb.Append(",\"primaryKey\":[").Append(table.PrimaryKeyIndex >= 0 ? table.PrimaryKeyIndex.ToString(CultureInfo.InvariantCulture) : string.Empty).Append(']');
            sb.Append(",\"indexes\":[");
            sb.Append(string.Join(",", table.Indexes.Select(i =>
                "{\"accessorName\":" + Sats.Quote(i.AccessorName) + ",\"algorithm\":\"BTree\",\"columns\":[" + string.Join(",", i.Columns.Select(c => c.ToString(CultureInfo.InvariantCulture))) + "]}")));
            sb.Append("]}");
        }

        sb.Append("],\"reducers\":[");
        var firstReducer = true;
        foreach (var reducer in model.Reducers)
        {
            if (!firstReducer)
            {
                sb.Append(',');
            }

            firstReducer = false;
            sb.Append("{\"wireName\":").Append(Sats.Quote(reducer.WireName));
            sb.Append(",\"accessorName\":").Append(Sats.Quote(reducer.AccessorName));
            sb.Append(",\"parameters\":");
            Columns(sb, reducer.Parameters);
            if (reducer.IsLifecycle)
            {
                sb.Append(",\"lifecycle\":true");
            }

            sb.Append('}');
        }

        sb.Append(']');
        if (model.Procedures.Count > 0)
        {
            sb.Append(",\"procedures\":[");
            sb.Append(string.Join(",", model.Procedures.Select(p =>
            {
                var one = new StringBuilder();
                one.Append("{\"wireName\":").Append(Sats.Quote(p.WireName));
                one.Append(",\"accessorName\":").Append(Sats.Quote(p.AccessorName));
                one.Append(",\"parameters\":");
                Columns(one, p.Parameters);
                if (p.ReturnAlgebraicTypeJson is not null)
                {
                    one.Append(",\"returnType\":").Append(p.ReturnAlgebraicTypeJson);
                }

                return one.Append('}').ToString();
            })));
            sb.Append(']');
        }

        if (model.Unknown.Count > 0)
        {
            sb.Append(",\"unknown\":[");
            sb.Append(string.Join(",", model.Unknown.Select(u =>
                "{\"kind\":" + Sats.Quote(u.Kind) + ",\"name\":" + Sats.Quote(u.Name) + ",\"detail\":" + Sats.Quote(u.Detail) + "}")));
            sb.Append(']');
        }

        sb.Append('}');
        return sb.ToString();
    }

    private static void Columns(StringBuilder sb, EquatableArray<FieldModel> fields)
    {
        sb.Append('[');
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var f = fields[i];
            sb.Append("{\"position\":").Append(i.ToString(CultureInfo.InvariantCulture));
            sb.Append(",\"name\":").Append(Sats.Quote(f.WireName));
            sb.Append(",\"clrType\":").Append(Sats.Quote(f.ClrTypeName));
            sb.Append(",\"algebraicType\":").Append(f.AlgebraicTypeJson).Append('}');
        }

        sb.Append(']');
    }
}
