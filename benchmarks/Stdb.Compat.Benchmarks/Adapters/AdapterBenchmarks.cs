using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Game;
using GameModule;
using SpacetimeDB.Types;
using Stdb.Compat.Adapters;
using Stdb.Compat.Benchmarks.Support;
using Stdb.Compat.Connection;
using Stdb.Compat.Flags;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Benchmarks.Adapters;

/// <summary>The app's own model of a player row (what app code sees on every path).</summary>
public sealed record Hero(ulong Id, string Name, uint Score);

/// <summary>The app's command: create a hero.</summary>
public sealed record CreateHero(string Name);

/// <summary>
/// Cost of one adapted row notification: the schema-path client's <c>Table&lt;Hero&gt;()</c> over the generated
/// <c>Player</c> row with a row adapter (generated view → model view → app handler), against the baseline: the plain
/// client's generated <c>Table&lt;Player&gt;()</c> whose bare handler calls the same hand-written mapping on the same
/// rows. Both sides receive the identical held server message of <see cref="Rows"/> inserted rows inside FrameTick
/// (decode, apply, generated view, handler); writing and deleting the rows on the server are outside the measurement.
/// Results are per row. The schema-path client's flag counts its evaluations: setup records the count after connecting
/// and then makes <see cref="Calls"/> reducer calls through the command adapter; cleanup prints the count and throws if
/// any row or call evaluated the flag.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class AdapterBenchmarks
{
    private const string Database = "game";
    private const int BatchRows = 10_000;
    private const int Calls = 100;
    private SimulatedServer _server = null!;
    private ICompatClient _client = null!;
    private CountingFlag? _flag;
    private int _evaluationsAfterConnect;
    private Hero? _last;
    private long _seen;
    private ulong _nextId = 1_000_000;

    /// <summary>Rows per server message (one message per iteration keeps the timer resolution out of the result).</summary>
    [Params(BatchRows)]
    public int Rows { get; set; }

    [GlobalSetup(Target = nameof(HandWrittenMapping))]
    public void SetupBaseline()
    {
        _server = NewServer();
        _client = CompatClient.Create(new GameDriver(), Options(_server));
        _client.Table<Player>().Inserted += change =>
        {
            var hero = HeroMaps.FromPlayer(change.Row);
            _last = hero;
            _seen += (long)hero.Id;
        };
        Connect(i => _client.CallReducerAsync(new Reducer.CreatePlayer("h" + i)));
    }

    [GlobalSetup(Target = nameof(AdaptedRow))]
    public void SetupAdapted()
    {
        _server = NewServer();
        _flag = new CountingFlag();
        var paths = new SchemaPathOptions { Flag = _flag }
            .Add("v2", new GameDriver(), p => p
                .Rows<Player, Hero>(HeroMaps.FromPlayer)
                .Command<CreateHero, Reducer.CreatePlayer>(c => new Reducer.CreatePlayer(c.Name)));
        _client = CompatClient.Create(paths, Options(_server), new CompatClientServices());
        _client.Table<Hero>().Inserted += change =>
        {
            _last = change.Row;
            _seen += (long)change.Row.Id;
        };
        Connect(i => _client.CallReducerAsync(new CreateHero("h" + i)));
        Console.WriteLine($"// flag evaluations after connect: {_evaluationsAfterConnect}");
    }

    [IterationSetup]
    public void WriteHeldRows() => HeldPlayerRows.Write(_server, Database, ref _nextId, Rows);

    [IterationCleanup]
    public void DeleteRows()
    {
        HeldPlayerRows.DeleteAll(_server, Database);
        _client.FrameTick();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void HandWrittenMapping() => ReleaseAndTick();

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void AdaptedRow() => ReleaseAndTick();

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.Dispose();
        if (_last is null || _seen == 0)
        {
            throw new InvalidOperationException("The app handler never saw a row.");
        }

        if (_flag is not null)
        {
            var perRowsAndCalls = _flag.Evaluations - _evaluationsAfterConnect;
            Console.WriteLine($"// flag evaluations: {_flag.Evaluations} in total, {perRowsAndCalls} after connecting ({Calls} reducer calls, rows applied and deleted: {_nextId - 1_000_000})");
            if (perRowsAndCalls != 0)
            {
                throw new InvalidOperationException($"The schema-path flag was evaluated {perRowsAndCalls} times by rows or calls; it must be read only per connection attempt.");
            }
        }
    }

    private static CompatClientOptions Options(SimulatedServer server) =>
        new() { ServerUri = server.Uri, DatabaseName = Database, ReducerTimeout = Timeout.InfiniteTimeSpan };

    private static SimulatedServer NewServer()
    {
        var server = new SimulatedServer(new SimulatedServerOptions { Version = "2.8.3" });
        server.Publish(Database, GameModules.V2());
        return server;
    }

    /// <summary>Connects, then makes <see cref="Calls"/> reducer calls and pushes a few row batches through (not measured).</summary>
    private void Connect(Func<int, Task<ReducerOutcome>> call)
    {
        var connecting = _client.ConnectAsync();
        _client.Subscribe(new[] { "player" });
        // Path selection runs its checks off the pump (async): pump until the connect settles, bounded by wall time.
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!connecting.IsCompleted && started.Elapsed < TimeSpan.FromSeconds(10))
        {
            _client.FrameTick();
            Thread.Sleep(1);
        }

        for (var i = 0; i < 10; i++)
        {
            _client.FrameTick();
        }

        if (_client.State != CompatConnectionState.Connected)
        {
            throw new InvalidOperationException("The client did not connect.");
        }

        _evaluationsAfterConnect = _flag?.Evaluations ?? 0;
        for (var i = 0; i < Calls; i++)
        {
            var outcome = call(i);
            for (var frame = 0; frame < 1000 && !outcome.IsCompleted; frame++)
            {
                _client.FrameTick();
            }

            if (outcome.Result.Kind != ReducerOutcomeKind.Committed)
            {
                throw new InvalidOperationException($"Call {i} ended {outcome.Result.Kind}: {outcome.Result.Reason}");
            }
        }

        // Both benchmarks run in one process (--inProcess): push a few batches through first, so that the one measured
        // second does not inherit JIT tiering warmed by the first.
        for (var batch = 0; batch < 5; batch++)
        {
            WriteHeldRows();
            ReleaseAndTick();
            DeleteRows();
        }
    }

    private void ReleaseAndTick()
    {
        _server.Faults.ReleaseDelivery();
        _client.FrameTick();
    }

    /// <summary>The app's hand-written adapter (one allocation: the model).</summary>
    private static class HeroMaps
    {
        public static Hero FromPlayer(Player row) => new(row.Id, row.Username, row.Score);
    }

    /// <summary>A schema-path flag that counts how often it is read.</summary>
    private sealed class CountingFlag : ISchemaPathFlag
    {
        private int _evaluations;

        public string Name => "Stdb.SchemaPath";

        public int Evaluations => Volatile.Read(ref _evaluations);

        public ValueTask<string?> GetPreferredPathAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _evaluations);
            return new ValueTask<string?>("v2");
        }
    }
}
