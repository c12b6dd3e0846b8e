using System;
using BenchmarkDotNet.Attributes;
using SpacetimeDB.Types;
using Stdb.Compat.Adapters;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;
using Stdb.Compat.Benchmarks.Tables;

namespace Stdb.Compat.Benchmarks.Adapters;

/// <summary>
/// The adapter layer's own share, without the server, the socket and decoding: pre-decoded rows go through the model
/// of SDK 2.8's apply loop into the generated view (<see cref="RowApplyBenchmarks.NewTappedView"/>), then either to a
/// bare handler calling the hand-written mapping (baseline) or through the row adapter into the model view and its
/// app handler (ours), in steady state (rows removed again in [IterationCleanup], outside the measurement). Per row.
/// On both sides the generated view keeps no copy of the rows and the app never reads, so the model view keeps no
/// models either (checked in [GlobalCleanup]).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class AdapterLayerBenchmarks
{
    /// <summary>Rows per iteration, as in <see cref="RowApplyBenchmarks"/> (100,000 measured 3× slower per row on both sides: cache misses, not the adapter).</summary>
    public const int BatchRows = RowApplyBenchmarks.BatchRows;
    private static bool s_warmedUp;
    private Player[] _rows = null!;
    private SdkApplyModel _sdk = null!;
    private TableView<Player> _view = null!;
    private KeyedModelView<Hero, ulong>? _models;
    private Hero? _last;
    private long _seen;

    [GlobalSetup(Target = nameof(GeneratedViewHandWrittenMapping))]
    public void SetupBaseline()
    {
        WarmUpBothSides();
        BuildBaseline();
    }

    [GlobalSetup(Target = nameof(ModelViewAdaptedRow))]
    public void SetupAdapted()
    {
        WarmUpBothSides();
        BuildAdapted();
    }

    internal void BuildBaseline()
    {
        _rows = RowApplyBenchmarks.NewRows(BatchRows);
        (_sdk, _view) = RowApplyBenchmarks.NewTappedView(change =>
        {
            var hero = new Hero(change.Row.Id, change.Row.Username, change.Row.Score);
            _last = hero;
            _seen += (long)hero.Id;
        }, keepCopy: false);
    }

    internal void BuildAdapted()
    {
        _rows = RowApplyBenchmarks.NewRows(BatchRows);
        (_sdk, _view) = RowApplyBenchmarks.NewTappedView(null, keepCopy: false);
        var models = new KeyedModelView<Hero, ulong>(_view.Name, NoFaults.Instance);
        _models = models;
        models.Attach(_view, _view.Table, static row => new Hero(row.Id, row.Username, row.Score));
        models.Inserted += change =>
        {
            _last = change.Row;
            _seen += (long)change.Row.Id;
        };
    }

    /// <summary>
    /// Once per process, before either side is measured: both sides' batches, alternately, for a second (at least 50
    /// rounds), so the JIT has tiered the shared code up with both sides' calls in its profile. BDN's warm-up
    /// iterations are one batch each here ([InvocationCount(1)]): with three of them the measurement ran partly tier-0
    /// code (≈ 130–150 ns/row against ≈ 40 warmed), and in-process the side measured second ran code tiered on the
    /// first side's profile alone (the adapted side measured 56 ns/row alone, 73–94 ns/row after the baseline).
    /// </summary>
    internal static void WarmUpBothSides()
    {
        if (s_warmedUp)
        {
            return;
        }

        s_warmedUp = true;
        var baseline = new AdapterLayerBenchmarks();
        baseline.BuildBaseline();
        var adapted = new AdapterLayerBenchmarks();
        adapted.BuildAdapted();
        var started = TimeProvider.System.GetTimestamp();
        for (var rounds = 0; rounds < 50 || TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(1); rounds++)
        {
            baseline.GeneratedViewHandWrittenMapping();
            baseline.RemoveRows();
            adapted.ModelViewAdaptedRow();
            adapted.RemoveRows();
        }
    }

    [IterationCleanup]
    public void RemoveRows()
    {
        var ev = new DriverEvent(DriverEventKind.Transaction);
        foreach (var row in _rows)
        {
            ((IDriverTableListener<Player>)_view).OnDelete(ev, row);
        }

        _sdk.Clear();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void GeneratedViewHandWrittenMapping() => _sdk.ApplyInserts(_rows, OtherClientEvent);

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ModelViewAdaptedRow() => _sdk.ApplyInserts(_rows, OtherClientEvent);

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_last is null || _seen == 0)
        {
            throw new InvalidOperationException("The app handler never saw a row.");
        }

        // Both sides do the same work but the adapter: neither the generated view nor the model view keeps a copy.
        if (_view.KeepsRows || _models?.KeepsModels == true)
        {
            throw new InvalidOperationException("A view kept a copy of the rows: the sides do not compare like with like.");
        }
    }

    private static readonly object OtherClientEvent = new RowApplyBenchmarks.DriverEventBox(raw => new DriverEvent("create_player", new object(), callerIsSelf: false, DriverReducerStatus.Committed, null, 1, raw));

    private sealed class NoFaults : ICallbackFaultSink
    {
        public static readonly NoFaults Instance = new();

        public void OnCallbackFault(string callback, Exception exception)
        {
        }
    }
}
