using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Hosting;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Hosting;

[TestClass]
public sealed class StdbCompatHostedServiceTests
{
    [TestMethod]
    public async Task Dispose_StartedButNeverStopped_EndsThePumpThreadFirst()
    {
        var h = new ClientHarness();
        var time = new FakeTimeProvider();
        var service = new StdbCompatHostedService(h.Client, Options.Create(new StdbCompatHostOptions { ConnectOnStart = false }), time);
        await service.StartAsync(default);
        Assert.IsTrue(service.IsPumpAlive);

        service.Dispose();

        Assert.IsFalse(service.IsPumpAlive, "the pump thread must not outlive the semaphore and token it waits on");
    }

    [TestMethod]
    public async Task StopAsync_AfterFrames_StopsThePumpAndDisposesTheClient()
    {
        var h = new ClientHarness();
        var time = new FakeTimeProvider();
        using var service = new StdbCompatHostedService(h.Client, Options.Create(new StdbCompatHostOptions { ConnectOnStart = false, FramesPerSecond = 10 }), time);
        await service.StartAsync(default);

        await service.StopAsync(default);

        Assert.IsFalse(service.IsPumpAlive);
        Assert.AreEqual(Stdb.Compat.CompatConnectionState.Closed, h.Client.State);
    }
}
