using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Demo;
using GameModule;
using Stdb.Compat;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Events;
using Stdb.Compat.Testing.Server;

// Two clients play the same scenario twice: on the v1 module (SpacetimeDB 1.x server, SDK 1.x bindings) and on the
// v2 module (2.x server, SDK 2.x bindings). The app code below is identical for both; only the driver differs.
Console.WriteLine("Stdb.Compat demo: one app, two generations of SpacetimeDB bindings");
await PlayAsync("v1 module on a SpacetimeDB 1.12 server, SDK 1.x bindings", "1.12.0", GameModules.V1(), GameBindings.V1Sdk1);
await PlayAsync("v2 module on a SpacetimeDB 2.8 server, SDK 2.x bindings", "2.8.3", GameModules.V2(), GameBindings.V2Sdk2);
await PlayMismatchAsync();
await Survival.PlayAsync();
await MigrationAct.PlayAsync();
await PathsDemo.PlayAsync();
return 0;

static async Task PlayAsync(string title, string serverVersion, SimModule module, Func<int, IConnectionDriver> bindings)
{
    Console.WriteLine();
    Console.WriteLine($"=== {title}");
    using var server = new SimulatedServer(new SimulatedServerOptions { Version = serverVersion });
    server.Publish("game", module);
    var timeline = new Timeline();
    var alice = Player("alice", server, bindings(1), timeline);
    var bob = Player("bob", server, bindings(2), timeline);
    var clients = new[] { alice, bob };

    await Pump(clients, alice.ConnectAsync());
    await Pump(clients, bob.ConnectAsync());
    timeline.Say("alice", $"connected; damage events come from: {alice.Events<DamageDealt>().Source}"
        + (alice.Events<DamageDealt>().UnavailableReason is { } why ? $" (not used: {why})" : string.Empty));
    foreach (var capability in alice.Capabilities)
    {
        if (!capability.IsAvailable)
        {
            timeline.Say("alice", $"  missing {capability.Capability}: {capability.Reason}");
        }
    }

    alice.Table<Player>().Inserted += c => timeline.Say("alice", $"sees player {c.Row.Username} appear ({c.Origin})");
    alice.Table<Player>().Updated += c => timeline.Say("alice", $"sees {c.Row.Username}'s score {c.OldRow!.Score} -> {c.Row.Score} ({c.Origin})");
    alice.Events<DamageDealt>().Received += e => timeline.Say("alice", $"damage event: {e.Value.Amount} to player {e.Value.Target} ({e.Origin}, via {e.Source})");
    await Pump(clients, alice.Subscribe(new[] { "Player" }).Applied);
    bob.Subscribe(new[] { "Player" });

    var created = await PumpFor(clients, alice.CallReducerAsync(new CreatePlayer("alice")));
    timeline.Say("alice", $"create_player(alice) -> {Describe(created)}");
    var bobCreated = await PumpFor(clients, bob.CallReducerAsync(new CreatePlayer("bob")));
    timeline.Say("bob", $"create_player(bob) -> {Describe(bobCreated)}");
    var taken = await PumpFor(clients, bob.CallReducerAsync(new CreatePlayer("alice")));
    timeline.Say("bob", $"create_player(alice) -> {Describe(taken)}");

    var ids = new Dictionary<string, ulong>();
    foreach (var p in alice.Table<Player>().Snapshot())
    {
        ids[p.Username] = p.Id;
    }

    var hit = await PumpFor(clients, alice.CallReducerAsync(new DealDamage(ids["bob"], 10)));
    timeline.Say("alice", $"deal_damage(bob, 10) -> {Describe(hit)}");
    var counter = await PumpFor(clients, bob.CallReducerAsync(new DealDamage(ids["alice"], 25)));
    timeline.Say("bob", $"deal_damage(alice, 25) -> {Describe(counter)}");

    // Three identical calls in flight at once: each gets its own outcome.
    var burst = await PumpFor(clients, Task.WhenAll(
        bob.CallReducerAsync(new DealDamage(ids["alice"], 1)),
        bob.CallReducerAsync(new DealDamage(ids["alice"], 1)),
        bob.CallReducerAsync(new DealDamage(ids["alice"], 1))));
    timeline.Say("bob", $"3 x deal_damage(alice, 1) -> {string.Join(", ", Array.ConvertAll(burst, Describe))}");
    await Pump(clients, Task.CompletedTask, minimumFrames: 2); // let Alice's frames catch up before she leaves

    await Pump(clients, alice.DisconnectAsync());
    var late = await alice.CallReducerAsync(new DealDamage(ids["bob"], 1));
    timeline.Say("alice", $"after disconnect: deal_damage -> {Describe(late)}");
    await alice.DisposeAsync();
    await bob.DisposeAsync();
}

static async Task PlayMismatchAsync()
{
    Console.WriteLine();
    Console.WriteLine("=== SDK 2.x bindings against a SpacetimeDB 1.12 server");
    using var server = new SimulatedServer(new SimulatedServerOptions { Version = "1.12.0" });
    server.Publish("game", GameModules.V1());
    var timeline = new Timeline();
    var client = Player("carol", server, GameBindings.V2Sdk2(3), timeline);
    try
    {
        await Pump(new[] { client }, client.ConnectAsync());
    }
    catch (ProtocolMismatchException ex)
    {
        timeline.Say("carol", $"{ex.GetType().Name}: {ex.Message}");
    }

    timeline.Say("carol", $"state: {client.State}");
    await client.DisposeAsync();
}

static ICompatClient Player(string name, SimulatedServer server, IConnectionDriver driver, Timeline timeline)
{
    var options = new CompatClientOptions { ServerUri = server.Uri, DatabaseName = "game" };
    var services = new CompatClientServices();
    services.Events.Add<DamageDealt>(e => e
        .FromEventTable("damage_event")
        .FromReducer("deal_damage")
        .Project(f => new DamageDealt(f.Get<ulong>("target"), f.Get<uint>("amount"))));
    var client = CompatClient.Create(driver, options, services);
    client.StateChanged += c => timeline.Say(name, $"state {c.Previous} -> {c.Current} ({c.Reason})");
    return client;
}

static string Describe(ReducerOutcome o) => o.Reason is null ? $"{o.Kind} (call #{o.CallId})" : $"{o.Kind} (call #{o.CallId}): {o.Reason}";

static async Task<T> PumpFor<T>(ICompatClient[] clients, Task<T> task)
{
    await Pump(clients, task);
    return await task;
}

static async Task Pump(ICompatClient[] clients, Task task, int minimumFrames = 0)
{
    for (var frame = 0; frame < 100 && (!task.IsCompleted || frame < minimumFrames); frame++)
    {
        foreach (var client in clients)
        {
            if (client.State != CompatConnectionState.Closed)
            {
                client.FrameTick();
            }
        }

        await Task.Yield();
    }

    await task;
}

/// <summary>Prints one line per event, numbered in order.</summary>
internal sealed class Timeline
{
    private int _step;

    public void Say(string who, string what) => Console.WriteLine($"{++_step,3}. {who,-6} {what}");
}
