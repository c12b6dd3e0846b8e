using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Tests.Fakes;

/// <summary>A client over a <see cref="FakeDriver"/> with fake time and captured logs.</summary>
public sealed class ClientHarness
{
    public ClientHarness(int sdkMajor = 2, Action<CompatClientOptions>? configure = null, bool withEventTable = true, Action<CompatClientServices>? services = null, FakeDriver? driver = null)
    {
        Driver = driver ?? new FakeDriver(sdkMajor, withEventTable);
        Options = new CompatClientOptions { ServerUri = new Uri("http://localhost:3000"), DatabaseName = "game" };
        configure?.Invoke(Options);
        var clientServices = new CompatClientServices { LoggerFactory = Logs, TimeProvider = Time };
        services?.Invoke(clientServices);
        Client = CompatClient.Create(Driver, Options, clientServices);
    }

    public FakeDriver Driver { get; }

    public CompatClientOptions Options { get; }

    public FakeTimeProvider Time { get; } = new();

    public CapturingLoggerFactory Logs { get; } = new();

    public ICompatClient Client { get; }

    public FakeSession Session => Driver.Session;

    /// <summary>Connects: opens the session, delivers OnConnected, and returns when connected.</summary>
    public async Task ConnectAsync()
    {
        var connecting = Client.ConnectAsync();
        Client.FrameTick();
        Session.QueueConnected();
        Client.FrameTick();
        await connecting.ConfigureAwait(false);
    }
}
