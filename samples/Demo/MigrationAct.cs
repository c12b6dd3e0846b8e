using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Stdb.Compat.Connection;
using Stdb.Compat.Migrations;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Server;

namespace Demo;

internal sealed record PlayerV1(ulong Id, string Name, uint Score);

internal sealed record PlayerV2(ulong Id, string Name, ulong Score, string Rank);

internal sealed record ImportPlayers(IReadOnlyList<PlayerV2> Players);

/// <summary>
/// The migration act: move 200 players from the v1 table to the v2 table through a batch reducer, with progress;
/// the process is killed part way, runs again with the same ledger and writes each row exactly once; verify is green.
/// </summary>
internal static class MigrationAct
{
    private static readonly SimColumn[] V1 = { SimColumn.Of("id", SimType.U64), SimColumn.Of("name", SimType.String), SimColumn.Of("score", SimType.U32) };
    private static readonly SimColumn[] V2 = { SimColumn.Of("id", SimType.U64), SimColumn.Of("name", SimType.String), SimColumn.Of("score", SimType.U64), SimColumn.Of("rank", SimType.String) };

    public static async Task PlayAsync()
    {
        Console.WriteLine();
        Console.WriteLine("=== Migration: player_v1 -> player_v2, killed part way and resumed");
        using var server = new SimulatedServer();
        var writes = 0;
        server.Publish("game", SimModule.Define(ModuleDefVersion.V10)
            .Table("player_v1", t => t.Column("id", SimType.U64).Column("name", SimType.String).Column("score", SimType.U32).PrimaryKey("id"))
            .Table("player_v2", t => t.Column("id", SimType.U64).Column("name", SimType.String).Column("score", SimType.U64).Column("rank", SimType.String).PrimaryKey("id"))
            .Reducer("import_players", p => p.Param("players", SimType.Array(SimType.Product(V2))), (ctx, args) =>
            {
                foreach (var row in ((IEnumerable<object?>)args[0]!).Cast<SimRow>())
                {
                    ctx.Table("player_v2").Insert(row);
                    writes++;
                }
            }));
        server.Database("game").Transaction(ctx =>
        {
            for (var i = 1; i <= 200; i++)
            {
                ctx.Table("player_v1").Insert(new SimRow((ulong)i, "player" + i, (uint)(i * 37 % 1000)));
            }
        });

        var ledgerPath = Path.Combine(Path.GetTempPath(), $"stdb-compat-demo-{Guid.NewGuid():N}.ledger.jsonl");
        try
        {
            // First process: killed after its 4th reducer call (a crash, as far as the migration knows).
            var first = await RunProcessAsync(server, ledgerPath, killAfterCalls: 4);
            Console.WriteLine($"  process 1 killed: {first}");

            // Second process: same ledger; resolves what the first left unresolved, then finishes.
            var second = await RunProcessAsync(server, ledgerPath, killAfterCalls: null);
            Console.WriteLine($"  process 2: {second}");
            Console.WriteLine($"  rows written by the server in all: {writes} (source rows: 200)");
        }
        finally
        {
            File.Delete(ledgerPath);
        }
    }

    private static async Task<string> RunProcessAsync(SimulatedServer server, string ledgerPath, int? killAfterCalls)
    {
        var client = CompatClient.Create(Driver(), new CompatClientOptions { ServerUri = server.Uri, DatabaseName = "game" });
        var subscription = client.Subscribe(new[] { "player_v1", "player_v2" });
        await PumpAsync(client, client.ConnectAsync());
        await PumpAsync(client, subscription.Applied);
        var calls = 0;
        var migration = DataMigration.Create(client, new MigrationOptions<PlayerV1, PlayerV2>
        {
            Name = "players-v1-to-v2",
            Source = () => client.Table<PlayerV1>().Snapshot(),
            SourceKey = p => p.Id.ToString(CultureInfo.InvariantCulture),
            Transform = ToV2,
            TargetCall = batch => ++calls > killAfterCalls ? throw new InvalidOperationException("simulated crash") : new ImportPlayers(batch),
            TargetExists = p => client.Table<PlayerV2>().TryFind(p.Id, out _),
            TargetReady = () => subscription.IsActive,
            Ledger = new FileMigrationLedger(ledgerPath),
            BatchSize = 25,
        });
        try
        {
            var report = await PumpAsync(client, migration.RunAsync(new ConsoleProgress()));
            var verification = MigrationVerifier.Verify(
                "player",
                client.Table<PlayerV1>().Snapshot().Select(ToV2),
                client.Table<PlayerV2>().Snapshot(),
                p => p.Id.ToString(CultureInfo.InvariantCulture));
            report = report with { Verification = new[] { verification } };
            Console.WriteLine(string.Join(Environment.NewLine, report.ToMarkdown().TrimEnd().Split('\n').Select(l => "    " + l.TrimEnd('\r'))));
            return $"{report.Status}, {report.Written} written now, {report.AlreadyWritten} already written, {report.RecoveredFromProbe} recovered by probe, verify {(verification.Matches ? "green" : "RED")}";
        }
        catch (InvalidOperationException ex)
        {
            return $"{ex.Message} after {calls - 1} call(s)";
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    private static PlayerV2 ToV2(PlayerV1 p) => new(p.Id, p.Name, p.Score, p.Score >= 500 ? "gold" : "silver");

    private static SimulatedDriver Driver() => SimulatedDriver.Create(2)
        .Table<PlayerV1, ulong>("player_v1", V1, r => new PlayerV1(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)), p => p.Id)
        .Table<PlayerV2, ulong>("player_v2", V2, r => new PlayerV2(r.Get<ulong>(0), r.Get<string>(1), r.Get<ulong>(2), r.Get<string>(3)), p => p.Id)
        .Reducer<ImportPlayers>(
            "import_players",
            new[] { SimColumn.Of("players", SimType.Array(SimType.Product(V2))) },
            a => new SimRow((object)a.Players.Select(p => (object?)new SimRow(p.Id, p.Name, p.Score, p.Rank)).ToArray()),
            r => new ImportPlayers(Array.Empty<PlayerV2>()))
        .Build();

    private static async Task<T> PumpAsync<T>(ICompatClient client, Task<T> task)
    {
        await PumpAsync(client, (Task)task);
        return await task;
    }

    private static async Task PumpAsync(ICompatClient client, Task task)
    {
        while (!task.IsCompleted)
        {
            client.FrameTick();
            await Task.Delay(1);
        }

        await task;
    }

    /// <summary>Prints each progress report at once (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
    private sealed class ConsoleProgress : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress p) => Console.WriteLine(FormattableString.Invariant(
            $"    {p.Rows,3}/{p.TotalRows} rows, {p.Written} written, {p.Batches} batches, {p.Failures} failures, ETA {(p.Eta is { } eta ? eta.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms" : "?")}"));
    }
}
