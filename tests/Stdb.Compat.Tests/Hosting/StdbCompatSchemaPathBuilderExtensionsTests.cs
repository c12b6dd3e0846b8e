using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using GameModule;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Hosting;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Hosting;

[TestClass]
public sealed class StdbCompatSchemaPathBuilderExtensionsTests
{
    [TestMethod]
    public async Task SelectPathByFeatureFlag_OwnSectionMicrosoftSchema_PicksTheAllocatedVariant()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var config = Base(world);
        config["Stdb:feature_management:feature_flags:0:id"] = "Stdb.SchemaPath";
        config["Stdb:feature_management:feature_flags:0:enabled"] = "true";
        config["Stdb:feature_management:feature_flags:0:variants:0:name"] = "v2";
        config["Stdb:feature_management:feature_flags:0:variants:1:name"] = "v3";
        config["Stdb:feature_management:feature_flags:0:allocation:default_when_enabled"] = "v2";
        await using var provider = Provider(world, config, b => b.SelectPathByFeatureFlag("Stdb.SchemaPath"));
        var client = provider.GetRequiredService<ISchemaPathClient>();
        world.Pump(client);

        await world.RunAsync(client.ConnectAsync());

        Assert.AreSame(client, provider.GetRequiredService<ICompatClient>());
        Assert.AreEqual("v2", client.CurrentPath);
        Assert.AreEqual(SchemaPathChoice.Flag, client.LatestSelection!.Choice);
        Assert.AreEqual("v2", client.LatestSelection.Variant);
    }

    [TestMethod]
    public async Task SelectPathByFeatureFlag_OwnSectionDotNetSchemaOnOff_PicksWhenEnabledPath()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var config = Base(world);
        config["Stdb:FeatureManagement:Stdb.UseV3:EnabledFor:0:Name"] = "AlwaysOn";
        await using var provider = Provider(world, config, b => b.SelectPathByFeatureFlag("Stdb.UseV3", defaultPath: "v2", whenEnabled: "v3"));
        var client = provider.GetRequiredService<ISchemaPathClient>();
        world.Pump(client);

        await world.RunAsync(client.ConnectAsync());

        Assert.AreEqual("v3", client.LatestSelection!.Variant);
        Assert.AreEqual("v3", client.CurrentPath);
        Assert.AreEqual(SchemaPathChoice.Flag, client.LatestSelection.Choice);
    }

    [TestMethod]
    public async Task SelectPathByFeatureFlag_VariantNamesNoPath_FailsAtStartNamingIt()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var config = Base(world);
        config["Stdb:feature_management:feature_flags:0:id"] = "Stdb.SchemaPath";
        config["Stdb:feature_management:feature_flags:0:enabled"] = "true";
        config["Stdb:feature_management:feature_flags:0:variants:0:name"] = "v9";
        await using var provider = Provider(world, config, b => b.SelectPathByFeatureFlag("Stdb.SchemaPath"));

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => provider.GetRequiredService<ICompatClient>());

        StringAssert.Contains(error.Message, "'v9'");
        StringAssert.Contains(error.Message, "Stdb:feature_management");
    }

    [TestMethod]
    public async Task SelectPathByFeatureFlag_HostVariantManager_EvaluatedOncePerAttemptNeverPerRowOrCall()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var manager = new CountingVariantManager("v2");
        await using var provider = Provider(world, Base(world), b =>
        {
            b.Services.AddSingleton<IVariantFeatureManager>(manager);
            b.SelectPathByFeatureFlag("Stdb.SchemaPath");
        });
        var client = provider.GetRequiredService<ISchemaPathClient>();
        world.Pump(client);
        await world.RunAsync(client.ConnectAsync());
        var heroes = client.Table<Hero>();
        await world.RunAsync(client.Subscribe(new[] { "player" }).Applied);

        await world.RunAsync(client.CallReducerAsync(new CreateHero("alice")));
        for (var i = 0; i < 10; i++)
        {
            await world.RunAsync(client.CallReducerAsync(new Hit(heroes.Snapshot()[0].Id, 1)));
        }

        Assert.AreEqual(90u, heroes.Snapshot()[0].Score);
        Assert.AreEqual(1, manager.Evaluations);
    }

    [TestMethod]
    public async Task AddSchemaPath_FallbackSettingsInConfiguration_AreReadAndValidatedNamingTheKey()
    {
        using var world = new PathWorld(("game", GameModules.V2()));
        var config = Base(world);
        config["Stdb:SchemaPaths:FallbackAfterConnectFailures"] = "5";
        config["Stdb:SchemaPaths:RetryPreferredAfter"] = "00:10:00";
        await using var provider = Provider(world, config, _ => { });
        var client = (SchemaPathClient)provider.GetRequiredService<ISchemaPathClient>();
        Assert.AreEqual(TimeSpan.FromMinutes(10), client.Selector.Health.RetryPreferredAfter);

        config["Stdb:SchemaPaths:FallbackAfterConnectFailures"] = "0";
        await using var invalid = Provider(world, config, _ => { });
        var error = Assert.ThrowsExactly<ArgumentException>(() => invalid.GetRequiredService<ICompatClient>());
        StringAssert.Contains(error.Message, "Stdb:SchemaPaths:FallbackAfterConnectFailures");

        config["Stdb:SchemaPaths:FallbackAfterConnectFailures"] = "three";
        await using var unparsable = Provider(world, config, _ => { });
        var parse = Assert.ThrowsExactly<InvalidOperationException>(() => unparsable.GetRequiredService<ICompatClient>());
        StringAssert.Contains(parse.Message, "Stdb:SchemaPaths:FallbackAfterConnectFailures");
    }

    private static Dictionary<string, string?> Base(PathWorld world) => new()
    {
        ["Stdb:ServerUri"] = world.Server.Uri.ToString(),
        ["Stdb:DatabaseName"] = "game",
    };

    private static ServiceProvider Provider(PathWorld world, Dictionary<string, string?> config, Action<IStdbCompatBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.AddSingleton<TimeProvider>(world.Time);
        var builder = services.AddStdbCompat()
            .AddSchemaPath("v2", _ => PathWorld.V2Driver(), (_, p) => p.Rows<PlayerV2, Hero>(r => new Hero(r.Id, r.Username, r.Score)).Command<CreateHero, CreatePlayerArgs>(c => new(c.Name)).Command<Hit, DealDamageArgs>(c => new(c.Target, c.Amount)))
            .AddSchemaPath("v3", _ => PathWorld.V3Driver(), (_, p) => p.Rows<PlayerV3, Hero>(r => new Hero(r.Id, r.Username, r.Score)).Command<CreateHero, CreatePlayerArgs>(c => new(c.Name)).Command<Hit, DealDamageArgs>(c => new(c.Target, c.Amount)));
        configure(builder);
        return services.BuildServiceProvider();
    }

    /// <summary>The host's variant manager, counting evaluations.</summary>
    private sealed class CountingVariantManager : IVariantFeatureManager
    {
        private readonly string _variant;
        private int _evaluations;

        public CountingVariantManager(string variant) => _variant = variant;

        public int Evaluations => Volatile.Read(ref _evaluations);

        public ValueTask<Variant> GetVariantAsync(string feature, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _evaluations);
            return new ValueTask<Variant>(new Variant { Name = _variant });
        }

        public ValueTask<Variant> GetVariantAsync(string feature, ITargetingContext context, CancellationToken cancellationToken = default) => GetVariantAsync(feature, cancellationToken);

        public async IAsyncEnumerable<string> GetFeatureNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return "Stdb.SchemaPath";
        }

        public ValueTask<bool> IsEnabledAsync(string feature, CancellationToken cancellationToken = default) => new(true);

        public ValueTask<bool> IsEnabledAsync<TContext>(string feature, TContext context, CancellationToken cancellationToken = default) => new(true);
    }
}
