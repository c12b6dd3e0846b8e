// 2.x only: the SDK reports a message it cannot parse as a normal close (OnDisconnect(null)). End to end on the
// simulator with the generated driver: that close is suspect, the schema is checked before the next attempt, and an
// incompatible module opens the circuit instead of a reconnect loop.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using GameModule;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Resilience;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Scenarios;

[TestClass]
public sealed class ParseFailureCloseTests
{
    [TestMethod]
    public async Task RowsThatNoLongerDecode_NullCloseIsSuspect_CheckedFirstAndCircuitOpensWithoutReconnectLoop()
    {
        // The live module is ahead of the bindings (player gained a column), and the check at connect cannot reach the
        // schema route, so the client subscribes: the SDK fails to parse the player rows and closes normally (null).
        using var world = new GateWorld(GameModules.V2WithTitle());
        world.Server.Database(GateWorld.Database).Table("player").Insert(new SimRow(0UL, "alice", 100u, null, null));
        var client = world.Client();
        var changes = new List<StateChange>();
        client.StateChanged += changes.Add;
        client.Subscribe(new[] { "player" });
        world.Schema.FailNext(1);

        await world.RunAsync(client.ConnectAsync());
        Assert.IsTrue(
            await world.UntilAsync(() => client.CompatibilityCircuit == CompatibilityCircuitState.Open),
            $"state {client.State}, circuit {client.CompatibilityCircuit}, changes: {string.Join(" | ", changes)}");

        Assert.AreEqual(2, world.Schema.Fetches, "one check at connect (unreachable), one before the next attempt");
        Assert.AreEqual(1, world.Server.ConnectionsAccepted, "no attempt before the check");
        var close = changes.Find(c => c.Previous == CompatConnectionState.Connected);
        Assert.IsNotNull(close);
        Assert.AreEqual(StateChangeReason.ServerClosed, close.Reason, "2.x reports the parse failure as a normal close");
        Assert.IsNull(close.Error);
        Assert.IsTrue(changes.Exists(c => c.Reason == StateChangeReason.BindingsBehind), string.Join(" | ", changes));

        // A minute of fake time later: still one connection in all, no hot loop.
        await world.ForAsync(TimeSpan.FromSeconds(60));
        Assert.AreEqual(1, world.Server.ConnectionsAccepted, string.Join(" | ", changes));
        Assert.AreNotEqual(CompatConnectionState.Connected, client.State);
    }

    [TestMethod]
    public async Task NewSumVariantArrives_NullCloseIsSuspect_TableGatedOnReconnectAndNoLoop()
    {
        // display_name gains a sum variant: accepted in place and nobody is disconnected (the schema check at connect
        // rightly allowed player: its rows decode until one carries the new variant), then such a row arrives.
        using var world = new GateWorld();
        var client = world.Client();
        var changes = new List<StateChange>();
        client.StateChanged += changes.Add;
        var players = client.Table<SpacetimeDB.Types.Player>();
        var subscription = client.Subscribe(new[] { "player" });
        await world.RunAsync(client.ConnectAsync());
        await world.RunAsync(subscription.Applied);
        var publish = world.Server.Publish(GateWorld.Database, GameModules.V2WithHiddenDisplayName());
        Assert.IsFalse(publish.BrokeClients);
        var connects = world.Server.ConnectionsAccepted;
        var subscriptionsBefore = world.Server.SubscriptionLog.Count;

        world.Server.Database(GateWorld.Database).Table("player").Insert(new SimRow(0UL, "ghost", 100u, new SimSum(2, new SimRow())));

        // The SDK closes normally (null); the check before the next attempt sees the new variant and the reconnect
        // gates player instead of decoding it again.
        Assert.IsTrue(
            await world.UntilAsync(() => players.Fault is not null && client.State == CompatConnectionState.Connected),
            $"state {client.State}, circuit {client.CompatibilityCircuit}, changes: {string.Join(" | ", changes)}");
        StringAssert.Contains(players.Fault!.Reason, "display_name");
        await world.ForAsync(TimeSpan.FromSeconds(60));
        Assert.AreEqual(connects + 1, world.Server.ConnectionsAccepted, "one reconnect, no loop: " + string.Join(" | ", changes));
        var later = world.Server.SubscriptionLog.Skip(subscriptionsBefore).ToList();
        Assert.IsFalse(later.Exists(r => r.Tables.Contains("player")), string.Join(" | ", later));
        Assert.AreEqual(CompatConnectionState.Connected, client.State);
    }
}
