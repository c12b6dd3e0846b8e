using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using GameModule;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Paths;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

/// <summary>Blue/green on connect failures: blue (its own server) refuses connects, green serves; back by flag, request or time.</summary>
[TestClass]
public sealed class SchemaPathClientBlueGreenTests
{
    [TestMethod]
    public async Task ConnectAsync_BlueKeepsRefusingConnects_FallsBackToGreenWithTheReason()
    {
        using var world = new PathWorld(("green", GameModules.V2()));
        var blue = world.AddServer(("blue", GameModules.V2()));
        blue.Faults.RefuseConnections = true;
        world.Flag.Variant = "blue";
        var client = world.Client(BlueGreen(world, blue));
        var changes = new List<StateChange>();
        client.StateChanged += changes.Add;

        await world.RunAsync(client.ConnectAsync());

        Assert.AreEqual("green", client.CurrentPath);
        Assert.AreEqual(CompatConnectionState.Connected, client.State);
        var selection = client.LatestSelection!;
        Assert.AreEqual(SchemaPathChoice.Fallback, selection.Choice);
        Assert.AreEqual("blue", selection.Preferred);
        Assert.AreEqual("blue", selection.Variant);
        StringAssert.Contains(selection.Reason, "'blue' is not reachable");
        StringAssert.Contains(selection.Checks["blue"].Reason, "failed 3 consecutive connect(s)");
        // Three refused connects reach the app (a fourth may race the switch: blue's loop runs until green takes over).
        Assert.IsTrue(changes.Count(c => c.Reason == StateChangeReason.ConnectFailed) >= 3);
        var health = ((SchemaPathClient)client).Selector.Health;
        Assert.IsTrue(health.FailuresOf(new TargetKey(blue.Uri, "blue")) >= 3);
        Assert.AreEqual(0, health.FailuresOf(new TargetKey(world.Server.Uri, "green")));
    }

    [TestMethod]
    public async Task FlagFlip_AfterConnectFallback_StaysOnGreenUntilTheFlagMovesThenRollsBackToBlue()
    {
        using var world = new PathWorld(("green", GameModules.V2()));
        var blue = world.AddServer(("blue", GameModules.V2()));
        blue.Faults.RefuseConnections = true;
        world.Flag.Variant = "blue";
        var client = world.Client(BlueGreen(world, blue, retryPreferredAfter: TimeSpan.FromDays(1)));
        await world.RunAsync(client.ConnectAsync());
        var heroes = client.Table<Hero>();
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied);
        await world.RunAsync(client.CallReducerAsync(new CreateHero("on-green")));
        Assert.AreEqual("green", client.CurrentPath);
        blue.Faults.RefuseConnections = false;

        // Blue is back, but the flag did not move: a green reconnect stays on green (no bouncing).
        world.Server.DisconnectAll("rolling restart");
        await world.RunUntilAsync(() => client.State == CompatConnectionState.Reconnecting);
        await world.RunUntilAsync(() => client.State == CompatConnectionState.Connected);
        Assert.AreEqual("green", client.CurrentPath);
        Assert.AreEqual(SchemaPathChoice.Fallback, client.LatestSelection!.Choice);

        // The operators confirm the cut-over, then roll back: each flip takes effect at the next reconnect.
        world.Flag.Variant = "green";
        world.Server.DisconnectAll("cut-over");
        await world.RunUntilAsync(() => client.LatestSelection!.Choice == SchemaPathChoice.Flag && client.State == CompatConnectionState.Connected);
        Assert.AreEqual("green", client.CurrentPath);

        world.Flag.Variant = "blue";
        world.Server.DisconnectAll("rollback");
        await world.RunUntilAsync(() => client.CurrentPath == "blue" && client.State == CompatConnectionState.Connected && heroes.Count == 0);
        Assert.AreEqual(SchemaPathChoice.Flag, client.LatestSelection!.Choice);
        await world.RunAsync(client.CallReducerAsync(new CreateHero("on-blue")));
        Assert.AreEqual("on-blue", heroes.Snapshot().Single().Name);
        Assert.AreEqual(1, blue.Database("blue").Table("player").Iter().Count());
    }

    [TestMethod]
    public async Task RetryPreferredAfter_Passed_TheNextReconnectReturnsToBlueWithoutDroppingGreenBefore()
    {
        using var world = new PathWorld(("green", GameModules.V2()));
        var blue = world.AddServer(("blue", GameModules.V2()));
        blue.Faults.RefuseConnections = true;
        world.Flag.Variant = "blue";
        var client = world.Client(BlueGreen(world, blue, retryPreferredAfter: TimeSpan.FromMinutes(10)));
        await world.RunAsync(client.ConnectAsync());
        Assert.AreEqual("green", client.CurrentPath);
        blue.Faults.RefuseConnections = false;

        world.Time.Advance(TimeSpan.FromMinutes(10));
        world.Tick();
        Assert.AreEqual("green", client.CurrentPath); // A healthy connection is never dropped for it.
        Assert.AreEqual(CompatConnectionState.Connected, client.State);

        world.Server.DisconnectAll("rolling restart");
        await world.RunUntilAsync(() => client.CurrentPath == "blue" && client.State == CompatConnectionState.Connected);
        Assert.AreEqual(SchemaPathChoice.Flag, client.LatestSelection!.Choice);
    }

    [TestMethod]
    public async Task SwitchPathAsync_AfterConnectFallback_TriesBlueAgainAtOnce()
    {
        using var world = new PathWorld(("green", GameModules.V2()));
        var blue = world.AddServer(("blue", GameModules.V2()));
        blue.Faults.RefuseConnections = true;
        world.Flag.Variant = "blue";
        var client = world.Client(BlueGreen(world, blue, retryPreferredAfter: TimeSpan.FromDays(1)));
        await world.RunAsync(client.ConnectAsync());
        Assert.AreEqual("green", client.CurrentPath);
        blue.Faults.RefuseConnections = false;

        await world.RunAsync(client.SwitchPathAsync("blue"));

        Assert.AreEqual("blue", client.CurrentPath);
        Assert.AreEqual(SchemaPathChoice.Requested, client.LatestSelection!.Choice);
        Assert.AreEqual(CompatConnectionState.Connected, client.State);
    }

    [TestMethod]
    public async Task Reconnect_BlueGoesDownWhileConnected_GreenServesAfterTheThreshold()
    {
        using var world = new PathWorld(("green", GameModules.V2()));
        var blue = world.AddServer(("blue", GameModules.V2()));
        world.Flag.Variant = "blue";
        var client = world.Client(BlueGreen(world, blue, failures: 2));
        await world.RunAsync(client.ConnectAsync());
        Assert.AreEqual("blue", client.CurrentPath);

        blue.Faults.RefuseConnections = true;
        blue.DisconnectAll("blue is down");
        await world.RunUntilAsync(() => client.CurrentPath == "green" && client.State == CompatConnectionState.Connected);

        Assert.AreEqual(SchemaPathChoice.Fallback, client.LatestSelection!.Choice);
        StringAssert.Contains(client.LatestSelection.Checks["blue"].Reason, "failed 2 consecutive connect(s)");
    }

    private static SchemaPathOptions BlueGreen(PathWorld world, SimulatedServer blue, int failures = 3, TimeSpan? retryPreferredAfter = null) =>
        new SchemaPathOptions { Flag = world.Flag, FallbackAfterConnectFailures = failures, RetryPreferredAfter = retryPreferredAfter ?? TimeSpan.FromHours(1) }
            .Add("blue", PathWorld.V2Driver(), p => HeroV2(p).Target(blue.Uri, "blue").CheckWith(world.CheckOf(GameModules.V2(), "blue", blue)))
            .Add("green", PathWorld.V2Driver(), p => HeroV2(p).Target(world.Server.Uri, "green").CheckWith(world.CheckOf(GameModules.V2(), "green")));

    private static SchemaPathBuilder HeroV2(SchemaPathBuilder p) => p
        .Rows<PlayerV2, Hero>(r => new Hero(r.Id, r.Username, r.Score))
        .Command<CreateHero, CreatePlayerArgs>(c => new(c.Name));
}
