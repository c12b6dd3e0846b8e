using System;
using System.Globalization;
using System.Linq;

namespace Stdb.Compat.Benchmarks.Adapters;

/// <summary>
/// A supplement to <see cref="AdapterLayerBenchmarks"/> for a loaded machine, outside BenchmarkDotNet: both sides are set
/// up once and then run alternately (baseline, adapted, baseline, …) for many rounds, so that a burst of load from other
/// processes hits both alike; per row, the minimum and the median of each side and their ratio. Run with
/// <c>-- --interleaved-adapter [rounds]</c>. BenchmarkDotNet stays the proof; this only checks its ratio is not noise.
/// </summary>
internal static class InterleavedAdapterLayer
{
    public static void Run(int rounds)
    {
        var baseline = new AdapterLayerBenchmarks();
        baseline.BuildBaseline();
        var adapted = new AdapterLayerBenchmarks();
        adapted.BuildAdapted();
        var baselineNs = new double[rounds];
        var adaptedNs = new double[rounds];
        for (var warm = 0; warm < 20; warm++)
        {
            Measure(baseline.GeneratedViewHandWrittenMapping, baseline);
            Measure(adapted.ModelViewAdaptedRow, adapted);
        }

        for (var round = 0; round < rounds; round++)
        {
            baselineNs[round] = Measure(baseline.GeneratedViewHandWrittenMapping, baseline);
            adaptedNs[round] = Measure(adapted.ModelViewAdaptedRow, adapted);
        }

        baseline.Cleanup();
        adapted.Cleanup();
        Array.Sort(baselineNs);
        Array.Sort(adaptedNs);
        double Median(double[] sorted) => sorted[sorted.Length / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Side ({rounds} interleaved rounds of {AdapterLayerBenchmarks.BatchRows} rows) | min ns/row | median ns/row |"));
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| generated view + hand-written mapping | {baselineNs.Min():F1} | {Median(baselineNs):F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| model view (row adapter) | {adaptedNs.Min():F1} | {Median(adaptedNs):F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ratio | {adaptedNs.Min() / baselineNs.Min():F2}× | {Median(adaptedNs) / Median(baselineNs):F2}× |"));
    }

    private static double Measure(Action apply, AdapterLayerBenchmarks side)
    {
        var start = TimeProvider.System.GetTimestamp();
        apply();
        var elapsed = TimeProvider.System.GetElapsedTime(start);
        side.RemoveRows();
        return elapsed.TotalNanoseconds / AdapterLayerBenchmarks.BatchRows;
    }
}
