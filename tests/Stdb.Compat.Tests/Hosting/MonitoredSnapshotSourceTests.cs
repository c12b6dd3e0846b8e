using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Hosting;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Hosting;

[TestClass]
public sealed class MonitoredSnapshotSourceTests
{
    [TestMethod]
    public void Refresh_InvalidReload_LogsAndKeepsThePreviousSnapshot()
    {
        var (configuration, monitor) = Bind(new() { ["Stdb:ServerUri"] = "http://localhost:3000", ["Stdb:DatabaseName"] = "game" });
        var logs = new CapturingLoggerFactory();
        var source = new MonitoredSnapshotSource(monitor, "Stdb", logs.CreateLogger("test"));

        configuration["Stdb:DatabaseName"] = " ";
        configuration.Reload();
        var snapshot = source.Refresh();

        Assert.AreEqual("game", snapshot.DatabaseName);
        Assert.AreSame(snapshot, source.Current);
        Assert.IsTrue(logs.Entries.Any(e => e.Id.Id == 1030 && e.Message.Contains("Stdb:DatabaseName", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Refresh_ValidReload_TakesEffectAtTheNextAttemptAndSignalsThePipelines()
    {
        var (configuration, monitor) = Bind(new() { ["Stdb:ServerUri"] = "http://localhost:3000", ["Stdb:DatabaseName"] = "game" });
        var source = new MonitoredSnapshotSource(monitor, "Stdb", new CapturingLoggerFactory().CreateLogger("test"));
        var reload = source.ReloadToken();

        configuration["Stdb:DatabaseName"] = "game-green";
        configuration.Reload();

        Assert.AreEqual("game", source.Current.DatabaseName, "nothing changes until an attempt starts");
        Assert.AreEqual("game-green", source.Refresh().DatabaseName);
        Assert.IsTrue(reload.IsCancellationRequested);
    }

    [TestMethod]
    public void Constructor_InvalidOptions_ThrowsNamingTheConfigurationKey()
    {
        var (_, monitor) = Bind(new() { ["Stdb:ServerUri"] = "http://localhost:3000" });
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => new MonitoredSnapshotSource(monitor, "Stdb", new CapturingLoggerFactory().CreateLogger("test")));
        StringAssert.Contains(error.Message, "Stdb:DatabaseName");
    }

    private static (IConfigurationRoot Configuration, IOptionsMonitor<CompatClientOptions> Monitor) Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddStdbCompat();
        var monitor = services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<CompatClientOptions>>();
        return (configuration, monitor);
    }
}
