using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Flags;
using Stdb.Compat.Testing.Schema;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios.SchemaPaths;

/// <summary>
/// The situation the app runs in: simulated servers (one, or blue and green), fake time shared by everyone, and the
/// app's frame loop (FrameTick every client, advancing time a little; never sleeping).
/// </summary>
internal sealed class SchemaPathWorld : IDisposable
{
    public const string Database = "game";
    private readonly List<SimulatedServer> _servers = new();
    private readonly List<HeroApp> _apps = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Starts a server running <paramref name="module"/> in <see cref="Database"/> (and any more databases).</summary>
    public SimulatedServer Server(string version, SimModule module, params (string Database, SimModule Module)[] more)
    {
        var server = new SimulatedServer(new SimulatedServerOptions { Version = version, TimeProvider = Time });
        server.Publish(Database, module);
        foreach (var (database, other) in more)
        {
            server.Publish(database, other);
        }

        _servers.Add(server);
        return server;
    }

    /// <summary>The deployment of the app against <paramref name="server"/>: paths without their own targets use it.</summary>
    public HeroDeployment Deployment(SimulatedServer server, ISchemaPathFlag? flag = null) => new()
    {
        ServerUri = server.Uri,
        DatabaseName = Database,
        Flag = flag,
        SchemaSource = (uri, database) => new SimulatedModuleSchemaSource(_servers.Single(s => s.Uri == uri), database),
        TimeProvider = Time,
    };

    /// <summary>Starts one copy of the app (one player's game) and lets it join.</summary>
    public async Task<HeroApp> JoinAsync(HeroDeployment deployment)
    {
        var app = new HeroApp(HeroPaths.CreateClient(deployment));
        _apps.Add(app);
        await RunAsync(app.JoinAsync());
        return app;
    }

    /// <summary>Runs an app operation to its end while every app's frame loop runs.</summary>
    public async Task<T> RunAsync<T>(Task<T> task)
    {
        await RunAsync((Task)task);
        return await task;
    }

    public async Task RunAsync(Task task)
    {
        await UntilAsync(() => task.IsCompleted, "the operation completes");
        await task;
    }

    /// <summary>Runs every app's frame loop until <paramref name="condition"/> holds (bounded), then a few frames more.</summary>
    public async Task UntilAsync(Func<bool> condition, string what)
    {
        for (var frame = 0; frame < 20_000 && !condition(); frame++)
        {
            await FrameAsync(frame);
        }

        Assert.IsTrue(condition(), $"Never happened: {what}. Seen: {string.Join(" | ", _apps.Select(a => $"{a.Client.CurrentPath}/{a.Client.State}"))}");
        await SettleAsync();
    }

    /// <summary>Some frames with nothing asked: whatever the apps would see by themselves, they see now.</summary>
    public async Task SettleAsync(int frames = 50)
    {
        for (var frame = 0; frame < frames; frame++)
        {
            await FrameAsync(frame);
        }
    }

    public void Dispose()
    {
        foreach (var app in _apps)
        {
            app.Client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        foreach (var server in _servers)
        {
            server.Dispose();
        }
    }

    private async Task FrameAsync(int frame)
    {
        foreach (var app in _apps)
        {
            if (app.Client.State != CompatConnectionState.Closed)
            {
                app.Client.FrameTick();
            }
        }

        if (frame % 10 == 9)
        {
            Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        await Task.Yield();
    }
}
