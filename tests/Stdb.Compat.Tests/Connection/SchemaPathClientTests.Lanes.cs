using System;
using System.Linq;
using System.Threading.Tasks;
using GameModule;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Resilience;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

/// <summary>Lanes (one engine-room client per driver and target): only the lane in use holds a connection or a timer.</summary>
[TestClass]
public sealed class SchemaPathClientLaneTests
{
    [TestMethod]
    public async Task FlagFlip_OldLaneWasReconnectingToARefusingTarget_HoldsNoConnectionNoTimerAfterTheSwitch()
    {
        using var world = new PathWorld(("green", GameModules.V2()));
        var blue = world.AddServer(("blue", GameModules.V2()));
        var time = new TimerCountingTime(world.Time);
        world.Flag.Variant = "blue";
        await using var client = Create(world, time, BlueGreen(world, blue));
        await world.RunAsync(client.ConnectAsync());
        var heroes = client.Table<Hero>();
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied);
        Assert.AreEqual("blue", client.CurrentPath);

        world.Flag.Variant = "green";
        blue.Faults.RefuseConnections = true;
        blue.DisconnectAll("rolling restart");
        await world.RunUntilAsync(() => client.CurrentPath == "green" && client.State == CompatConnectionState.Connected);
        for (var minute = 0; minute < 30; minute++)
        {
            world.Time.Advance(TimeSpan.FromMinutes(1));
            world.Tick();
            await Task.Yield();
        }

        Assert.AreEqual("green", client.CurrentPath);
        Assert.AreEqual(CompatConnectionState.Connected, client.State);
        Assert.AreEqual(0, blue.Clients.Count, "the blue lane holds no connection");
        Assert.AreEqual(1, world.Server.Clients.Count, "one connection: the lane in use");
        Assert.AreEqual(0, time.LiveTimers, "no backoff, break or call timer of the blue lane is left");
        Assert.AreEqual(0, heroes.Count);
    }

    [TestMethod]
    public async Task SwitchPathAsync_OldLaneConnected_ItsConnectionClosesAndTheAppSeesOnlyTheNewLane()
    {
        using var world = new PathWorld(("green", GameModules.V2()));
        var blue = world.AddServer(("blue", GameModules.V2()));
        var time = new TimerCountingTime(world.Time);
        world.Flag.Variant = "blue";
        await using var client = Create(world, time, BlueGreen(world, blue));
        var changes = new System.Collections.Generic.List<StateChange>();
        await world.RunAsync(client.ConnectAsync());
        Assert.AreEqual(1, blue.Clients.Count);
        client.StateChanged += changes.Add;

        await world.RunAsync(client.SwitchPathAsync("green"));
        await world.RunUntilAsync(() => client.State == CompatConnectionState.Connected);
        world.Time.Advance(TimeSpan.FromMinutes(30));
        world.Tick();

        Assert.AreEqual(0, blue.Clients.Count, "the inactive lane disconnected");
        Assert.AreEqual(1, world.Server.Clients.Count);
        Assert.AreEqual(0, time.LiveTimers);
        Assert.AreEqual(new StateChange(CompatConnectionState.Connected, CompatConnectionState.Disconnected, StateChangeReason.PathSwitched), changes[0], "the switch starts at the state the app saw last");
        Assert.AreEqual(1, changes.Count(c => c.Current == CompatConnectionState.Disconnected), "the old lane's own disconnect is not the app's state");
        CollectionAssert.AreEqual(changes.Skip(1).Select(c => c.Previous).ToList(), changes.SkipLast(1).Select(c => c.Current).ToList(), "each change starts where the previous one ended");
        Assert.AreEqual(CompatConnectionState.Connected, changes[^1].Current);
    }

    private static ISchemaPathClient Create(PathWorld world, TimeProvider time, SchemaPathOptions paths)
    {
        var snapshots = new FixedSnapshotSource(new CompatClientOptions { ServerUri = world.Server.Uri, DatabaseName = "green" }.ToSnapshot());
        var client = SchemaPathClient.Create(paths, () => snapshots, new ClientServices(), Array.Empty<EventStreamDeclaration>(), NullLoggerFactory.Instance, time);
        world.Pump(client);
        return client;
    }

    private static SchemaPathOptions BlueGreen(PathWorld world, SimulatedServer blue) =>
        new SchemaPathOptions { Flag = world.Flag }
            .Add("blue", PathWorld.V2Driver(), p => HeroV2(p).Target(blue.Uri, "blue").CheckWith(world.CheckOf(GameModules.V2(), "blue", blue)))
            .Add("green", PathWorld.V2Driver(), p => HeroV2(p).Target(world.Server.Uri, "green").CheckWith(world.CheckOf(GameModules.V2(), "green")));

    private static SchemaPathBuilder HeroV2(SchemaPathBuilder p) => p
        .Rows<PlayerV2, Hero>(r => new Hero(r.Id, r.Username, r.Score))
        .Command<CreateHero, CreatePlayerArgs>(c => new(c.Name));
}
