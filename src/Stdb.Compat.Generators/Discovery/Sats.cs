using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Stdb.Compat.Generators.Discovery;

/// <summary>Builds SATS algebraic types in SpacetimeDB's JSON encoding (module-def JSON, manifest format).</summary>
internal static class Sats
{
    public const string Unit = "{\"Product\":{\"elements\":[]}}";

    public static string Primitive(string kind) => "{\"" + kind + "\":[]}";

    public static string Ref(int index) => "{\"Ref\":" + index.ToString(CultureInfo.InvariantCulture) + "}";

    public static string Array(string element) => "{\"Array\":" + element + "}";

    public static string Product(IEnumerable<KeyValuePair<string?, string>> elements) => Composite("Product", "elements", elements);

    public static string Sum(IEnumerable<KeyValuePair<string?, string>> variants) => Composite("Sum", "variants", variants);

    public static string Option(string some) => Sum(new[]
    {
        new KeyValuePair<string?, string>("some", some),
        new KeyValuePair<string?, string>("none", Unit),
    });

    public static string Special(string elementName, string kind) =>
        Product(new[] { new KeyValuePair<string?, string>(elementName, Primitive(kind)) });

    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static string Composite(string kind, string listName, IEnumerable<KeyValuePair<string?, string>> members)
    {
        var sb = new StringBuilder();
        sb.Append("{\"").Append(kind).Append("\":{\"").Append(listName).Append("\":[");
        var first = true;
        foreach (var member in members)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            sb.Append("{\"name\":");
            sb.Append(member.Key is null ? "{\"none\":[]}" : "{\"some\":" + Quote(member.Key) + "}");
            sb.Append(",\"algebraic_type\":").Append(member.Value).Append('}');
        }

        return sb.Append("]}}").ToString();
    }
}
