using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Host.Protocol;
using Stdb.Compat.Testing.Host.Tests.Protocol;
using Stdb.Compat.Testing.Host.Tests.Support;

namespace Stdb.Compat.Testing.Host.Tests;

/// <summary>The simulator's faults (refuse, hold, drop, restart) and the host's latency, on real sockets.</summary>
[TestClass]
public sealed class SimulatedHostFaultTests
{
    private const string V2 = "v2.bsatn.spacetimedb";

    [TestMethod]
    public async Task RefuseConnections_Upgrade503()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        h.Server.Faults.RefuseConnections = true;

        var (status, _) = await h.UpgradeAsync(new[] { V2 });

        Assert.AreEqual(503, status);
    }

    [TestMethod]
    public async Task DropConnection_ClientSeesAnAbruptClose()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);

        h.Server.Faults.DropConnection(h.OnlyClient());

        await Assert.ThrowsExactlyAsync<WebSocketException>(() => HostHarness.ReceiveAsync(socket));
        Assert.AreEqual(0, h.Server.Clients.Count);
    }

    [TestMethod]
    public async Task Restart_EveryClientSeesAnAbruptClose()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket a = await h.ConnectAsync(V2);
        using ClientWebSocket b = await h.ConnectAsync("v1.bsatn.spacetimedb");
        await HostHarness.ReceiveAsync(a);
        await HostHarness.ReceiveAsync(b);

        h.Server.Restart();

        await Assert.ThrowsExactlyAsync<WebSocketException>(() => HostHarness.ReceiveAsync(a));
        await Assert.ThrowsExactlyAsync<WebSocketException>(() => HostHarness.ReceiveAsync(b));
    }

    [TestMethod]
    public async Task HoldDelivery_MessagesWaitUntilReleasedThenArriveInOrder()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);
        await HostHarness.SendAsync(socket, V2Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V2.Subscribe(1, 1, new[] { "SELECT * FROM score" })));
        await HostHarness.ReceiveAsync(socket);

        h.Server.Faults.HoldDelivery(h.OnlyClient());
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(1u, 1u));
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(2u, 2u));
        Assert.AreEqual(2, h.OnlyClient().HeldMessages);
        h.Server.Faults.ReleaseDelivery(h.OnlyClient());

        var first = (Stdb.Compat.Testing.Host.Protocol.V2.TransactionUpdate)V2Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));
        var second = (Stdb.Compat.Testing.Host.Protocol.V2.TransactionUpdate)V2Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));
        Assert.AreEqual("01 00 00 00 01 00 00 00", Hex.Of(((Stdb.Compat.Testing.Host.Protocol.V2.TableUpdateRows.PersistentTable)first.QuerySets[0].Tables[0].Rows[0]).Inserts[0]));
        Assert.AreEqual("02 00 00 00 02 00 00 00", Hex.Of(((Stdb.Compat.Testing.Host.Protocol.V2.TableUpdateRows.PersistentTable)second.QuerySets[0].Tables[0].Rows[0]).Inserts[0]));
    }

    [TestMethod]
    public async Task SendDelay_MessageArrivesOnlyWhenTheFakeClockPassesTheDelay()
    {
        var time = new TimerSignallingTime();
        await using HostHarness h = await HostHarness.StartAsync(options: new SimulatedHostOptions { TimeProvider = time, SendDelay = TimeSpan.FromSeconds(5) });

        using ClientWebSocket socket = await h.ConnectAsync(V2);
        Task<byte[]> hello = HostHarness.ReceiveAsync(socket);
        await time.TimerCreated.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the send loop now waits for the delay
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.IsFalse(hello.IsCompleted, "nothing is sent before the clock passes the delay");
        time.Advance(TimeSpan.FromSeconds(0.1));

        byte[] frame = await hello.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.AreEqual("00 00", Hex.Of(frame[..2]), "InitialConnection after the delay");
    }

    /// <summary>A fake clock that says when the host's send loop starts waiting on it.</summary>
    private sealed class TimerSignallingTime : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        public TaskCompletionSource TimerCreated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.TrySetResult();
            return timer;
        }
    }

    [TestMethod]
    public async Task DisposeHost_OpenSocketsCloseAndTheServerForgetsTheClient()
    {
        HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);

        await h.Host.DisposeAsync();

        await Assert.ThrowsExactlyAsync<WebSocketException>(() => HostHarness.ReceiveAsync(socket));
        Assert.AreEqual(0, h.Server.Clients.Count);
        h.Server.Dispose();
    }
}
