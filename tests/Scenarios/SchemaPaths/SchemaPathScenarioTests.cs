// One scenario suite over every path situation: the same app (HeroApp, HeroPaths: its own model, commands and
// adapters for generation v1 and generation v2, which renames the player table and adds display_name) runs unchanged
// on a v1-only server, a v2-only server, a live publish v1 -> v2 with --break-clients, a phased rollout by a
// FeatureManagement percentile allocation, and a blue -> green cut-over with rollback. Each test asserts the exact
// row handler calls the app saw.
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using GameModule;
using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Flags;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios.SchemaPaths;

[TestClass]
public sealed class SchemaPathScenarioTests
{
    private const string FlagName = "Stdb.SchemaPath";

    /// <summary>What the app sees when it plays one round: two heroes appear, alice hits bob.</summary>
    private static readonly string[] Round = { "inserted alice:100", "inserted bob:100", "updated bob:100 -> bob:90" };

    [TestMethod]
    public async Task V1OnlyServer_AppPlaysARound_OnPathV1BecauseV2DoesNotDecode()
    {
        using var world = new SchemaPathWorld();
        var server = world.Server("1.12.0", GameModules.V1());

        var app = await world.JoinAsync(world.Deployment(server));
        await PlayRoundAsync(world, app);

        Assert.AreEqual("v1", app.Client.CurrentPath);
        var selection = app.Client.LatestSelection!;
        Assert.AreEqual(SchemaPathChoice.Fallback, selection.Choice, selection.Reason);
        Assert.AreEqual("v2", selection.Preferred);
        Assert.IsFalse(selection.Checks["v2"].CanConnect);
        CollectionAssert.AreEqual(Round, app.Seen.ToArray());
        Assert.AreEqual(90u, Score(server, "Player", "bob"));
    }

    [TestMethod]
    public async Task V2OnlyServer_AppPlaysARound_OnPathV2ByDefault()
    {
        using var world = new SchemaPathWorld();
        var server = world.Server("2.8.3", GameModules.V2());

        var app = await world.JoinAsync(world.Deployment(server));
        await PlayRoundAsync(world, app);

        Assert.AreEqual("v2", app.Client.CurrentPath);
        Assert.AreEqual(SchemaPathChoice.Default, app.Client.LatestSelection!.Choice);
        Assert.IsTrue(app.Client.LatestSelection.Checks["v2"].CanConnect, app.Client.LatestSelection.Reason);
        CollectionAssert.AreEqual(Round, app.Seen.ToArray());
        Assert.AreEqual(90u, Score(server, "player", "bob"));
    }

    [TestMethod]
    public async Task LivePublishV1ToV2_BreakClients_MovesToV2ByItselfWithoutSpuriousRowChanges()
    {
        using var world = new SchemaPathWorld();
        var server = world.Server("2.8.3", GameModules.V1());
        var app = await world.JoinAsync(world.Deployment(server));
        await PlayRoundAsync(world, app);
        Assert.AreEqual("v1", app.Client.CurrentPath);
        var before = app.Heroes.Snapshot().OrderBy(h => h.Id).ToArray();
        app.ClearSeen();

        var published = server.Publish(SchemaPathWorld.Database, GameModules.V2(), new PublishOptions { BreakClients = true });
        await world.UntilAsync(
            () => app.Client.CurrentPath == "v2" && app.Client.State == CompatConnectionState.Connected && app.Client.LatestSelection!.Path == "v2",
            "the client moves to path v2");

        Assert.IsTrue(published.BrokeClients);
        CollectionAssert.AreEqual(System.Array.Empty<string>(), app.Seen.ToArray(), "no row changed in the app's world");
        CollectionAssert.AreEqual(before, app.Heroes.Snapshot().OrderBy(h => h.Id).ToArray());

        var hit = await world.RunAsync(app.HitAsync("bob", 5));
        Assert.AreEqual(ReducerOutcomeKind.Committed, hit.Kind, hit.Reason);
        await world.SettleAsync();
        CollectionAssert.AreEqual(new[] { "updated bob:90 -> bob:85" }, app.Seen.ToArray());
        Assert.AreEqual(85u, Score(server, "player", "bob"));
    }

    [TestMethod]
    public async Task PhasedRollout_PercentileAllocation_SomeClientsOnV1SomeOnV2_ThenAllOnV2()
    {
        using var world = new SchemaPathWorld();
        var server = world.Server("2.8.3", GameModules.V1(), ("game-v2", GameModules.V2()));
        var settings = new Dictionary<string, string?>
        {
            ["feature_management:feature_flags:0:id"] = FlagName,
            ["feature_management:feature_flags:0:enabled"] = "true",
            ["feature_management:feature_flags:0:variants:0:name"] = "v1",
            ["feature_management:feature_flags:0:variants:1:name"] = "v2",
            ["feature_management:feature_flags:0:allocation:default_when_enabled"] = "v1",
            ["feature_management:feature_flags:0:allocation:seed"] = "hero-rollout",
            ["feature_management:feature_flags:0:allocation:percentile:0:variant"] = "v1",
            ["feature_management:feature_flags:0:allocation:percentile:0:from"] = "0",
            ["feature_management:feature_flags:0:allocation:percentile:0:to"] = "50",
            ["feature_management:feature_flags:0:allocation:percentile:1:variant"] = "v2",
            ["feature_management:feature_flags:0:allocation:percentile:1:from"] = "50",
            ["feature_management:feature_flags:0:allocation:percentile:1:to"] = "100",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var features = new FeatureManager(new ConfigurationFeatureDefinitionProvider(configuration));
        var users = Enumerable.Range(1, 10).Select(i => $"user-{i}").ToArray();
        var expected = new Dictionary<string, string>();
        foreach (var user in users)
        {
            expected[user] = (await features.GetVariantAsync(FlagName, new TargetingContext { UserId = user })).Name;
        }

        Assert.IsTrue(expected.Values.Contains("v1") && expected.Values.Contains("v2"), "the allocation splits these users");

        var apps = new Dictionary<string, HeroApp>();
        foreach (var user in users)
        {
            var deployment = world.Deployment(server, VariantFlag(features, user)) with { V2Target = (server.Uri, "game-v2") };
            apps[user] = await world.JoinAsync(deployment);
            var created = await world.RunAsync(apps[user].CreateAsync(user));
            Assert.AreEqual(ReducerOutcomeKind.Committed, created.Kind, created.Reason);
        }

        string[] SameVariant(string user) => users.Where(u => expected[u] == expected[user]).ToArray();
        await world.UntilAsync(() => users.All(u => apps[u].Heroes.Count == SameVariant(u).Length), "every client sees its generation's heroes");
        foreach (var user in users)
        {
            Assert.AreEqual(expected[user], apps[user].Client.CurrentPath, user);
            Assert.AreEqual(SchemaPathChoice.Flag, apps[user].Client.LatestSelection!.Choice, user);
            CollectionAssert.AreEquivalent(SameVariant(user), apps[user].Heroes.Snapshot().Select(h => h.Name).ToArray(), $"{user} sees the heroes of its generation's database");
            Assert.IsTrue(apps[user].Seen.All(s => s.StartsWith("inserted ", System.StringComparison.Ordinal)), string.Join(", ", apps[user].Seen));
        }

        CollectionAssert.AreEquivalent(users.Where(u => expected[u] == "v1").ToArray(), Names(server, SchemaPathWorld.Database, "Player"));
        CollectionAssert.AreEquivalent(users.Where(u => expected[u] == "v2").ToArray(), Names(server, "game-v2", "player"));

        // Rollout to 100 %: every client is on v2 after its next reconnect.
        configuration["feature_management:feature_flags:0:allocation:default_when_enabled"] = "v2";
        configuration["feature_management:feature_flags:0:allocation:percentile:0:to"] = "0";
        configuration["feature_management:feature_flags:0:allocation:percentile:1:from"] = "0";
        configuration.Reload();
        server.DisconnectAll("rolling restart");
        var onV2 = Names(server, "game-v2", "player").Length;
        await world.UntilAsync(
            () => apps.Values.All(a => a.Client.CurrentPath == "v2" && a.Client.State == CompatConnectionState.Connected && a.Heroes.Count == onV2),
            "every client is on v2 and sees v2's heroes");
        foreach (var app in apps.Values)
        {
            CollectionAssert.AreEquivalent(Names(server, "game-v2", "player"), app.Heroes.Snapshot().Select(h => h.Name).ToArray());
        }
    }

    [TestMethod]
    public async Task BlueGreen_FlagFlipCutsOverToGreen_AndFlippingBackRollsBack()
    {
        using var world = new SchemaPathWorld();
        var blue = world.Server("1.12.0", GameModules.V1());
        var green = world.Server("2.8.3", GameModules.V2());
        string? variant = "v1";
        var flag = SchemaPathFlags.FromDelegate(FlagName, _ => new ValueTask<string?>(variant));
        var app = await world.JoinAsync(world.Deployment(blue, flag) with { V2Target = (green.Uri, SchemaPathWorld.Database) });
        await PlayRoundAsync(world, app);
        Assert.AreEqual("v1", app.Client.CurrentPath);
        Assert.AreEqual(SchemaPathChoice.Flag, app.Client.LatestSelection!.Choice);

        // Green gets blue's data (the migration before a cut-over), then the flag flips and blue drains its clients.
        green.Database(SchemaPathWorld.Database).Transaction(ctx =>
        {
            foreach (var row in blue.Database(SchemaPathWorld.Database).Table("Player").Iter())
            {
                ctx.Table("player").Insert(new SimRow(row.Get<ulong>("id"), row.Get<string>("username"), row.Get<uint>("score"), null));
            }
        });
        app.ClearSeen();
        variant = "v2";
        blue.DisconnectAll("cut-over to green");
        await world.UntilAsync(() => app.Client.CurrentPath == "v2" && app.Client.State == CompatConnectionState.Connected, "the client is on green");
        CollectionAssert.AreEqual(System.Array.Empty<string>(), app.Seen.ToArray(), "green holds the same heroes: nothing changed in the app's world");

        var hit = await world.RunAsync(app.HitAsync("bob", 5));
        Assert.AreEqual(ReducerOutcomeKind.Committed, hit.Kind, hit.Reason);
        await world.SettleAsync();
        CollectionAssert.AreEqual(new[] { "updated bob:90 -> bob:85" }, app.Seen.ToArray());
        Assert.AreEqual(85u, Score(green, "player", "bob"));
        Assert.AreEqual(90u, Score(blue, "Player", "bob"));

        // Rollback: flip back; the client returns to blue, whose bob never took the hit.
        app.ClearSeen();
        variant = "v1";
        green.DisconnectAll("rollback to blue");
        await world.UntilAsync(
            () => app.Client.CurrentPath == "v1" && app.Client.State == CompatConnectionState.Connected && app.Find("bob").Score == 90,
            "the client is back on blue and sees blue's bob");
        CollectionAssert.AreEqual(new[] { "updated bob:85 -> bob:90" }, app.Seen.ToArray());
        Assert.AreEqual(SchemaPathChoice.Flag, app.Client.LatestSelection!.Choice);
    }

    /// <summary>The app's round: the same calls whatever the situation.</summary>
    private static async Task PlayRoundAsync(SchemaPathWorld world, HeroApp app)
    {
        foreach (var name in new[] { "alice", "bob" })
        {
            var created = await world.RunAsync(app.CreateAsync(name));
            Assert.AreEqual(ReducerOutcomeKind.Committed, created.Kind, created.Reason);
            await world.UntilAsync(() => app.Heroes.Snapshot().Any(h => h.Name == name), $"{name} appears");
        }

        var hit = await world.RunAsync(app.HitAsync("bob", 10));
        Assert.AreEqual(ReducerOutcomeKind.Committed, hit.Kind, hit.Reason);
        await world.UntilAsync(() => app.Find("bob").Score == 90, "bob takes the hit");
    }

    private static ISchemaPathFlag VariantFlag(IVariantFeatureManager features, string user) =>
        SchemaPathFlags.FromDelegate(FlagName, async ct => (await features.GetVariantAsync(FlagName, new TargetingContext { UserId = user }, ct))?.Name);

    private static uint Score(SimulatedServer server, string table, string name) =>
        server.Database(SchemaPathWorld.Database).Table(table).Iter().Single(r => r.Get<string>("username") == name).Get<uint>("score");

    private static string[] Names(SimulatedServer server, string database, string table) =>
        server.Database(database).Table(table).Iter().Select(r => r.Get<string>("username")).ToArray();
}
