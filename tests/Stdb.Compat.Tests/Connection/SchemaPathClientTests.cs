using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using GameModule;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Tables;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

[TestClass]
public sealed class SchemaPathClientTests
{
    [TestMethod]
    public async Task ConnectAsync_FlagNamesCompatiblePath_PinsItOnce()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        world.Flag.Variant = "v2";
        var client = world.Client(Paths(world));

        await world.RunAsync(client.ConnectAsync());

        Assert.AreEqual("v2", client.CurrentPath);
        Assert.AreEqual(SchemaPathChoice.Flag, client.LatestSelection!.Choice);
        Assert.AreEqual("v2", client.LatestSelection.Variant);
        Assert.AreEqual(CompatConnectionState.Connected, client.State);
        Assert.AreEqual(1, world.Flag.Evaluations);
    }

    [TestMethod]
    public async Task ConnectAsync_PreferredPathIncompatible_FallsBackToNewestCompatibleWithReason()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        world.Flag.Variant = "v3";
        var client = world.Client(Paths(world));

        await world.RunAsync(client.ConnectAsync());

        Assert.AreEqual("v2", client.CurrentPath);
        var selection = client.LatestSelection!;
        Assert.AreEqual(SchemaPathChoice.Fallback, selection.Choice);
        Assert.AreEqual("v3", selection.Preferred);
        StringAssert.Contains(selection.Reason, "'v3' is not compatible");
        Assert.IsFalse(selection.Checks["v3"].CanConnect);
        Assert.IsTrue(selection.Checks["v2"].CanConnect);
    }

    [TestMethod]
    public async Task ConnectAsync_NoPathCompatible_FaultsWithNoCompatiblePathAndEveryReport()
    {
        using var world = new PathWorld(("game", GameModules.V1()));
        var client = world.Client(Paths(world));
        var changes = new List<StateChange>();
        client.StateChanged += changes.Add;

        var connect = client.ConnectAsync();
        await world.RunUntilAsync(() => connect.IsCompleted);

        var error = await Assert.ThrowsExactlyAsync<ConnectFailedException>(() => connect);
        StringAssert.Contains(error.Message, "No schema path is compatible");
        Assert.AreEqual(CompatConnectionState.Faulted, client.State);
        Assert.AreEqual(StateChangeReason.NoCompatiblePath, changes.Last().Reason);
        Assert.IsNull(client.LatestSelection!.Path);
        Assert.AreEqual(2, client.LatestSelection.Checks.Count);
    }

    [TestMethod]
    public async Task ClientBreakingPublish_V2ToV2WithTitle_MovesToNewerPathWithoutSpuriousRowChanges()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var client = world.Client(Paths(world, defaultPath: "v2"));
        await world.RunAsync(client.ConnectAsync());
        var heroes = client.Table<Hero>();
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied);
        Assert.AreEqual(ReducerOutcomeKind.Committed, (await world.RunAsync(client.CallReducerAsync(new CreateHero("alice")))).Kind);
        Assert.AreEqual(ReducerOutcomeKind.Committed, (await world.RunAsync(client.CallReducerAsync(new CreateHero("bob")))).Kind);
        var changes = new List<RowChange<Hero>>();
        heroes.Inserted += changes.Add;
        heroes.Updated += changes.Add;
        heroes.Deleted += changes.Add;

        world.Server.Publish("game", GameModules.V2WithTitle(), new PublishOptions { BreakClients = true });
        await world.RunUntilAsync(() => client.CurrentPath == "v3" && client.State == CompatConnectionState.Connected && client.LatestSelection!.Path == "v3");
        for (var i = 0; i < 50; i++)
        {
            world.Tick();
            await Task.Yield();
        }

        Assert.AreEqual(0, changes.Count, string.Join(", ", changes.Select(c => $"{c.Kind} {c.Row}")));
        Assert.IsFalse(((KeyedModelView<Hero, ulong>)heroes).KeepsModels, "the old path's models are dropped after the sweep: the app never read the view");
        Assert.AreEqual(2, heroes.Count);
        var bob = heroes.Snapshot().Single(h => h.Name == "bob");
        var hit = await world.RunAsync(client.CallReducerAsync(new Hit(bob.Id, 10)));
        Assert.AreEqual(ReducerOutcomeKind.Committed, hit.Kind, hit.Reason);
        await world.RunUntilAsync(() => changes.Count == 1);
        Assert.AreEqual(new Hero(bob.Id, "bob", 90), changes[0].Row);
    }

    [TestMethod]
    public async Task CallReducerAsync_CommandThePathCannotExpress_EndsNotSupportedOnPath()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var client = world.Client(Paths(world));
        await world.RunAsync(client.ConnectAsync());

        var outcome = await client.CallReducerAsync(new SetDisplayName(1, "Al"));

        Assert.AreEqual(ReducerOutcomeKind.NotSupportedOnPath, outcome.Kind);
        StringAssert.Contains(outcome.Reason, "no set_display_name reducer");
    }

    [TestMethod]
    public async Task RowsAndCalls_ManyOfThem_EvaluateTheFlagNever()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        world.Flag.Variant = "v2";
        var client = world.Client(Paths(world));
        await world.RunAsync(client.ConnectAsync());
        var heroes = client.Table<Hero>();
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied);
        var afterConnect = world.Flag.Evaluations;

        await world.RunAsync(client.CallReducerAsync(new CreateHero("alice")));
        var id = heroes.Snapshot().Single().Id;
        for (var i = 0; i < 20; i++)
        {
            await world.RunAsync(client.CallReducerAsync(new Hit(id, 1)));
        }

        Assert.AreEqual(80u, heroes.Snapshot().Single().Score);

        // Many rows from other writers, reads from the app, and a call the path cannot express.
        world.Server.Database("game").Transaction(ctx =>
        {
            for (var i = 0UL; i < 500; i++)
            {
                ctx.Table("player").Insert(new SimRow(10_000 + i, "p" + i, 100u, null));
            }
        });
        await world.RunUntilAsync(() => heroes.Count == 501);
        for (var i = 0UL; i < 500; i++)
        {
            Assert.IsTrue(heroes.TryFind(10_000 + i, out _));
        }

        Assert.AreEqual(ReducerOutcomeKind.NotSupportedOnPath, (await client.CallReducerAsync(new SetDisplayName(id, "Al"))).Kind);
        Assert.AreEqual(afterConnect, world.Flag.Evaluations);
        Assert.AreEqual(1, afterConnect);
    }

    [TestMethod]
    public async Task SwitchPathAsync_SameDriverAndTarget_SwitchesAtAFrameBoundaryWithoutReconnecting()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var driver = PathWorld.V2Driver();
        var paths = new SchemaPathOptions { DefaultPath = "damage" }
            .Add("damage", driver, p => p.Rows<PlayerV2, Hero>(ToHero).Command<CreateHero, CreatePlayerArgs>(c => new(c.Name)).Command<Hit, DealDamageArgs>(c => new(c.Target, c.Amount)))
            .Add("damage_x2", driver, p => p.Rows<PlayerV2, Hero>(ToHero).Command<CreateHero, CreatePlayerArgs>(c => new(c.Name)).Command<Hit, DealDamageArgs>(c => new(c.Target, c.Amount * 2)));
        var client = world.Client(paths);
        await world.RunAsync(client.ConnectAsync());
        var heroes = client.Table<Hero>();
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied);
        await world.RunAsync(client.CallReducerAsync(new CreateHero("alice")));
        var id = heroes.Snapshot().Single().Id;
        var states = new List<StateChange>();
        client.StateChanged += states.Add;
        var changes = new List<RowChange<Hero>>();
        heroes.Updated += changes.Add;

        var inFlight = client.CallReducerAsync(new Hit(id, 5)); // mapped by the path in use when called
        var switching = client.SwitchPathAsync("damage_x2");
        await world.RunAsync(switching);
        await world.RunAsync(inFlight);
        await world.RunAsync(client.CallReducerAsync(new Hit(id, 5)));

        Assert.AreEqual("damage_x2", client.CurrentPath);
        Assert.IsTrue(states.All(s => s.Current == CompatConnectionState.Connected), string.Join(", ", states));
        Assert.AreEqual(StateChangeReason.PathSwitched, states.Single().Reason);
        Assert.AreEqual(100u - 5 - 10, heroes.Snapshot().Single().Score);
        Assert.AreEqual(2, changes.Count);
    }

    [TestMethod]
    public async Task FlagFlip_BlueToGreenAtTheNextReconnect_AndBackIsTheRollback()
    {
        using var world = new PathWorld(("blue", GameModules.V2()), ("green", GameModules.V2()));
        world.Flag.Variant = "blue";
        var paths = new SchemaPathOptions { Flag = world.Flag }
            .Add("blue", PathWorld.V2Driver(), p => HeroV2(p).Target(world.Server.Uri, "blue").CheckWith(world.CheckOf(GameModules.V2(), "blue")))
            .Add("green", PathWorld.V2Driver(), p => HeroV2(p).Target(world.Server.Uri, "green").CheckWith(world.CheckOf(GameModules.V2(), "green")));
        var client = world.Client(paths);
        await world.RunAsync(client.ConnectAsync());
        var heroes = client.Table<Hero>();
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied);
        await world.RunAsync(client.CallReducerAsync(new CreateHero("on-blue")));
        Assert.AreEqual("blue", client.CurrentPath);

        world.Flag.Variant = "green";
        world.Server.DisconnectAll("rolling restart");
        await world.RunUntilAsync(() => client.CurrentPath == "green" && client.State == CompatConnectionState.Connected && heroes.Count == 0);
        await world.RunAsync(client.CallReducerAsync(new CreateHero("on-green")));
        Assert.AreEqual("on-green", heroes.Snapshot().Single().Name);
        Assert.AreEqual(1, world.Server.Database("green").Table("player").Iter().Count());

        world.Flag.Variant = "blue";
        world.Server.DisconnectAll("rollback");
        await world.RunUntilAsync(() => client.CurrentPath == "blue" && client.State == CompatConnectionState.Connected && heroes.Count == 1 && heroes.Snapshot()[0].Name == "on-blue");
        Assert.AreEqual(3, world.Flag.Evaluations);
    }

    private static Hero ToHero(PlayerV2 row) => new(row.Id, row.Username, row.Score);

    private static SchemaPathBuilder HeroV2(SchemaPathBuilder p) => p
        .Rows<PlayerV2, Hero>(ToHero)
        .Command<CreateHero, CreatePlayerArgs>(c => new(c.Name))
        .Command<Hit, DealDamageArgs>(c => new(c.Target, c.Amount))
        .NotSupported<SetDisplayName>("generation 2 has no set_display_name reducer");

    private static SchemaPathOptions Paths(PathWorld world, string? defaultPath = null) => new SchemaPathOptions { Flag = world.Flag, DefaultPath = defaultPath }
        .Add("v2", PathWorld.V2Driver(), p => HeroV2(p).CheckWith(world.CheckOf(GameModules.V2(), "game")))
        .Add("v3", PathWorld.V3Driver(), p => p
            .Rows<PlayerV3, Hero>(r => new Hero(r.Id, r.Username, r.Score))
            .Command<CreateHero, CreatePlayerArgs>(c => new(c.Name))
            .Command<Hit, DealDamageArgs>(c => new(c.Target, c.Amount))
            .NotSupported<SetDisplayName>("generation 3 has no set_display_name reducer either")
            .CheckWith(world.CheckOf(GameModules.V2WithTitle(), "game")));
}
