// The snippet of docs/testing.md, "Point your own DbConnection at the host", exactly as the doc shows it. It is kept
// here so it compiles: against the 2.x SDK stand-in and the v2 game bindings in this repository, which have the real
// SDK's API but connect in-process instead of over a socket. This project is compile-only (no test adapter), so the
// test is not run here; in an app's test project it runs as is against the real SpacetimeDB.ClientSDK and the app's
// generated bindings.
#region snippet
using System;
using System.Threading;
using System.Threading.Tasks;
using GameModule;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB.Types;
using Stdb.Compat.Testing.Host;
using Stdb.Compat.Testing.Server;

namespace MyGame.Tests;

[TestClass]
public sealed class PlayerFlowTests
{
    [TestMethod]
    public async Task CreatePlayer_ThePlayerReachesTheClientCache()
    {
        // 1. The module, simulated in C#, on a real loopback socket.
        using var server = new SimulatedServer(new SimulatedServerOptions { Version = "2.8.3" });
        server.Publish("game", GameModules.V2());
        await using SimulatedHost host = await SimulatedHost.StartAsync(server);

        // 2. The app's own DbConnection, built as in production, pointed at the host.
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DbConnection conn = DbConnection.Builder()
            .WithUri(host.Uri.ToString())
            .WithDatabaseName("game")
            .OnConnect((c, identity, token) => connected.TrySetResult())
            .OnConnectError(e => connected.TrySetException(e))
            .Build();
        await PumpUntilAsync(conn, () => connected.Task.IsCompleted);
        await connected.Task;

        // 3. Drive it like the app does.
        conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
        conn.Reducers.CreatePlayer("ana");
        await PumpUntilAsync(conn, () => conn.Db.Player.Count == 1);

        Assert.AreEqual(1, server.Database("game").Table("player").Count);
        conn.Disconnect();
    }

    // The SDK applies what arrived on the socket only in FrameTick, so a test pumps it until the state it waits for.
    private static async Task PumpUntilAsync(DbConnection conn, Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!done())
        {
            conn.FrameTick();
            await Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token);
        }
    }
}
#endregion
