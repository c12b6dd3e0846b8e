using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Stdb.Compat.Connection;
using Stdb.Compat.Migrations;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Benchmarks.Migrations;

public sealed record SourceItem(ulong Id, string Name, uint Value);

public sealed record TargetItem(ulong Id, string Label, ulong Value);

public sealed record CopyBatch(IReadOnlyList<TargetItem> Items);

/// <summary>
/// A whole copy migration through the real client on the simulated server (BSATN encode, server transaction,
/// result delivery, ledger records): one call per row (the baseline, BatchSize 1) against batches of 100, at 10k and
/// 100k rows, in one run. The target reducer decodes and counts the rows without storing them (storage costs the
/// same per row in both modes, and the simulator clones a table per transaction, which would dominate). The ledger
/// is the in-memory one (fsync excluded). Allocated bytes at 10k vs 100k show the per-row cost stays flat: the
/// engine holds one batch of rows at a time (plus the ledger's key set).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class MigrationBenchmarks
{
    private const string Database = "bench";
    private static readonly SimColumn[] TargetColumns = { SimColumn.Of("id", SimType.U64), SimColumn.Of("label", SimType.String), SimColumn.Of("value", SimType.U64) };
    private SimulatedServer _server = null!;
    private ICompatClient _client = null!;
    private List<SourceItem> _rows = null!;
    private long _received;

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = new SimulatedServer();
        _server.Publish(Database, SimModule.Define(ModuleDefVersion.V10)
            .Table("target", t => t.Column("id", SimType.U64).Column("label", SimType.String).Column("value", SimType.U64).PrimaryKey("id"))
            .Reducer("copy_batch", p => p.Param("items", SimType.Array(SimType.Product(TargetColumns))), (_, args) =>
                Interlocked.Add(ref _received, ((IReadOnlyList<object?>)args[0]!).Count)));
        var driver = SimulatedDriver.Create(2)
            .Table<TargetItem, ulong>("target", TargetColumns, r => new TargetItem(r.Get<ulong>(0), r.Get<string>(1), r.Get<ulong>(2)), t => t.Id)
            .Reducer<CopyBatch>(
                "copy_batch",
                new[] { SimColumn.Of("items", SimType.Array(SimType.Product(TargetColumns))) },
                a => new SimRow((object)a.Items.Select(i => (object?)new SimRow(i.Id, i.Label, i.Value)).ToArray()),
                r => new CopyBatch(Array.Empty<TargetItem>()))
            .Build();
        _client = CompatClient.Create(driver, new CompatClientOptions { ServerUri = _server.Uri, DatabaseName = Database, ReducerTimeout = Timeout.InfiniteTimeSpan });
        Pump(_client.ConnectAsync());
        _rows = Enumerable.Range(1, Rows).Select(i => new SourceItem((ulong)i, "item" + i, (uint)i)).ToList();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long OneCallPerRow() => Migrate(1);

    [Benchmark]
    public long BatchesOf100() => Migrate(100);

    private long Migrate(int batchSize)
    {
        var migration = DataMigration.Create(_client, new MigrationOptions<SourceItem, TargetItem>
        {
            Name = "bench",
            Source = () => _rows,
            SourceKey = r => r.Id.ToString(CultureInfo.InvariantCulture),
            Transform = r => new TargetItem(r.Id, r.Name.ToUpperInvariant(), r.Value * 10UL),
            TargetCall = rows => new CopyBatch(rows),
            TargetExists = _ => false,
            Ledger = new InMemoryMigrationLedger(),
            BatchSize = batchSize,
        });
        var report = Pump(migration.RunAsync());
        if (report.Written != Rows)
        {
            throw new InvalidOperationException($"migrated {report.Written} of {Rows} rows: {report.StatusReason}");
        }

        return report.Written;
    }

    private T Pump<T>(Task<T> task)
    {
        Pump((Task)task);
        return task.GetAwaiter().GetResult();
    }

    private void Pump(Task task)
    {
        while (!task.IsCompleted)
        {
            _client.FrameTick();
            Thread.Yield();
        }

        task.GetAwaiter().GetResult();
    }
}
