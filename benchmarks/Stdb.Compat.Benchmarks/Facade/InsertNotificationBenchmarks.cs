using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Game;
using GameModule;
using SpacetimeDB;
using SpacetimeDB.Types;
using Stdb.Compat.Benchmarks.Support;
using Stdb.Compat.Connection;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Benchmarks.Facade;

/// <summary>
/// Cost of one row-insert notification delivered through the façade (GameDriver → table view → app handler) against
/// the same notification delivered by the SDK stand-in's raw <c>OnInsert</c> (the baseline), in one run. Each
/// iteration applies one held server message carrying <see cref="Rows"/> inserted rows inside FrameTick; setup and
/// cleanup (writing and deleting the rows on the server) are outside the measurement. Results are per row.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[IterationCount(60)]
[WarmupCount(15)]
public class InsertNotificationBenchmarks
{
    private const string Database = "game";
    private const int BatchRows = 10_000;
    private SimulatedServer _server = null!;
    private DbConnection _raw = null!;
    private ICompatClient _client = null!;
    private long _seen;
    private ulong _nextId = 1_000_000;

    /// <summary>Rows per server message (one message per iteration keeps the timer resolution out of the result).</summary>
    [Params(BatchRows)]
    public int Rows { get; set; }

    [GlobalSetup(Target = nameof(RawSdkOnInsert))]
    public void SetupRaw()
    {
        _server = NewServer();
        _raw = DbConnection.Builder()
            .WithUri(_server.Uri.ToString())
            .WithDatabaseName(Database)
            .OnConnect((conn, _, _) => conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" }))
            .Build();
        _raw.Db.Player.OnInsert += (_, row) => _seen += (long)row.Id;
        for (var i = 0; i < 10; i++)
        {
            _raw.FrameTick();
        }
    }

    [GlobalSetup(Target = nameof(FacadeInserted))]
    public void SetupFacade()
    {
        _server = NewServer();
        _client = CompatClient.Create(new GameDriver(), new CompatClientOptions { ServerUri = _server.Uri, DatabaseName = Database, ReducerTimeout = Timeout.InfiniteTimeSpan });
        var connecting = _client.ConnectAsync();
        _client.Table<Player>().Inserted += change => _seen += (long)change.Row.Id;
        _client.Subscribe(new[] { "player" });
        for (var i = 0; i < 10 && !connecting.IsCompleted; i++)
        {
            _client.FrameTick();
        }

        for (var i = 0; i < 10; i++)
        {
            _client.FrameTick();
        }

        if (_client.State != CompatConnectionState.Connected)
        {
            throw new InvalidOperationException("The façade client did not connect.");
        }
    }

    [IterationSetup]
    public void WriteHeldRows() => HeldPlayerRows.Write(_server, Database, ref _nextId, Rows);

    [IterationCleanup]
    public void DeleteRows()
    {
        HeldPlayerRows.DeleteAll(_server, Database);
        Tick();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void RawSdkOnInsert() => ReleaseAndTick();

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void FacadeInserted() => ReleaseAndTick();

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw?.Disconnect();
        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.Dispose();
    }

    private void ReleaseAndTick()
    {
        _server.Faults.ReleaseDelivery();
        Tick();
    }

    private void Tick()
    {
        if (_client is not null)
        {
            _client.FrameTick();
        }
        else
        {
            _raw.FrameTick();
        }
    }

    private static SimulatedServer NewServer()
    {
        var server = new SimulatedServer(new SimulatedServerOptions { Version = "2.8.3" });
        server.Publish(Database, GameModules.V2());
        return server;
    }
}
