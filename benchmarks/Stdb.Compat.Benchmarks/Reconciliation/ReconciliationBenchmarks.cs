using System;
using BenchmarkDotNet.Attributes;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Benchmarks.Reconciliation;

/// <summary>
/// Reconciling a table view after a reconnect: every replayed row is unchanged (the common case), 10k vs 100k rows
/// (target ratio ≈ 10, linear), against clearing and refilling the view (what rebuilding a DbConnection does).
/// Bytes per unchanged row = Allocated / Rows; notifications for unchanged rows must be zero (checked in setup).
/// </summary>
[MemoryDiagnoser]
public class ReconciliationBenchmarks
{
    private static readonly DriverTable<Row, ulong> Table = new(
        "row",
        "Row",
        new[] { new DriverField("id", "Id", typeof(ulong), r => ((Row)r).Id), new DriverField("value", "Value", typeof(uint), r => ((Row)r).Value) },
        "id",
        static r => r.Id);

    private TableView<Row> _view = null!;
    private Row[] _replay = Array.Empty<Row>();
    private int _notifications;

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _view = new TableView<Row>(Table, () => new KeyedRowStore<Row, ulong>(Table), new Origins(), new Faults(), new Stdb.Compat.Internal.Pump(static _ => { }));
        _view.Inserted += _ => _notifications++;
        _view.Updated += _ => _notifications++;
        _view.Deleted += _ => _notifications++;
        _replay = new Row[Rows];
        for (var i = 0; i < Rows; i++)
        {
            _view.OnInsert(default, new Row((ulong)i, (uint)i));
            _replay[i] = new Row((ulong)i, (uint)i); // Equal by value, new instances: what the SDK decodes on replay.
        }

        _notifications = 0;
        ReconcileUnchanged();
        if (_notifications != 0)
        {
            throw new InvalidOperationException($"Unchanged rows fired {_notifications} notifications.");
        }
    }

    [Benchmark]
    public int ReconcileUnchanged()
    {
        var applied = new DriverEvent(DriverEventKind.SubscribeApplied);
        _view.BeginReconcile(1);
        foreach (var row in _replay)
        {
            _view.OnInsert(applied, row);
        }

        _view.SettleOne();
        return _notifications;
    }

    [Benchmark(Baseline = true)]
    public int ClearAndRefill()
    {
        var store = new KeyedRowStore<Row, ulong>(Table);
        foreach (var row in _replay)
        {
            store.Insert(row);
        }

        return store.Count;
    }

    public sealed record Row(ulong Id, uint Value);

    private sealed class Origins : IOriginResolver
    {
        public RowOrigin Resolve(in DriverEvent driverEvent) => RowOrigin.Subscription;
    }

    private sealed class Faults : ICallbackFaultSink
    {
        public void OnCallbackFault(string callback, Exception exception) => throw exception;
    }
}
