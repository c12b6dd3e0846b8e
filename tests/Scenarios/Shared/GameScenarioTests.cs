// The one scenario suite of the sample game. This file is compiled UNCHANGED into one test assembly per generation
// of bindings (SDK 1.x shape / 2.x shape, v1 / v2 module), exactly as an app's code is recompiled when it moves to
// new bindings. What differs per target is only what the target is expected to offer (ScenarioTarget), and the
// suite asserts that the façade reports exactly that.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Game;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB.Types;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Tables;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios;

/// <summary>The app's own event type: only these fields ever reach app code.</summary>
public sealed record DamageDealt(ulong Target, uint Amount);

[TestClass]
public sealed class GameScenarioTests
{
    private const string Database = "game";

    [TestMethod]
    public async Task Scenario_TwoClients_OutcomesOriginsAndEventsMatchTheTarget()
    {
        using var world = new World();
        var alice = world.Client();
        var bob = world.Client();
        await world.ConnectAsync(alice, bob);

        var players = alice.Table<Player>();
        var changes = new List<RowChange<Player>>();
        players.Inserted += changes.Add;
        players.Updated += changes.Add;
        var damage = new List<CompatEvent<DamageDealt>>();
        alice.Events<DamageDealt>().Received += damage.Add;

        var subscription = alice.Subscribe(new[] { "Player" });
        await world.RunAsync(subscription.Applied);
        Assert.AreEqual(0, players.Count, ScenarioTarget.Description);

        // Alice creates her player and awaits the outcome; the insert carries her call's id.
        var created = await world.RunAsync(alice.CallReducerAsync(new Reducer.CreatePlayer("alice")));
        Assert.AreEqual(ReducerOutcomeKind.Committed, created.Kind, created.Reason);
        var aliceRow = changes.Single(c => c.Kind == RowChangeKind.Insert).Row;
        Assert.AreEqual(RowOrigin.OwnCall(created.CallId, "create_player"), changes[0].Origin);
        Assert.AreEqual("alice", aliceRow.Username);

        // Bob creates his; Alice sees it as another client's action (or unknown where the server hides it).
        var bobCreated = await world.RunAsync(bob.CallReducerAsync(new Reducer.CreatePlayer("bob")));
        Assert.AreEqual(ReducerOutcomeKind.Committed, bobCreated.Kind, bobCreated.Reason);
        var bobInsert = changes.Last();
        Assert.AreEqual("bob", bobInsert.Row.Username);
        Assert.AreEqual(ScenarioTarget.OtherClientOrigin, bobInsert.Origin.Kind, ScenarioTarget.Description);

        // Alice deals damage to Bob: committed, and the update is attributed to her call.
        var hit = await world.RunAsync(alice.CallReducerAsync(new Reducer.DealDamage(bobInsert.Row.Id, 10)));
        Assert.AreEqual(ReducerOutcomeKind.Committed, hit.Kind, hit.Reason);
        var bobUpdate = changes.Last();
        Assert.AreEqual(RowChangeKind.Update, bobUpdate.Kind);
        Assert.AreEqual(RowOrigin.OwnCall(hit.CallId, "deal_damage"), bobUpdate.Origin);
        Assert.AreEqual(90u, bobUpdate.Row.Score);
        Assert.AreEqual(100u, bobUpdate.OldRow!.Score);

        // Bob hits Alice: Alice sees her row change, and the damage event when the target can deliver it.
        var bobHit = await world.RunAsync(bob.CallReducerAsync(new Reducer.DealDamage(aliceRow.Id, 15)));
        Assert.AreEqual(ReducerOutcomeKind.Committed, bobHit.Kind, bobHit.Reason);
        var aliceUpdate = changes.Last();
        Assert.AreEqual(aliceRow.Id, aliceUpdate.Row.Id);
        Assert.AreEqual(85u, aliceUpdate.Row.Score);
        Assert.AreEqual(ScenarioTarget.OtherClientOrigin, aliceUpdate.Origin.Kind, ScenarioTarget.Description);
        Assert.IsTrue(players.TryFind(aliceRow.Id, out var aliceNow));
        Assert.AreEqual(85u, aliceNow.Score);

        var fromOthers = damage.Where(d => d.Origin.Kind != RowOriginKind.OwnCall).Select(d => d.Value).ToList();
        if (ScenarioTarget.SeesOtherClientsDamage)
        {
            CollectionAssert.AreEqual(new[] { new DamageDealt(aliceRow.Id, 15) }, fromOthers, ScenarioTarget.Description);
        }
        else
        {
            Assert.AreEqual(0, fromOthers.Count, ScenarioTarget.Description);
            StringAssert.Contains(alice.Events<DamageDealt>().UnavailableReason, "degraded");
        }

        Assert.AreEqual(ScenarioTarget.DamageSource, alice.Events<DamageDealt>().Source, ScenarioTarget.Description);

        // A failing call reports the module's reason.
        var miss = await world.RunAsync(alice.CallReducerAsync(new Reducer.DealDamage(999, 1)));
        Assert.AreEqual(ReducerOutcomeKind.Failed, miss.Kind);
        StringAssert.Contains(miss.Reason, "no player with id 999");

        CollectionAssert.AreEquivalent(
            ScenarioTarget.MissingCapabilities,
            alice.Capabilities.Where(c => !c.IsAvailable).Select(c => c.Capability).ToArray(),
            string.Join(" | ", alice.Capabilities.Where(c => !c.IsAvailable).Select(c => $"{c.Capability}: {c.Reason}")));
        Assert.AreEqual(ScenarioTarget.SdkMajor, alice.DriverCapabilities.SdkMajor);
        Assert.IsTrue(alice.Capabilities.Where(c => !c.IsAvailable).All(c => !string.IsNullOrWhiteSpace(c.Reason)));
    }

    [TestMethod]
    public async Task CallReducerAsync_ManyIdenticalCallsInFlight_EachGetsItsOwnOutcome()
    {
        using var world = new World();
        var alice = world.Client();
        await world.ConnectAsync(alice);
        alice.Subscribe(new[] { "Player" });
        await world.RunAsync(alice.CallReducerAsync(new Reducer.CreatePlayer("alice")));
        var id = alice.Table<Player>().Snapshot().Single().Id;
        var origins = new List<RowOrigin>();
        alice.Table<Player>().Updated += c => origins.Add(c.Origin);

        // Ten identical calls sent in one frame, plus one that fails in the middle.
        var calls = new List<Task<ReducerOutcome>>();
        for (var i = 0; i < 10; i++)
        {
            calls.Add(alice.CallReducerAsync(new Reducer.DealDamage(id, 1)));
            if (i == 4)
            {
                calls.Add(alice.CallReducerAsync(new Reducer.DealDamage(12345, 1)));
            }
        }

        // Each call's own task completes inside FrameTick; await them one by one (Task.WhenAll would add a thread-pool hop).
        var outcomes = new List<ReducerOutcome>();
        foreach (var call in calls)
        {
            outcomes.Add(await world.RunAsync(call));
        }

        Assert.AreEqual(11, outcomes.Select(o => o.CallId).Distinct().Count());
        Assert.AreEqual(ReducerOutcomeKind.Failed, outcomes[5].Kind);
        Assert.AreEqual(10, outcomes.Count(o => o.Kind == ReducerOutcomeKind.Committed));
        CollectionAssert.AreEqual(
            outcomes.Where(o => o.IsCommitted).Select(o => o.CallId).ToArray(),
            origins.Select(o => o.CallId).ToArray(),
            "each update is attributed to its own call, in order");
        Assert.AreEqual(90u, alice.Table<Player>().Snapshot().Single().Score);
    }

    [TestMethod]
    public async Task CallReducerAsync_BeforeConnect_EndsNotConnected()
    {
        using var world = new World();
        var alice = world.Client();
        var outcome = await alice.CallReducerAsync(new Reducer.CreatePlayer("early"));
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, outcome.Kind);
        Assert.AreEqual(0, world.Server.Database(Database).Table(TablePlayer(world)).Count);
    }

    [TestMethod]
    public async Task CallReducerAsync_PendingWhenServerRestarts_EndsDropped()
    {
        using var world = new World();
        var alice = world.Client();
        await world.ConnectAsync(alice);
        world.Server.Faults.HoldDelivery();
        var call = alice.CallReducerAsync(new Reducer.CreatePlayer("alice"));
        alice.FrameTick();
        world.Server.Restart();
        var outcome = await world.RunAsync(call);

        Assert.AreEqual(ReducerOutcomeKind.Dropped, outcome.Kind);
        Assert.AreNotEqual(CompatConnectionState.Connected, alice.State); // Reconnecting (or already reconnected) after the restart.
    }

    [TestMethod]
    public async Task Subscribe_UnknownTable_ThrowsTypedErrorNamingIt()
    {
        using var world = new World();
        var alice = world.Client();
        await world.ConnectAsync(alice);
        var error = Assert.ThrowsExactly<UnknownTableException>(() => alice.Subscribe(new[] { "Players" }));
        Assert.AreEqual("Players", error.Table);
    }

    private static string TablePlayer(World world) => world.Server.Database(Database).TableNames.First(n => n.Equals("player", StringComparison.OrdinalIgnoreCase));

    /// <summary>A simulated server running the target's module, and clients built from the target's bindings.</summary>
    private sealed class World : IDisposable
    {
        private readonly List<ICompatClient> _clients = new();

        public World()
        {
            Server = new SimulatedServer(new SimulatedServerOptions { Version = ScenarioTarget.ServerVersion, TimeProvider = Time });
            Server.Publish(Database, ScenarioTarget.Module());
        }

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

        public SimulatedServer Server { get; }

        public ICompatClient Client()
        {
            var options = new CompatClientOptions { ServerUri = Server.Uri, DatabaseName = Database };
            var services = new CompatClientServices { TimeProvider = Time };
            services.Events.Add<DamageDealt>(e => e
                .FromEventTable("damage_event")
                .FromReducer("deal_damage")
                .Project(f => new DamageDealt(f.Get<ulong>("target"), f.Get<uint>("amount"))));
            var client = CompatClient.Create(new GameDriver(), options, services);
            _clients.Add(client);
            return client;
        }

        public async Task ConnectAsync(params ICompatClient[] clients)
        {
            foreach (var client in clients)
            {
                await RunAsync(client.ConnectAsync());
            }
        }

        /// <summary>Pumps every client until the task completes (the app's frame loop), bounded.</summary>
        public async Task<T> RunAsync<T>(Task<T> task)
        {
            await RunAsync((Task)task);
            return await task;
        }

        public async Task RunAsync(Task task)
        {
            // A hang guard, generous: connects complete through the resilience pipeline's continuations on the thread pool, which a loaded machine runs late.
            for (var frame = 0; frame < 20_000 && !task.IsCompleted; frame++)
            {
                foreach (var client in _clients)
                {
                    client.FrameTick();
                }

                await Task.Yield();
            }

            if (!task.IsCompleted)
            {
                Assert.Fail($"{ScenarioTarget.Description}: the operation did not complete within 20000 frames.");
            }

            // One more frame for everyone, as a game loop would run: other clients apply what the call caused.
            foreach (var client in _clients)
            {
                if (client.State != CompatConnectionState.Closed)
                {
                    client.FrameTick();
                }
            }

            await task;
        }

        public void Dispose()
        {
            foreach (var client in _clients)
            {
                client.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            Server.Dispose();
        }
    }
}
