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

/// <summary>The default schema checks (drivers carrying their manifest, no CheckWith): one live-schema fetch per target per selection.</summary>
[TestClass]
public sealed class SchemaPathClientFetchTests
{
    [TestMethod]
    public async Task ConnectAsync_ThreePathsOnOneTargetPreferredIncompatible_FetchesTheSchemaOnce()
    {
        using var world = new PathWorld(("game", GameModules.V1()));
        var sources = new CountingSchemaSources(world.Server);
        await using var client = Create(world, sources, new SchemaPathOptions()
            .Add("v1", Driver(PathWorld.V1Driver(), GameModules.V1()))
            .Add("v2", Driver(PathWorld.V2Driver(), GameModules.V2()))
            .Add("v3", Driver(PathWorld.V3Driver(), GameModules.V2WithTitle())));

        await world.RunAsync(client.ConnectAsync());
        await world.RunUntilAsync(() => client.Compatibility is { Trigger: CompatibilityCheckTrigger.Connected, Report: not null });

        Assert.AreEqual("v1", client.CurrentPath);
        var selection = client.LatestSelection!;
        Assert.AreEqual(SchemaPathChoice.Fallback, selection.Choice);
        Assert.IsFalse(selection.Checks["v3"].CanConnect, selection.Checks["v3"].Reason);
        Assert.IsFalse(selection.Checks["v2"].CanConnect, selection.Checks["v2"].Reason);
        Assert.IsTrue(selection.Checks["v1"].CanConnect, selection.Checks["v1"].Reason);
        Assert.AreEqual(1, sources.Total, "three candidates and the connect check share one fetch");
        Assert.AreEqual(CompatConnectionState.Connected, client.State);
    }

    [TestMethod]
    public async Task ConnectAsync_CandidatesOnTwoTargets_FetchesEachTargetOnce()
    {
        using var world = new PathWorld(("game", GameModules.V1()));
        var green = world.AddServer(("green", GameModules.V1()));
        var sources = new CountingSchemaSources(world.Server, green);
        await using var client = Create(world, sources, new SchemaPathOptions()
            .Add("v1", Driver(PathWorld.V1Driver(), GameModules.V1()))
            .Add("v2", Driver(PathWorld.V2Driver(), GameModules.V2()), p => p.Target(green.Uri, "green"))
            .Add("v3", Driver(PathWorld.V3Driver(), GameModules.V2WithTitle()), p => p.Target(green.Uri, "green")));

        await world.RunAsync(client.ConnectAsync());
        await world.RunUntilAsync(() => client.Compatibility is { Trigger: CompatibilityCheckTrigger.Connected, Report: not null });

        Assert.AreEqual("v1", client.CurrentPath);
        Assert.AreEqual(3, client.LatestSelection!.Checks.Count);
        Assert.AreEqual(1, sources.Of(green, "green"), "v3 and v2 share green's fetch");
        Assert.AreEqual(1, sources.Of(world.Server, "game"), "v1's selection check and its connect check share one fetch");
        Assert.AreEqual(2, sources.Total);
    }

    [TestMethod]
    public async Task ConnectAsync_NextAttemptAfterAPublish_FetchesAgainAndSeesTheNewModule()
    {
        using var world = new PathWorld(("game", GameModules.V1()));
        var sources = new CountingSchemaSources(world.Server);
        await using var client = Create(world, sources, new SchemaPathOptions()
            .Add("v1", Driver(PathWorld.V1Driver(), GameModules.V1()))
            .Add("v2", Driver(PathWorld.V2Driver(), GameModules.V2())));
        await world.RunAsync(client.ConnectAsync());
        await world.RunUntilAsync(() => client.Compatibility is { Trigger: CompatibilityCheckTrigger.Connected, Report: not null });
        Assert.AreEqual("v1", client.CurrentPath);
        Assert.AreEqual(1, sources.Total);

        await world.RunAsync(client.DisconnectAsync());
        world.Server.Publish("game", GameModules.V2(), new PublishOptions { BreakClients = true });
        await world.RunAsync(client.ConnectAsync());
        await world.RunUntilAsync(() => client.State == CompatConnectionState.Connected && client.Compatibility is { Trigger: CompatibilityCheckTrigger.Connected, Verdict: not null } && client.CurrentPath == "v2");

        Assert.AreEqual(SchemaPathChoice.Default, client.LatestSelection!.Choice);
        Assert.AreEqual(2, sources.Total, "the second attempt fetched again (no stale schema), once");
    }

    [TestMethod]
    public async Task ClientBreakingPublish_DefaultChecksOnly_MovesToTheNewerPathByItself()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var sources = new CountingSchemaSources(world.Server);
        await using var client = Create(world, sources, new SchemaPathOptions { DefaultPath = "v2" }
            .Add("v2", Driver(PathWorld.V2Driver(), GameModules.V2()))
            .Add("v3", Driver(PathWorld.V3Driver(), GameModules.V2WithTitle())));
        await world.RunAsync(client.ConnectAsync());
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied); // The app uses the table the publish breaks.
        Assert.AreEqual("v2", client.CurrentPath);
        var before = sources.Total;

        world.Server.Publish("game", GameModules.V2WithTitle(), new PublishOptions { BreakClients = true });
        await world.RunUntilAsync(() => client.CurrentPath == "v3" && client.State == CompatConnectionState.Connected);

        Assert.AreEqual(SchemaPathChoice.Fallback, client.LatestSelection!.Choice);
        Assert.IsFalse(client.LatestSelection.Checks["v2"].CanConnect, "the default check saw the new module");
        Assert.IsTrue(sources.Total > before);
    }

    [TestMethod]
    public async Task ConnectAsync_AfterTheServerIssuedAToken_TheSelectionFetchCarriesTheLanesToken()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var sources = new CountingSchemaSources(world.Server);
        await using var client = Create(world, sources, new SchemaPathOptions()
            .Add("v2", Driver(PathWorld.V2Driver(), GameModules.V2())));
        await world.RunAsync(client.ConnectAsync());
        await world.RunAsync(client.DisconnectAsync());

        await world.RunAsync(client.ConnectAsync());

        var tokens = sources.Tokens.ToArray();
        Assert.AreEqual(2, tokens.Length);
        Assert.IsNull(tokens[0], "no token before the first connect");
        Assert.IsFalse(string.IsNullOrEmpty(tokens[1]), "the token the server issued to the lane");
    }

    private static ManifestedDriver Driver(Stdb.Compat.Driver.IConnectionDriver driver, SimModule generation) => new(driver, PathWorld.ManifestOf(generation));

    private static ISchemaPathClient Create(PathWorld world, CountingSchemaSources sources, SchemaPathOptions paths)
    {
        var snapshot = new CompatClientOptions { ServerUri = world.Server.Uri, DatabaseName = "game" }.ToSnapshot();
        var snapshots = new FixedSnapshotSource(snapshot);
        var client = SchemaPathClient.Create(paths, () => snapshots, new ClientServices { SchemaSources = sources.Create }, Array.Empty<EventStreamDeclaration>(), NullLoggerFactory.Instance, world.Time);
        world.Pump(client);
        return client;
    }
}
