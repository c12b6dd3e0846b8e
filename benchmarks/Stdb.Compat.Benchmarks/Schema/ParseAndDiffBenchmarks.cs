using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Benchmarks.Schema;

/// <summary>Parse + diff of a generated module: 500 tables against the 50-table baseline (target ratio ≈ 10, linear).</summary>
[MemoryDiagnoser]
public class ParseAndDiffBenchmarks
{
    private string _small = string.Empty;
    private string _smallChanged = string.Empty;
    private string _large = string.Empty;
    private string _largeChanged = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _small = GenerateV10(50, changed: false);
        _smallChanged = GenerateV10(50, changed: true);
        _large = GenerateV10(500, changed: false);
        _largeChanged = GenerateV10(500, changed: true);
    }

    [Benchmark(Baseline = true)]
    public int Tables50() => Run(_small, _smallChanged);

    [Benchmark]
    public int Tables500() => Run(_large, _largeChanged);

    private static int Run(string expectedJson, string liveJson)
    {
        ModuleSchema expected = ModuleDefJson.Read(expectedJson);
        ModuleSchema live = ModuleDefJson.Read(liveJson);
        return SchemaCompatibility.Diff(expected, live).Count;
    }

    /// <summary>A V10 module with <paramref name="tables"/> tables of 8 columns (one enum column) and one reducer per table.</summary>
    internal static string GenerateV10(int tables, bool changed)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("{\"sections\":[{\"Typespace\":{\"types\":[");
        sb.Append("{\"Sum\":{\"variants\":[{\"name\":{\"some\":\"a\"},\"algebraic_type\":{\"Product\":{\"elements\":[]}}},{\"name\":{\"some\":\"b\"},\"algebraic_type\":{\"Product\":{\"elements\":[]}}}")
            .Append(changed ? ",{\"name\":{\"some\":\"c\"},\"algebraic_type\":{\"Product\":{\"elements\":[]}}}" : string.Empty).Append("]}}");
        string[] types = { "U64", "String", "U32", "Bool", "I64", "F64", "U8" };
        for (var t = 0; t < tables; t++)
        {
            sb.Append(",{\"Product\":{\"elements\":[");
            for (var c = 0; c < 7; c++)
            {
                var ty = changed && t % 10 == 3 && c == 2 ? "U64" : types[c];
                sb.Append(inv, $"{{\"name\":{{\"some\":\"col_{c}\"}},\"algebraic_type\":{{\"{ty}\":[]}}}},");
            }

            sb.Append("{\"name\":{\"some\":\"status\"},\"algebraic_type\":{\"Ref\":0}}]}}");
        }

        sb.Append("]}},{\"Tables\":[");
        for (var t = 0; t < tables; t++)
        {
            if (t > 0)
            {
                sb.Append(',');
            }

            sb.Append(inv, $"{{\"source_name\":\"Table{t}\",\"product_type_ref\":{t + 1},\"primary_key\":[0],\"indexes\":[{{\"source_name\":{{\"some\":\"table{t}_col_0_idx_btree\"}},\"accessor_name\":{{\"some\":\"Id\"}},\"algorithm\":{{\"BTree\":[0]}}}}],\"constraints\":[{{\"source_name\":{{\"some\":\"table{t}_col_0_key\"}},\"data\":{{\"Unique\":{{\"columns\":[0]}}}}}}],\"sequences\":[],\"table_type\":{{\"User\":[]}},\"table_access\":{{\"Public\":[]}},\"default_values\":[],\"is_event\":false}}");
        }

        sb.Append("]},{\"Reducers\":[");
        for (var t = 0; t < tables; t++)
        {
            if (t > 0)
            {
                sb.Append(',');
            }

            sb.Append(inv, $"{{\"source_name\":\"Touch{t}\",\"params\":{{\"elements\":[{{\"name\":{{\"some\":\"id\"}},\"algebraic_type\":{{\"U64\":[]}}}}]}},\"visibility\":{{\"ClientCallable\":[]}},\"ok_return_type\":{{\"Product\":{{\"elements\":[]}}}},\"err_return_type\":{{\"String\":[]}}}}");
        }

        sb.Append("]},{\"ExplicitNames\":{\"entries\":[");
        for (var t = 0; t < tables; t++)
        {
            if (t > 0)
            {
                sb.Append(',');
            }

            sb.Append(inv, $"{{\"Table\":{{\"source_name\":\"Table{t}\",\"canonical_name\":\"table{t}\"}}}},{{\"Function\":{{\"source_name\":\"Touch{t}\",\"canonical_name\":\"touch{t}\"}}}}");
        }

        sb.Append("]}}]}");
        return sb.ToString();
    }
}
