// The schema gate end to end: the generated driver over the SDK stand-in, against the simulated server, with the check
// reading the simulator's live schema. Compiled unchanged into every scenario target (1.x and 2.x SDK shapes).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB.Types;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios;

[TestClass]
public sealed class SchemaGateScenarioTests
{
    [TestMethod]
    public async Task ConnectAsync_CompatibleModule_CheckedBeforeSubscribingAndAllTablesLive()
    {
        using var world = new GateWorld();
        var client = world.Client();
        var subscription = client.Subscribe(new[] { "Player" });

        await world.RunAsync(client.ConnectAsync());
        await world.RunAsync(subscription.Applied);

        Assert.AreEqual(1, world.Schema.Fetches, ScenarioTarget.Description);
        Assert.AreEqual(CompatibilityVerdict.Compatible, client.Compatibility?.Verdict, ScenarioTarget.Description);
        Assert.AreEqual(CompatibilityCheckTrigger.Connected, client.Compatibility!.Trigger);
        Assert.AreEqual(0, client.Compatibility.UndecodableTables.Count);
        Assert.IsTrue(world.SubscribedTables().Any(IsPlayer), string.Join(", ", world.SubscribedTables()));
        var created = await world.RunAsync(client.CallReducerAsync(new Reducer.CreatePlayer("alice")));
        Assert.AreEqual(ReducerOutcomeKind.Committed, created.Kind, created.Reason);
        Assert.AreEqual("alice", client.Table<Player>().Snapshot().Single().Username);
        Assert.IsNull(client.Table<Player>().Fault);
    }

    [TestMethod]
    public async Task Publish_ClientBreakingChangeWhileConnected_ReconnectsCheckedAndTableNeverSubscribedAgain()
    {
        using var world = new GateWorld();
        var client = world.Client();
        var players = client.Table<Player>();
        var damage = new List<CompatEvent<DamageDealt>>();
        client.Events<DamageDealt>().Received += damage.Add;
        var subscription = client.Subscribe(new[] { "Player" });
        await world.RunAsync(client.ConnectAsync());
        await world.RunAsync(subscription.Applied);
        await world.RunAsync(client.CallReducerAsync(new Reducer.CreatePlayer("alice")));
        await world.RunAsync(client.CallReducerAsync(new Reducer.CreatePlayer("bob")));
        var lastRows = players.Snapshot().Select(p => p.Username).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var connects = world.Server.ConnectionsAccepted;
        var fetches = world.Schema.Fetches;
        var subscriptionsBefore = world.Server.SubscriptionLog.Count;

        var publish = world.Server.Publish(GateWorld.Database, ScenarioTarget.ClientBreakingModule(), new PublishOptions { BreakClients = true });
        Assert.IsTrue(publish.BrokeClients);

        Assert.IsTrue(
            await world.UntilAsync(() => players.Fault is not null && client.State == CompatConnectionState.Connected),
            $"{ScenarioTarget.Description}: state {client.State}, circuit {client.CompatibilityCircuit}, fault {players.Fault?.Message ?? "none"}");
        Assert.IsTrue(world.Server.ConnectionsAccepted > connects, "the client reconnected");
        Assert.IsTrue(world.Schema.Fetches > fetches, "the live schema was checked again");
        var fault = players.Fault!;
        Assert.IsInstanceOfType<TableUndecodableException>(fault);
        Assert.IsTrue(IsPlayer(fault.Table), fault.Table);
        Assert.IsFalse(string.IsNullOrWhiteSpace(fault.Reason));
        Assert.IsTrue(client.Compatibility!.UndecodableTables.Any(IsPlayer), string.Join(", ", client.Compatibility.UndecodableTables));
        CollectionAssert.AreEqual(lastRows, players.Snapshot().Select(p => p.Username).OrderBy(n => n, StringComparer.Ordinal).ToArray(), "the view keeps its last rows");

        // The connection still works: an own call commits and its damage event still reaches the app.
        var bobId = players.Snapshot().Single(p => p.Username == "bob").Id;
        var hit = await world.RunAsync(client.CallReducerAsync(new Reducer.DealDamage(bobId, 5)));
        Assert.AreEqual(ReducerOutcomeKind.Committed, hit.Kind, hit.Reason);
        Assert.IsTrue(await world.UntilAsync(() => damage.Count > 0, 200), ScenarioTarget.Description);
        Assert.AreEqual(new DamageDealt(bobId, 5), damage[^1].Value);
        Assert.AreEqual(ScenarioTarget.DamageSource, client.Events<DamageDealt>().Source, ScenarioTarget.Description);

        // Long after, on fake time: the connection stayed up and the player table was never subscribed again.
        await world.ForAsync(TimeSpan.FromSeconds(60));
        var later = world.Server.SubscriptionLog.Skip(subscriptionsBefore).ToList();
        Assert.IsFalse(later.Any(r => r.Tables.Any(IsPlayer)), string.Join(" | ", later));
        if (client.Events<DamageDealt>().Source == EventSourceKind.EventTable)
        {
            Assert.IsTrue(later.Any(r => r.Tables.Contains("damage_event")), "the other table is subscribed again: " + string.Join(" | ", later));
        }

        Assert.AreEqual(connects + 1, world.Server.ConnectionsAccepted, "one reconnect, no loop");
        Assert.AreEqual(CompatConnectionState.Connected, client.State);
        Assert.AreEqual(2, players.Count);
    }

    [TestMethod]
    public async Task ConnectAsync_CheckTurnedOff_NoSchemaFetchAndTablesSubscribed()
    {
        using var world = new GateWorld();
        var client = world.Client(o => o.Resilience.Circuit.CheckOnConnect = false);
        var subscription = client.Subscribe(new[] { "Player" });

        await world.RunAsync(client.ConnectAsync());
        await world.RunAsync(subscription.Applied);

        Assert.AreEqual(0, world.Schema.Fetches, ScenarioTarget.Description);
        Assert.IsNull(client.Compatibility);
        Assert.IsTrue(world.SubscribedTables().Any(IsPlayer), string.Join(", ", world.SubscribedTables()));
    }

    private static bool IsPlayer(string table) => string.Equals(table, "player", StringComparison.OrdinalIgnoreCase);
}
