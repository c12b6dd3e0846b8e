using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

/// <summary>Subscriptions made while a connection comes up: sent once, and never past the schema gate.</summary>
public sealed partial class CompatClientCoreTests
{
    [TestMethod]
    public async Task Subscribe_DuringTheConnectTick_IsSentOnce()
    {
        var h = new ClientHarness();
        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        h.Session.Enqueue(() => h.Client.Subscribe(new[] { "player" }));
        h.Session.QueueConnected();
        h.Client.FrameTick();
        await connecting;
        h.Client.FrameTick();

        Assert.AreEqual(1, h.Session.Subscriptions.Count, "the replay sends it; the queued send must not send it again");
    }

    [TestMethod]
    public async Task Subscribe_WhileTheSchemaCheckRuns_IsSentOnceAfterTheCheck()
    {
        var (h, _) = GatedHarness(new CompatibilityReport { Verdict = CompatibilityVerdict.Compatible });
        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        h.Session.QueueConnected();
        h.Client.FrameTick();
        await connecting;
        h.Client.Subscribe(new[] { "player" });

        await WaitForAsync(h, () => h.Client.Compatibility is not null && h.Session.Subscriptions.Count > 0);
        h.Client.FrameTick();

        Assert.AreEqual(1, h.Session.Subscriptions.Count);
    }

    [TestMethod]
    public async Task Subscribe_AfterConnectToAnUndecodableTable_SendsOnlyTablesThatDecode()
    {
        var (h, _) = GatedHarness(ReportWithAppendedColumn("player"));
        await h.ConnectAsync();
        await WaitForAsync(h, () => h.Client.Compatibility is not null);

        h.Client.Subscribe(new[] { "player", "damage_log" });
        h.Client.FrameTick();

        var queries = h.Session.Subscriptions.SelectMany(s => s.Queries).ToList();
        CollectionAssert.AreEqual(new[] { "SELECT * FROM damage_log" }, queries, string.Join("; ", queries));
    }

    [TestMethod]
    public async Task UnsubscribeAsync_AfterTheClientIsDisposed_CompletesAtOnce()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var subscription = h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        await h.Client.DisposeAsync();

        var unsubscribing = subscription.UnsubscribeAsync();

        Assert.IsTrue(unsubscribing.IsCompletedSuccessfully, "nothing pumps a disposed client, so the removal must not wait for the pump");
    }

    [TestMethod]
    public async Task UnsubscribeAsync_SentButNotYetApplied_UnsubscribesWhenApplied()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var subscription = h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        var sent = h.Session.Subscriptions.Single();
        sent.IsActive = false;

        var unsubscribing = subscription.UnsubscribeAsync();
        h.Client.FrameTick();
        await unsubscribing;
        Assert.IsFalse(sent.UnsubscribeCalled, "the SDK refuses to unsubscribe an inactive subscription");

        sent.IsActive = true;
        h.Session.QueueApplied(0);
        h.Client.FrameTick();

        Assert.IsTrue(sent.UnsubscribeCalled);
        Assert.IsTrue(subscription.Applied.IsCanceled);
    }

    [TestMethod]
    public async Task UnsubscribeAsync_Cancelled_StopsWaiting()
    {
        var h = new ClientHarness();
        var subscription = h.Client.Subscribe(new[] { "player" });
        using var cts = new System.Threading.CancellationTokenSource();

        var unsubscribing = subscription.UnsubscribeAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => unsubscribing);
    }
}
