using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Stdb.Compat.Connection;
using Stdb.Compat.Migrations;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Tests.Migrations;

public sealed record ItemV1(ulong Id, string Name, uint Value);

public sealed record ItemV2(ulong Id, string Label, ulong Value);

public sealed record CopyItems(IReadOnlyList<ItemV2> Items);

public sealed record DeleteItems(IReadOnlyList<ulong> Ids);

public sealed record StatusRow(uint Id, ulong Cursor, bool Done, ulong Processed);

public sealed record MigrateStep(ulong Cursor);

/// <summary>
/// A module with a v1 table and a v2 table, a batch copy reducer that refuses "unlucky" values (multiples of 13) and
/// counts any attempt to write a row twice, a batch delete reducer, and a one-off migration reducer with a status row.
/// </summary>
internal sealed class MigrationWorld : IDisposable
{
    public const string Database = "game";
    private static readonly SimColumn[] V1Columns = { SimColumn.Of("id", SimType.U64), SimColumn.Of("name", SimType.String), SimColumn.Of("value", SimType.U32) };
    private static readonly SimColumn[] V2Columns = { SimColumn.Of("id", SimType.U64), SimColumn.Of("label", SimType.String), SimColumn.Of("value", SimType.U64) };
    private static readonly SimColumn[] StatusColumns = { SimColumn.Of("id", SimType.U32), SimColumn.Of("cursor", SimType.U64), SimColumn.Of("done", SimType.Bool), SimColumn.Of("processed", SimType.U64) };
    private int _duplicates;
    private int _copyCalls;

    public MigrationWorld(int rows, int seed = 1)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Server = new SimulatedServer(new SimulatedServerOptions { TimeProvider = Time, Seed = seed });
        Server.Publish(Database, Module());
        var db = Server.Database(Database);
        db.Transaction(ctx =>
        {
            for (var i = 1; i <= rows; i++)
            {
                ctx.Table("item_v1").Insert(new SimRow((ulong)i, "item" + i, (uint)(i * 7 % 50)));
            }
        });
    }

    public FakeTimeProvider Time { get; }

    public SimulatedServer Server { get; }

    /// <summary>Attempts to write a row that was already on the target (must stay 0).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Calls of copy_items the server ran.</summary>
    public int CopyCalls => Volatile.Read(ref _copyCalls);

    public static ItemV2 Transform(ItemV1 row) => new(row.Id, row.Name.ToUpperInvariant(), row.Value * 10UL);

    public static bool IsUnlucky(ItemV2 row) => row.Value % 13 == 0;

    public IReadOnlyList<ItemV1> SourceRows() => Server.Database(Database).Table("item_v1").Iter().Select(r => new ItemV1(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2))).ToList();

    public IReadOnlyList<ItemV2> TargetRows() => Server.Database(Database).Table("item_v2").Iter().Select(r => new ItemV2(r.Get<ulong>(0), r.Get<string>(1), r.Get<ulong>(2))).ToList();

    public ICompatClient CreateClient(int seed = 1)
    {
        var options = new CompatClientOptions { ServerUri = Server.Uri, DatabaseName = Database, ReducerTimeout = TimeSpan.FromHours(1) };
        foreach (var retry in new Stdb.Compat.Resilience.RetryOptions[] { options.Resilience.Connect, options.Resilience.Reconnect })
        {
            retry.Delay = TimeSpan.FromMilliseconds(100);
            retry.MaxDelay = TimeSpan.FromSeconds(1);
            retry.UseJitter = false;
        }

        options.Resilience.Connect.MaxRetryAttempts = int.MaxValue;
        return CompatClient.Create(Driver(seed), options, timeProvider: Time);
    }

    /// <summary>Connects, subscribes to every table and waits until applied; returns the subscription.</summary>
    public async Task<ICompatSubscription> ConnectAsync(ICompatClient client)
    {
        var subscription = client.Subscribe(new[] { "item_v1", "item_v2", "migration_status" });
        await PumpAsync(client, client.ConnectAsync());
        await PumpAsync(client, subscription.Applied);
        return subscription;
    }

    public MigrationOptions<ItemV1, ItemV2> Options(ICompatClient client, ICompatSubscription subscription, IMigrationLedger ledger, int batchSize = 10) => new()
    {
        Name = "items-v1-to-v2",
        Source = () => client.Table<ItemV1>().Snapshot(),
        SourceKey = r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Transform = Transform,
        TargetCall = rows => new CopyItems(rows),
        TargetExists = row => client.Table<ItemV2>().TryFind(row.Id, out _),
        TargetReady = () => subscription.IsActive,
        RollbackCall = keys => new DeleteItems(keys.Select(k => ulong.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToList()),
        Ledger = ledger,
        BatchSize = batchSize,
        RetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>Pumps the client and advances fake time until <paramref name="task"/> completes (or <paramref name="stop"/> says so).</summary>
    public async Task PumpAsync(ICompatClient client, Task task, Func<bool>? stop = null, Action? afterFrame = null, int maxFrames = 400_000)
    {
        for (var frame = 0; frame < maxFrames && !task.IsCompleted; frame++)
        {
            if (stop?.Invoke() == true)
            {
                return;
            }

            client.FrameTick();
            afterFrame?.Invoke();
            if (frame % 4 == 3)
            {
                Time.Advance(TimeSpan.FromMilliseconds(20));
            }

            await Task.Yield();
        }

        if (stop?.Invoke() == true)
        {
            return;
        }

        if (!task.IsCompleted)
        {
            throw new TimeoutException("The task did not complete while pumping.");
        }

        await task;
    }

    public async Task<T> PumpAsync<T>(ICompatClient client, Task<T> task, Action? afterFrame = null)
    {
        await PumpAsync(client, (Task)task, afterFrame: afterFrame);
        return await task;
    }

    /// <summary>Runs a few frames so the client takes in what the server sent.</summary>
    public async Task FramesAsync(ICompatClient client, int frames = 5)
    {
        for (var i = 0; i < frames; i++)
        {
            client.FrameTick();
            await Task.Yield();
        }
    }

    public void Dispose() => Server.Dispose();

    private SimModule Module() => SimModule.Define(ModuleDefVersion.V10)
        .Table("item_v1", t => t.Column("id", SimType.U64).Column("name", SimType.String).Column("value", SimType.U32).PrimaryKey("id"))
        .Table("item_v2", t => t.Column("id", SimType.U64).Column("label", SimType.String).Column("value", SimType.U64).PrimaryKey("id"))
        .Table("migration_status", t => t.Column("id", SimType.U32).Column("cursor", SimType.U64).Column("done", SimType.Bool).Column("processed", SimType.U64).PrimaryKey("id"))
        .Reducer("copy_items", p => p.Param("items", SimType.Array(SimType.Product(V2Columns))), (ctx, args) =>
        {
            Interlocked.Increment(ref _copyCalls);
            var table = ctx.Table("item_v2");
            foreach (var item in (IEnumerable<object?>)args[0]!)
            {
                var row = (SimRow)item!;
                if (row.Get<ulong>(2) % 13 == 0)
                {
                    throw new ReducerFailedException($"unlucky value {row.Get<ulong>(2)} for item {row.Get<ulong>(0)}");
                }

                if (table.Find(row.Get<ulong>(0)) is not null)
                {
                    Interlocked.Increment(ref _duplicates);
                    throw new ReducerFailedException($"item {row.Get<ulong>(0)} already exists");
                }

                table.Insert(new SimRow(row.Get<ulong>(0), row.Get<string>(1), row.Get<ulong>(2)));
            }
        })
        .Reducer("delete_items", p => p.Param("ids", SimType.Array(SimType.U64)), (ctx, args) =>
        {
            foreach (var id in (IEnumerable<object?>)args[0]!)
            {
                if (!ctx.Table("item_v2").DeleteByKey((ulong)id!))
                {
                    throw new ReducerFailedException($"no item {id}");
                }
            }
        })
        .Reducer("migrate_step", p => p.Param("cursor", SimType.U64), (ctx, args) =>
        {
            var status = ctx.Table("migration_status");
            var current = status.Find(0u) ?? status.Insert(new SimRow(0u, 0UL, false, 0UL));
            if (current.Get<ulong>(1) != args.Get<ulong>(0))
            {
                throw new ReducerFailedException($"stale cursor {args.Get<ulong>(0)}; the status row is at {current.Get<ulong>(1)}");
            }

            var next = ctx.Table("item_v1").Iter().Where(r => r.Get<ulong>(0) > current.Get<ulong>(1)).OrderBy(r => r.Get<ulong>(0)).Take(5).ToList();
            foreach (var r in next)
            {
                ctx.Table("item_v2").Insert(new SimRow(r.Get<ulong>(0), r.Get<string>(1).ToUpperInvariant(), r.Get<uint>(2) * 10UL));
            }

            var cursor = next.Count == 0 ? current.Get<ulong>(1) : next[^1].Get<ulong>(0);
            status.Update(new SimRow(0u, cursor, next.Count == 0, current.Get<ulong>(3) + (ulong)next.Count));
        });

    private static SimulatedDriver Driver(int seed) => SimulatedDriver.Create(2).WithSeed(seed)
        .Table<ItemV1, ulong>("item_v1", V1Columns, r => new ItemV1(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)), i => i.Id)
        .Table<ItemV2, ulong>("item_v2", V2Columns, r => new ItemV2(r.Get<ulong>(0), r.Get<string>(1), r.Get<ulong>(2)), i => i.Id)
        .Table<StatusRow, uint>("migration_status", StatusColumns, r => new StatusRow(r.Get<uint>(0), r.Get<ulong>(1), r.Get<bool>(2), r.Get<ulong>(3)), s => s.Id)
        .Reducer<CopyItems>(
            "copy_items",
            new[] { SimColumn.Of("items", SimType.Array(SimType.Product(V2Columns))) },
            a => new SimRow((object)a.Items.Select(i => (object?)new SimRow(i.Id, i.Label, i.Value)).ToArray()),
            r => new CopyItems(((IEnumerable<object?>)r[0]!).Select(o => (SimRow)o!).Select(s => new ItemV2(s.Get<ulong>(0), s.Get<string>(1), s.Get<ulong>(2))).ToList()))
        .Reducer<DeleteItems>(
            "delete_items",
            new[] { SimColumn.Of("ids", SimType.Array(SimType.U64)) },
            a => new SimRow((object)a.Ids.Select(i => (object?)i).ToArray()),
            r => new DeleteItems(((IEnumerable<object?>)r[0]!).Select(o => (ulong)o!).ToList()))
        .Reducer<MigrateStep>("migrate_step", new[] { SimColumn.Of("cursor", SimType.U64) }, a => new SimRow(a.Cursor), r => new MigrateStep(r.Get<ulong>(0)))
        .Build();
}
