using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GameModule;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Flags;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Runtime;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Schema;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Tests.Fakes;

// Generation 1 of the game's bindings (SDK 1.x names).
public sealed record PlayerV1(ulong Id, string Username, uint Score);

// Generation 2 (canonical names, display_name appended), and 2 + title.
public sealed record PlayerV2(ulong Id, string Username, uint Score, string? DisplayName);

public sealed record PlayerV3(ulong Id, string Username, uint Score, string? DisplayName, string? Title);

public sealed record CreatePlayerArgs(string Username);

public sealed record DealDamageArgs(ulong Target, uint Amount);

// The app's own model and commands: never change when the bindings do.
public sealed record Hero(ulong Id, string Name, uint Score);

public sealed record CreateHero(string Name);

public sealed record Hit(ulong Target, uint Amount);

public sealed record SetDisplayName(ulong Player, string DisplayName);

/// <summary>A flag whose variant the test sets, counting its evaluations.</summary>
public sealed class CountingFlag : ISchemaPathFlag
{
    private int _evaluations;

    public string? Variant { get; set; }

    public int Evaluations => Volatile.Read(ref _evaluations);

    public string Name => "Stdb.SchemaPath";

    public ValueTask<string?> GetPreferredPathAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _evaluations);
        return new ValueTask<string?>(Variant);
    }
}

/// <summary>The sample game's module on a simulated server, and clients over schema paths (fake time).</summary>
public sealed class PathWorld : IDisposable
{
    private static readonly SimColumn[] DamageColumns = { SimColumn.Of("target", SimType.U64), SimColumn.Of("amount", SimType.U32) };
    private readonly List<ICompatClient> _clients = new();
    private readonly List<ICompatClient> _pumped = new();
    private readonly List<SimulatedServer> _servers = new();

    public PathWorld(params (string Database, SimModule Module)[] databases)
    {
        Server = new SimulatedServer(new SimulatedServerOptions { Version = "2.8.3", TimeProvider = Time });
        foreach (var (database, module) in databases)
        {
            Server.Publish(database, module);
        }
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public SimulatedServer Server { get; }

    public CountingFlag Flag { get; } = new();

    public static SimulatedDriver V1Driver() => Reducers(SimulatedDriver.Create(2).WithSeed(1)
        .Table<PlayerV1, ulong>("Player", new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("username", SimType.String), SimColumn.Of("score", SimType.U32) }, r => new PlayerV1(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)), p => p.Id, encode: p => new SimRow(p.Id, p.Username, p.Score)))
        .Build();

    public static SimulatedDriver V2Driver() => Reducers(SimulatedDriver.Create(2).WithSeed(2)
        .Table<PlayerV2, ulong>("player", new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("username", SimType.String), SimColumn.Of("score", SimType.U32), SimColumn.Of("display_name", SimType.Option(SimType.String)) }, r => new PlayerV2(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2), r.Get<string?>(3)), p => p.Id, encode: p => new SimRow(p.Id, p.Username, p.Score, p.DisplayName)))
        .Build();

    public static SimulatedDriver V3Driver() => Reducers(SimulatedDriver.Create(2).WithSeed(3)
        .Table<PlayerV3, ulong>("player", new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("username", SimType.String), SimColumn.Of("score", SimType.U32), SimColumn.Of("display_name", SimType.Option(SimType.String)), SimColumn.Of("title", SimType.Option(SimType.String)) }, r => new PlayerV3(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2), r.Get<string?>(3), r.Get<string?>(4)), p => p.Id, encode: p => new SimRow(p.Id, p.Username, p.Score, p.DisplayName, p.Title)))
        .Build();

    /// <summary>The manifest a generation's bindings would carry: the schema of <paramref name="module"/> as published.</summary>
    public static BindingsManifest ManifestOf(SimModule module)
    {
        using var scratch = new SimulatedServer();
        scratch.Publish("m", module);
        var schema = new SimulatedModuleSchemaSource(scratch, "m").FetchAsync().GetAwaiter().GetResult().Schema;
        return new BindingsManifest
        {
            SdkMajor = 2,
            WireNamePolicy = schema.NamePolicy ?? WireNamePolicy.SnakeCase,
            Typespace = schema.Typespace,
            Types = schema.Types.Select(t => new ManifestType(t.Name, t.Name, t.TypeRef)).ToList(),
            Tables = schema.Tables.Select(t => new ManifestTable
            {
                WireName = t.Name,
                AccessorName = t.AccessorName ?? t.Name,
                Columns = t.Columns.Select(c => new ManifestColumn(c.Position, c.Name ?? string.Empty, "object", c.Type)).ToList(),
                PrimaryKey = t.PrimaryKey,
                IsEvent = t.IsEvent,
            }).ToList(),
            Reducers = schema.Reducers.Select(r => new ManifestReducer
            {
                WireName = r.Name,
                AccessorName = r.AccessorName ?? r.Name,
                Parameters = r.Parameters.Select(c => new ManifestColumn(c.Position, c.Name ?? string.Empty, "object", c.Type)).ToList(),
            }).ToList(),
        };
    }

    /// <summary>The schema check of a generation against <paramref name="database"/> on this server.</summary>
    public ICompatibilityCheck CheckOf(SimModule generation, string database) => CompatibilityChecks.FromSchemaChecker(SchemaCompatibilityChecker.Create(
        ManifestOf(generation),
        new SchemaCompatibilityOptions { ServerUri = Server.Uri, DatabaseName = database },
        new SimulatedModuleSchemaSource(Server, database),
        timeProvider: Time));

    /// <summary>Another simulated server on the same fake clock (a blue/green target), disposed with the world.</summary>
    public SimulatedServer AddServer(params (string Database, SimModule Module)[] databases)
    {
        var server = new SimulatedServer(new SimulatedServerOptions { Version = "2.8.3", TimeProvider = Time });
        foreach (var (database, module) in databases)
        {
            server.Publish(database, module);
        }

        _servers.Add(server);
        return server;
    }

    /// <summary>The schema check of a generation against <paramref name="database"/> on <paramref name="server"/>.</summary>
    public ICompatibilityCheck CheckOf(SimModule generation, string database, SimulatedServer server) => CompatibilityChecks.FromSchemaChecker(SchemaCompatibilityChecker.Create(
        ManifestOf(generation),
        new SchemaCompatibilityOptions { ServerUri = server.Uri, DatabaseName = database },
        new SimulatedModuleSchemaSource(server, database),
        timeProvider: Time));

    public ISchemaPathClient Client(SchemaPathOptions paths, string database = "game")
    {
        var options = new CompatClientOptions { ServerUri = Server.Uri, DatabaseName = database };
        var client = CompatClient.Create(paths, options, new CompatClientServices { TimeProvider = Time });
        _clients.Add(client);
        return client;
    }

    /// <summary>Pumps a client created (and disposed) elsewhere, e.g. by DI.</summary>
    public void Pump(ICompatClient client) => _pumped.Add(client);

    /// <summary>Pumps every client (advancing fake time a little each frame) until the task completes, bounded.</summary>
    public async Task<T> RunAsync<T>(Task<T> task)
    {
        await RunAsync((Task)task);
        return await task;
    }

    /// <summary>Pumps until <paramref name="task"/> completes, then awaits it; a task that never completes fails the test (it never hangs it).</summary>
    public async Task RunAsync(Task task)
    {
        await RunUntilAsync(() => task.IsCompleted);
        await task;
    }

    public async Task RunUntilAsync(Func<bool> condition, int frames = 20_000)
    {
        for (var frame = 0; frame < frames && !condition(); frame++)
        {
            Tick();
            if (frame % 10 == 9)
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
            }

            // Path selection (schema fetches, checks) runs off the pump on the thread pool. Task.Yield would requeue this
            // loop on its own thread's local queue and, with tests running in parallel, run 20,000 frames before that
            // work is dequeued; a fair task goes to the global queue behind it, so every frame lets it progress.
            await Task.Factory.StartNew(static () => { }, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
        }

        Assert.IsTrue(condition(), "The condition never held while pumping.");
        Tick();
    }

    public void Tick()
    {
        foreach (var client in _clients.Concat(_pumped))
        {
            if (client.State != CompatConnectionState.Closed)
            {
                client.FrameTick();
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Server.Dispose();
        foreach (var server in _servers)
        {
            server.Dispose();
        }
    }

    private static SimulatedDriverBuilder Reducers(SimulatedDriverBuilder builder) => builder
        .Reducer<CreatePlayerArgs>("create_player", new[] { SimColumn.Of("username", SimType.String) }, a => new SimRow(a.Username), r => new CreatePlayerArgs(r.Get<string>(0)))
        .Reducer<DealDamageArgs>("deal_damage", DamageColumns, a => new SimRow(a.Target, a.Amount), r => new DealDamageArgs(r.Get<ulong>(0), r.Get<uint>(1)));
}
