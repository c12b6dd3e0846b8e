using System;
using System.Threading.Tasks;
using GameModule;
using Microsoft.Extensions.Time.Testing;
using Stdb.Compat;
using Stdb.Compat.Connection;
using Stdb.Compat.Flags;
using Stdb.Compat.Resilience;
using Stdb.Compat.Testing.Server;

namespace Demo;

/// <summary>One client with two schema paths: it moves by itself on a live publish, and on a flag flip.</summary>
internal static class PathsDemo
{
    public static async Task PlayAsync()
    {
        Console.WriteLine();
        Console.WriteLine("=== schema paths: one app model over v2 and v3 bindings, a live publish and a flag flip");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new SimulatedServer(new SimulatedServerOptions { Version = "2.8.3", TimeProvider = time });
        server.Publish("game", GameModules.V2());
        server.Publish("game-green", GameModules.V2WithTitle());
        var timeline = new Timeline();
        string? flag = null;

        // A check per path: does the live player table have the columns these bindings decode? (Real apps use
        // CompatibilityChecks.FromSchemaChecker with the generated driver's manifest.)
        ICompatibilityCheck Columns(string database, int columns) => CompatibilityChecks.FromDelegate((_, _) => new(
            server.Database(database).Table("player").Columns.Count == columns
                ? CompatibilityCheckResult.Compatible(null, $"player has {columns} columns")
                : CompatibilityCheckResult.Incompatible($"player has {server.Database(database).Table("player").Columns.Count} columns, the bindings decode {columns}")));

        var paths = GamePaths.Declare(GamePaths.V2Driver(), GamePaths.V3Driver(), Columns("game", 4), Columns("game", 5));
        paths.Flag = SchemaPathFlags.FromDelegate("Stdb.SchemaPath", _ => new(flag));
        paths.Add("v3-green", GamePaths.V3Driver(), p => p
            .Rows<PlayerRowV3, Hero>(HeroMapper.FromV3)
            .Command<Hit, DealDamageArgs>(c => new DealDamageArgs(c.Target, c.Amount))
            .Target(server.Uri, "game-green")
            .CheckWith(Columns("game-green", 5)));
        var client = CompatClient.Create(paths, new CompatClientOptions { ServerUri = server.Uri, DatabaseName = "game" }, new CompatClientServices { TimeProvider = time });

        async Task Until(Func<bool> done)
        {
            for (var frame = 0; frame < 20_000 && !done(); frame++)
            {
                client.FrameTick();
                time.Advance(TimeSpan.FromMilliseconds(50));
                await Task.Yield();
            }
        }

        var connect = client.ConnectAsync();
        await Until(() => connect.IsCompleted);
        await connect;
        var heroes = client.Table<Hero>();
        heroes.Inserted += c => timeline.Say("app", $"hero {c.Row.Username} appears ({c.Origin})");
        heroes.Updated += c => timeline.Say("app", $"hero {c.Row.Username}: score {c.OldRow!.Score} -> {c.Row.Score}");
        var subscribed = client.Subscribe(new[] { "player" }).Applied;
        await Until(() => subscribed.IsCompleted);
        var created = client.CallReducerAsync(new CreatePlayer("alice"));
        await Until(() => created.IsCompleted);
        timeline.Say("app", $"connected through path {client.CurrentPath} ({client.LatestSelection!.Choice})");
        var title = await client.CallReducerAsync(new GrantTitle(1, "Champion"));
        timeline.Say("app", $"GrantTitle on {client.CurrentPath} -> {title.Kind}: {title.Reason}");

        server.Publish("game", GameModules.V2WithTitle(), new PublishOptions { BreakClients = true });
        await Until(() => client.CurrentPath == "v3" && client.State == CompatConnectionState.Connected);
        timeline.Say("app", $"live publish v2 -> v3 (--break-clients): now on path {client.CurrentPath} ({client.LatestSelection!.Choice}: {client.LatestSelection.Reason}); no row changed");

        flag = "v3-green";
        server.DisconnectAll("rolling restart");
        await Until(() => client.CurrentPath == "v3-green" && client.State == CompatConnectionState.Connected);
        timeline.Say("app", $"flag Stdb.SchemaPath = v3-green, next reconnect: now on path {client.CurrentPath} ({client.LatestSelection!.Choice}, variant {client.LatestSelection.Variant})");
        await client.DisposeAsync();
    }
}
