using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

public sealed partial class CompatClientCoreTests
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    [TestMethod]
    public async Task FrameTick_WhileDisconnectRunsLastWorkOnAnotherThread_SkipsTheFrame()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        using var insideLastWork = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var disconnectThread = 0;
        h.Client.StateChanged += change =>
        {
            if (change.Current == CompatConnectionState.Disconnected)
            {
                disconnectThread = Environment.CurrentManagedThreadId;
                insideLastWork.Set();
                release.Wait(HandshakeTimeout); // Holds the pump on the disconnecting thread until the test lets go.
            }
        };

        var disconnecting = Task.Run(() => h.Client.DisconnectAsync());
        Assert.IsTrue(insideLastWork.Wait(HandshakeTimeout), "DisconnectAsync never ran its last work.");
        var queued = h.Client.DisconnectAsync(); // Finds the pump busy: its work stays queued.

        h.Client.FrameTick(); // Another thread holds the pump: this frame is skipped, nothing throws.

        Assert.IsFalse(queued.IsCompleted, "A skipped frame must not run the pump's queued work.");
        Assert.IsFalse(disconnecting.IsCompleted);
        Assert.AreNotEqual(Environment.CurrentManagedThreadId, disconnectThread);
        release.Set();
        await disconnecting;
        await queued; // The disconnecting thread's last tick drains the queue, this item included.
        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
        h.Client.FrameTick(); // The pump is free again.
    }

    [TestMethod]
    public async Task FrameTick_ReenteredFromCallbackOnThePumpThread_Throws()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        Exception? reentry = null;
        h.Client.Table<Player>().Inserted += _ =>
        {
            try
            {
                h.Client.FrameTick();
            }
#pragma warning disable CA1031 // The test records whatever re-entry throws.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                reentry = ex;
            }
        };

        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(1, "a", 1));
        h.Client.FrameTick();

        Assert.IsInstanceOfType<InvalidOperationException>(reentry);
        StringAssert.Contains(reentry.Message, "FrameTick is already running");
    }
}
