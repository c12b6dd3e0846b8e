using System;
using System.Linq;
using System.Threading.Tasks;
using GameModule;
using Microsoft.Extensions.Time.Testing;
using Stdb.Compat;
using Stdb.Compat.Connection;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Runtime;
using Stdb.Compat.Testing.Schema;
using Stdb.Compat.Testing.Server;

namespace Demo;

/// <summary>
/// A connection that survives: the server restarts mid-run (and refuses connections for a while), then publishes a
/// client-breaking change. The client reconnects with backoff, reconciles its views (only real changes fire), and
/// when the bindings fall behind the live module the compatibility circuit stops it instead of spinning. Time is a
/// fake clock advanced by the demo, so the run is instant and the same every time.
/// </summary>
internal static class Survival
{
    /// <summary>What the app's generation-2 bindings expect (the generator emits this manifest; written by hand here).</summary>
    private const string ManifestJson = """
        {
          "formatVersion": 1, "sdkMajor": 2, "wireNamePolicy": "SnakeCase", "moduleName": "game", "typespace": [],
          "tables": [
            { "wireName": "player", "accessorName": "Player", "primaryKey": [0], "columns": [
                { "position": 0, "name": "id", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 1, "name": "username", "clrType": "string", "algebraicType": { "String": [] } },
                { "position": 2, "name": "score", "clrType": "uint", "algebraicType": { "U32": [] } },
                { "position": 3, "name": "display_name", "clrType": "string?", "algebraicType": { "Sum": { "variants": [
                    { "name": { "some": "some" }, "algebraic_type": { "String": [] } },
                    { "name": { "some": "none" }, "algebraic_type": { "Product": { "elements": [] } } } ] } } } ] },
            { "wireName": "damage_event", "accessorName": "DamageEvent", "isEvent": true, "primaryKey": [], "columns": [
                { "position": 0, "name": "target", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 1, "name": "amount", "clrType": "uint", "algebraicType": { "U32": [] } } ] }
          ],
          "reducers": [
            { "wireName": "create_player", "accessorName": "CreatePlayer", "parameters": [
                { "position": 0, "name": "username", "clrType": "string", "algebraicType": { "String": [] } } ] },
            { "wireName": "deal_damage", "accessorName": "DealDamage", "parameters": [
                { "position": 0, "name": "target", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 1, "name": "amount", "clrType": "uint", "algebraicType": { "U32": [] } } ] }
          ]
        }
        """;

    public static async Task PlayAsync()
    {
        Console.WriteLine();
        Console.WriteLine("=== A connection that survives: restart, refused connections, then a client-breaking publish");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var start = time.GetUtcNow();
        using var server = new SimulatedServer(new SimulatedServerOptions { Version = "2.8.3", TimeProvider = time });
        server.Publish("game", GameModules.V2());
        var timeline = new Timeline();
        void Say(string what) => timeline.Say($"+{(time.GetUtcNow() - start).TotalSeconds,5:0.0}s", what);

        var options = new CompatClientOptions { ServerUri = server.Uri, DatabaseName = "game" };
        options.Resilience.Reconnect.UseJitter = false; // Round numbers for the demo; jitter is on by default.
        options.Resilience.Circuit.BreakDuration = TimeSpan.FromSeconds(5);
        var checker = SchemaCompatibilityChecker.Create(
            BindingsManifestJson.Read(ManifestJson),
            new SchemaCompatibilityOptions { DatabaseName = "game" },
            new SimulatedModuleSchemaSource(server, "game"),
            timeProvider: time);
        var services = new CompatClientServices { TimeProvider = time, CompatibilityCheck = CompatibilityChecks.FromSchemaChecker(checker) };
        await using var client = CompatClient.Create(GameBindings.V2Sdk2(5), options, services);
        client.StateChanged += c => Say(c.Previous == c.Current
            ? client.CompatibilityCircuit == CompatibilityCircuitState.Open
                ? $"compatibility circuit open ({c.Reason}): no retry loop; schema check in {c.NextDelay?.TotalSeconds:0.#}s"
                : $"state {c.Current}: attempt {c.Attempt} failed ({c.Reason}); next attempt in {c.NextDelay?.TotalSeconds:0.#}s"
            : $"state {c.Previous} -> {c.Current} ({c.Reason}{(c.NextDelay is { } d && d > TimeSpan.Zero ? $", next check in {d.TotalSeconds:0.#}s" : string.Empty)})"
              + (c.Current == CompatConnectionState.Faulted ? $"\n{new string(' ', 16)}{c.Error?.Message}" : string.Empty));
        var players = client.Table<Player>();
        players.Inserted += c => Say($"  view: + {c.Row.Username} ({c.Origin})");
        players.Updated += c => Say($"  view: {c.Row.Username} score {c.OldRow!.Score} -> {c.Row.Score} ({c.Origin})");
        players.Deleted += c => Say($"  view: - {c.Row.Username} ({c.Origin})");

        client.Subscribe(new[] { "player" });
        await Run(client, time, client.ConnectAsync());
        await Run(client, time, client.CallReducerAsync(new CreatePlayer("alice")));
        await Run(client, time, client.CallReducerAsync(new CreatePlayer("bob")));
        Say($"schema check at connect: {client.Compatibility?.Verdict}");

        Say("** the server restarts and refuses connections for a while; bob's score changes meanwhile (SQL)");
        server.Faults.RefuseConnections = true;
        server.Restart();
        var bob = server.Database("game").Table("player").Iter().Single(p => p.Get<string>("username") == "bob");
        server.Database("game").Table("player").Update(bob.With("score", 42u));
        await Run(client, time, Task.CompletedTask, frames: 5);
        var queued = client.CallReducerAsync(new CreatePlayer("carol")); // made while reconnecting: queued, sent after
        time.Advance(TimeSpan.FromSeconds(3));
        await Run(client, time, Task.CompletedTask, frames: 5);
        server.Faults.RefuseConnections = false;
        await Run(client, time, WhenState(client, CompatConnectionState.Connected));
        var carol = await Run(client, time, queued);
        Say($"create_player(carol), called while reconnecting -> {carol.Kind}; alice fired nothing: unchanged rows are silent");

        Say("** a client-breaking publish: player gains a column (publish --break-clients)");
        server.Publish("game", GameModules.V2WithTitle(), new PublishOptions { BreakClients = true });
        // The check before subscribing finds player undecodable: the client stays connected, never subscribes player
        // (its view is faulted and keeps the last rows), and nothing retries in a loop.
        var faulted = WhenState(client, CompatConnectionState.Faulted);
        for (var frame = 0; frame < 400 && !faulted.IsCompleted && client.Compatibility?.UndecodableTables is not { Count: > 0 }; frame++)
        {
            client.FrameTick();
            await Task.Yield();
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var report = client.Compatibility!.Report!;
        Say($"state {client.State}; player view fault: {players.Fault?.Message ?? "none"}");
        Say($"schema report: {report.Verdict}; {string.Join("; ", report.VerdictChanges.Select(c => $"{c.Kind} {c.Path}"))}");
        Say($"sessions opened after the publish stayed bounded; the app still has {players.Count} players in its view");
    }

    private static Task WhenState(ICompatClient client, CompatConnectionState state)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (client.State == state)
        {
            done.TrySetResult(true);
        }

        client.StateChanged += c =>
        {
            if (c.Current == state)
            {
                done.TrySetResult(true);
            }
        };
        return done.Task;
    }

    /// <summary>Pumps frames, advancing the fake clock 100 ms per frame, until the task completes.</summary>
    private static async Task<T> Run<T>(ICompatClient client, FakeTimeProvider time, Task<T> task)
    {
        await Run(client, time, (Task)task);
        return await task;
    }

    private static async Task Run(ICompatClient client, FakeTimeProvider time, Task task, int frames = 200)
    {
        for (var frame = 0; frame < frames && (!task.IsCompleted || frame < 2); frame++)
        {
            client.FrameTick();
            await Task.Yield();
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        await task;
    }
}
