using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Hosting;
using Stdb.Compat.Resilience;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Hosting;

[TestClass]
public sealed class StdbCompatServiceCollectionExtensionsTests
{
    [TestMethod]
    public void AddStdbCompat_CalledTwice_RegistersNothingTwice()
    {
        var services = new ServiceCollection();
        var builder = services.AddStdbCompat();
        var once = services.Count;
        var again = services.AddStdbCompat();

        Assert.AreEqual(once, services.Count);
        Assert.AreSame(services, again.Services);
        Assert.AreSame(services, builder.Services);
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(ICompatClient)));
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(IHostedService)));
    }

    [TestMethod]
    public async Task StartAsync_MissingDatabaseName_FailsNamingTheOption()
    {
        using var host = Host(new() { ["Stdb:ServerUri"] = "http://localhost:3000" });
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());
        StringAssert.Contains(error.Message, "Stdb:DatabaseName");
    }

    [TestMethod]
    public async Task StartAsync_BadResilienceOption_FailsNamingItsConfigurationKey()
    {
        using var host = Host(new()
        {
            ["Stdb:ServerUri"] = "http://localhost:3000",
            ["Stdb:DatabaseName"] = "game",
            ["Stdb:Resilience:Reconnect:Delay"] = "00:00:10",
            ["Stdb:Resilience:Reconnect:MaxDelay"] = "00:00:05",
        });
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());
        StringAssert.Contains(error.Message, "Stdb:Resilience:Reconnect:MaxDelay");
    }

    [TestMethod]
    public async Task StartAsync_BadFrameRate_FailsNamingIt()
    {
        using var host = Host(new()
        {
            ["Stdb:ServerUri"] = "http://localhost:3000",
            ["Stdb:DatabaseName"] = "game",
            ["Stdb:Host:FramesPerSecond"] = "0",
        });
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());
        StringAssert.Contains(error.Message, "Stdb:Host:FramesPerSecond");
    }

    [TestMethod]
    public void Options_FromConfiguration_AreBoundIncludingResilience()
    {
        using var host = Host(new()
        {
            ["Stdb:ServerUri"] = "http://localhost:3000",
            ["Stdb:DatabaseName"] = "game",
            ["Stdb:ReducerTimeout"] = "00:00:07",
            ["Stdb:Resilience:Reconnect:MaxRetryAttempts"] = "12",
            ["Stdb:Resilience:Reducers:WhileReconnecting"] = "FailFast",
            ["Stdb:Resilience:Reducers:Idempotent:0"] = "set_name",
            ["Stdb:Resilience:Circuit:MaxOpenings"] = "5",
        });
        var options = host.Services.GetRequiredService<IOptions<CompatClientOptions>>().Value;

        Assert.AreEqual(new Uri("http://localhost:3000"), options.ServerUri);
        Assert.AreEqual(TimeSpan.FromSeconds(7), options.ReducerTimeout);
        Assert.AreEqual(12, options.Resilience.Reconnect.MaxRetryAttempts);
        Assert.AreEqual(ReducerCallsWhileReconnecting.FailFast, options.Resilience.Reducers.WhileReconnecting);
        CollectionAssert.AreEqual(new[] { "set_name" }, options.Resilience.Reducers.Idempotent.ToArray());
        Assert.AreEqual(5, options.Resilience.Circuit.MaxOpenings);
    }

    [TestMethod]
    public async Task HostedService_StartAndStop_PumpsConnectsAndEveryPendingCallGetsAnOutcome()
    {
        using var world = new CounterWorld();
        using var host = Host(
            new() { ["Stdb:ServerUri"] = world.Server.Uri.ToString(), ["Stdb:DatabaseName"] = "counters", ["Stdb:Host:FramesPerSecond"] = "50" },
            b => b.UseDriver(_ => CounterWorld.Driver()),
            world);
        await host.StartAsync();
        var pump = host.Services.GetServices<IHostedService>().OfType<StdbCompatHostedService>().Single();
        world.Frames = () => pump.Frames;
        var client = host.Services.GetRequiredService<ICompatClient>();
        await world.DriveAsync(() => client.State == CompatConnectionState.Connected);
        var health = await host.Services.GetRequiredService<StdbCompatHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        Assert.AreEqual(HealthStatus.Healthy, health.Status);

        var committed = client.CallReducerAsync(new Bump(1));
        await world.DriveAsync(() => committed.IsCompleted);
        Assert.AreEqual(ReducerOutcomeKind.Committed, (await committed).Kind);

        world.Server.Faults.HoldDelivery();
        var pending = client.CallReducerAsync(new Bump(1));
        await world.DriveAsync(() => world.Server.Database("counters").Table("counter").Find(1UL)!.Get<uint>("value") == 2);
        var stopping = host.StopAsync();
        await world.DriveAsync(() => stopping.IsCompleted);
        await stopping;

        Assert.AreEqual(ReducerOutcomeKind.Dropped, (await pending).Kind);
        Assert.AreEqual(CompatConnectionState.Closed, client.State);
        health = await host.Services.GetRequiredService<StdbCompatHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        Assert.AreEqual(HealthStatus.Unhealthy, health.Status);
    }

    [TestMethod]
    public void Client_WithoutDriver_ThrowsNamingUseDriver()
    {
        using var host = Host(new() { ["Stdb:ServerUri"] = "http://localhost:3000", ["Stdb:DatabaseName"] = "game" }, driver: false);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => host.Services.GetRequiredService<ICompatClient>());
        StringAssert.Contains(error.Message, "UseDriver");
    }

    private static IHost Host(Dictionary<string, string?> settings, Action<IStdbCompatBuilder>? configure = null, CounterWorld? world = null, bool driver = true) =>
        new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings))
            .ConfigureServices(services =>
            {
                if (world is not null)
                {
                    services.AddSingleton<TimeProvider>(world.Time);
                }

                var builder = services.AddStdbCompat();
                if (driver)
                {
                    builder.UseDriver(_ => CounterWorld.Driver());
                }

                configure?.Invoke(builder);
            })
            .Build();
}
