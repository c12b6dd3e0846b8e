using System;
using System.Globalization;
using SpacetimeDB.Types;

namespace Stdb.Compat.Benchmarks.Tables;

/// <summary>
/// Retained (kept) bytes per row after a first fill, measured outside BenchmarkDotNet (it has no retained-memory
/// column): <c>GC.GetTotalMemory(forceFullCollection: true)</c> before and after filling, with the rows themselves
/// created before the first reading so only the caches count. Run with <c>-- --kept</c>.
/// </summary>
internal static class KeptBytesPerRow
{
    public static void Run(int rows)
    {
        var data = RowApplyBenchmarks.NewRows(rows);
        var context = new RowApplyBenchmarks.DriverEventBox(static raw => new Stdb.Compat.Driver.DriverEvent(Stdb.Compat.Driver.DriverEventKind.SubscribeApplied, raw));

        var before = GC.GetTotalMemory(true);
        var sdk = new SdkApplyModel(); // Lean model.
        sdk.OnInsert += static (_, _) => { };
        sdk.ApplyInserts(data, context);
        var sdkKept = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(sdk);
        sdk = null;

        before = GC.GetTotalMemory(true);
        var (tapped, view) = RowApplyBenchmarks.NewTappedView(static _ => { });
        tapped.ApplyInserts(data, context);
        var oursKept = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(tapped);
        GC.KeepAlive(view);
        GC.KeepAlive(data);

        before = GC.GetTotalMemory(true);
        var (lean, leanView) = RowApplyBenchmarks.NewTappedView(static _ => { }, keepCopy: false);
        lean.ApplyInserts(data, context);
        var leanKept = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(lean);
        GC.KeepAlive(leanView);

        before = GC.GetTotalMemory(true);
        var sdk28 = new Sdk28PlayerTable<SharedCase>();
        sdk28.OnInsert += static (_, _) => { };
        sdk28.ApplyInserts(data, context);
        var sdk28Kept = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(sdk28);
        sdk28 = null;

        before = GC.GetTotalMemory(true);
        var (tapped28, view28) = RowApplyBenchmarks.NewSdk28TappedView<SharedCase>(static _ => { });
        tapped28.ApplyInserts(data, context);
        var ours28Kept = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(tapped28);
        GC.KeepAlive(view28);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Path | Rows | Kept bytes | Kept bytes/row |"));
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SDK 2.8 model: cache + Id unique index + bare handler | {rows} | {sdk28Kept} | {(double)sdk28Kept / rows:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SDK 2.8 model + tap -> view (copy kept) -> handler | {rows} | {ours28Kept} | {(double)ours28Kept / rows:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Lean model: SDK cache + bare handler | {rows} | {sdkKept} | {(double)sdkKept / rows:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SDK cache + tap -> view -> handler | {rows} | {oursKept} | {(double)oursKept / rows:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| View's own share (copy kept) | {rows} | {oursKept - sdkKept} | {(double)(oursKept - sdkKept) / rows:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SDK cache + tap -> view without copy -> handler | {rows} | {leanKept} | {(double)leanKept / rows:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| View's own share (no copy) | {rows} | {leanKept - sdkKept} | {(double)(leanKept - sdkKept) / rows:F1} |"));
    }
}
