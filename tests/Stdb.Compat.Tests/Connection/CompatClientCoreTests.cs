using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

[TestClass]
public sealed partial class CompatClientCoreTests
{
    [TestMethod]
    public async Task ConnectAsync_ServerAccepts_BecomesConnectedWithIdentity()
    {
        var h = new ClientHarness();
        var states = new List<CompatConnectionState>();
        h.Client.StateChanged += c => states.Add(c.Current);

        await h.ConnectAsync();

        Assert.AreEqual(CompatConnectionState.Connected, h.Client.State);
        Assert.AreEqual("AA", h.Client.Identity);
        CollectionAssert.AreEqual(new[] { CompatConnectionState.Connecting, CompatConnectionState.Connected }, states);
        Assert.AreEqual("game", h.Session.Options.DatabaseName);
    }

    [TestMethod]
    public async Task ConnectAsync_ProtocolRefused_FaultsWithProtocolMismatch()
    {
        var h = new ClientHarness(sdkMajor: 2);
        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException("HTTP 400: no valid protocol selected"));
        h.Client.FrameTick();

        var error = await Assert.ThrowsExactlyAsync<ProtocolMismatchException>(() => connecting);
        Assert.AreEqual(2, error.SdkMajor);
        Assert.AreEqual("v2.bsatn.spacetimedb", error.RequestedProtocol);
        Assert.AreEqual(CompatConnectionState.Faulted, h.Client.State);
        Assert.IsTrue(h.Session.Disposed);
    }

    [TestMethod]
    public async Task ConnectAsync_OtherConnectErrorWithoutRetries_ThrowsConnectFailedAndStaysDisconnected()
    {
        var h = new ClientHarness(configure: o => o.Resilience.Connect.MaxRetryAttempts = 0);
        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException("connection refused"));
        h.Client.FrameTick();

        var error = await Assert.ThrowsExactlyAsync<ConnectFailedException>(() => connecting);
        StringAssert.Contains(error.Message, "connection refused");
        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
    }

    [TestMethod]
    public async Task ConnectAsync_DriverOpenThrowsWithoutRetries_ThrowsConnectFailed()
    {
        var h = new ClientHarness(configure: o => o.Resilience.Connect.MaxRetryAttempts = 0);
        h.Driver.OpenFailure = new InvalidOperationException("null uri. Call WithUri() first.");
        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        await Assert.ThrowsExactlyAsync<ConnectFailedException>(() => connecting);
    }

    [TestMethod]
    public async Task ConnectAsync_CalledTwiceWhileConnecting_ReturnsTheSameTask()
    {
        var h = new ClientHarness();
        var first = h.Client.ConnectAsync();
        var second = h.Client.ConnectAsync();
        Assert.AreSame(first, second);
        h.Client.FrameTick();
        h.Session.QueueConnected();
        h.Client.FrameTick();
        await first;
        Assert.AreEqual(1, h.Driver.Sessions.Count);
    }

    [TestMethod]
    public async Task ConnectAsync_Cancelled_EndsTheAttempt()
    {
        var h = new ClientHarness();
        using var cts = new CancellationTokenSource();
        var connecting = h.Client.ConnectAsync(cts.Token);
        h.Client.FrameTick();
        cts.Cancel();
        h.Client.FrameTick();
        await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => connecting);
        Assert.IsTrue(h.Session.DisconnectCalled);
        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
    }

    [TestMethod]
    public async Task CallReducerAsync_BeforeConnect_EndsNotConnected()
    {
        var h = new ClientHarness();
        var outcome = await h.Client.CallReducerAsync(new DealDamage(1, 5, "s"));
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, outcome.Kind);
        Assert.AreEqual("deal_damage", outcome.Reducer);
        Assert.IsTrue(outcome.IsDefinitelyNotApplied);
    }

    [TestMethod]
    public void CallReducerAsync_UnknownArgsType_ThrowsNamingIt()
    {
        var h = new ClientHarness();
        var error = Assert.ThrowsExactly<UnknownReducerException>(() => h.Client.CallReducerAsync(new Player(1, "x", 1)));
        StringAssert.Contains(error.Message, nameof(Player));
        StringAssert.Contains(error.Message, "deal_damage");
    }

    [TestMethod]
    public async Task CallReducerAsync_Committed_ReturnsCommittedWithTimestamp()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var args = new DealDamage(1, 5, "s");
        var call = h.Client.CallReducerAsync(args);
        h.Client.FrameTick();
        Assert.AreSame(args, h.Session.Calls.Single());
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", args));
        h.Client.FrameTick();

        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.Committed, outcome.Kind);
        Assert.IsNotNull(outcome.Timestamp);
        Assert.AreEqual(1_700_000_000L, outcome.Timestamp!.Value.ToUnixTimeSeconds());
    }

    [TestMethod]
    public async Task CallReducerAsync_Failed_CarriesTheReason()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var args = new DealDamage(99, 5, "s");
        var call = h.Client.CallReducerAsync(args);
        h.Client.FrameTick();
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", args, DriverReducerStatus.Failed, "no player with id 99"));
        h.Client.FrameTick();

        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.Failed, outcome.Kind);
        Assert.AreEqual("no player with id 99", outcome.Reason);
    }

    [TestMethod]
    public async Task CallReducerAsync_ManyIdenticalCallsSdk2_EachCorrelatedByReference()
    {
        var h = new ClientHarness(sdkMajor: 2);
        await h.ConnectAsync();
        var args = Enumerable.Range(0, 5).Select(_ => new DealDamage(1, 5, "s")).ToArray();
        var calls = args.Select(a => h.Client.CallReducerAsync(a)).ToArray();
        h.Client.FrameTick();

        // Results in a different order than sent: only reference identity can tell them apart.
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", args[3], DriverReducerStatus.Failed, "third"));
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", args[0]));
        h.Client.FrameTick();

        Assert.AreEqual(ReducerOutcomeKind.Failed, (await calls[3]).Kind);
        Assert.AreEqual(ReducerOutcomeKind.Committed, (await calls[0]).Kind);
        Assert.IsFalse(calls[1].IsCompleted || calls[2].IsCompleted || calls[4].IsCompleted);
    }

    [TestMethod]
    public async Task CallReducerAsync_ManyIdenticalCallsSdk1_CorrelatedInSendOrderByValue()
    {
        var h = new ClientHarness(sdkMajor: 1);
        await h.ConnectAsync();
        var calls = Enumerable.Range(0, 3).Select(_ => h.Client.CallReducerAsync(new DealDamage(1, 5, "s"))).ToArray();
        h.Client.FrameTick();

        // 1.x decodes a new, equal args object for each result.
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", new DealDamage(1, 5, "s"), DriverReducerStatus.Failed, "first"));
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", new DealDamage(1, 5, "s")));
        h.Client.FrameTick();

        var first = await calls[0];
        var second = await calls[1];
        Assert.AreEqual("first", first.Reason);
        Assert.AreEqual(ReducerOutcomeKind.Committed, second.Kind);
        Assert.IsTrue(first.CallId < second.CallId);
        Assert.IsFalse(calls[2].IsCompleted);
    }

    [TestMethod]
    public async Task CallReducerAsync_OtherClientsEqualCall_DoesNotCompleteOwnCall()
    {
        var h = new ClientHarness(sdkMajor: 1);
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 5, "s"));
        h.Client.FrameTick();
        h.Session.QueueReducerEvent(Ev.Other("deal_damage", new DealDamage(1, 5, "s")));
        h.Client.FrameTick();
        Assert.IsFalse(call.IsCompleted);
    }

    [TestMethod]
    public async Task CallReducerAsync_DisconnectWhilePending_EndsDropped()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 5, "s"));
        h.Client.FrameTick();
        h.Session.QueueDisconnected(new InvalidOperationException("socket closed"));
        h.Client.FrameTick();

        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.Dropped, outcome.Kind);
        StringAssert.Contains(outcome.Reason, "socket closed");
        Assert.AreEqual(CompatConnectionState.Reconnecting, h.Client.State);
    }

    [TestMethod]
    public async Task CallReducerAsync_QueuedThenDisconnectedBeforeSend_EndsNotConnected()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var disconnecting = h.Client.DisconnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 5, "s"));
        h.Client.FrameTick();
        await disconnecting;
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, (await call).Kind);
        Assert.AreEqual(0, h.Session.Calls.Count);
    }

    [TestMethod]
    public async Task CallReducerAsync_NoResultInTime_EndsTimedOutAndLateResultIsIgnored()
    {
        var h = new ClientHarness(configure: o => o.ReducerTimeout = TimeSpan.FromSeconds(5));
        await h.ConnectAsync();
        var args = new DealDamage(1, 5, "s");
        var call = h.Client.CallReducerAsync(args);
        h.Client.FrameTick();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Client.FrameTick(); // The timeout only enqueues; the call ends on the pump.

        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.TimedOut, outcome.Kind);

        h.Session.QueueReducerEvent(Ev.Own("deal_damage", args));
        h.Client.FrameTick();
        Assert.AreEqual(ReducerOutcomeKind.TimedOut, (await call).Kind);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.Id.Id == 2002));
    }

    [TestMethod]
    public async Task CallReducerAsync_Cancelled_TaskIsCancelled()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        using var cts = new CancellationTokenSource();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 5, "s"), cts.Token);
        cts.Cancel();
        h.Client.FrameTick();
        await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => call);
        Assert.AreEqual(0, h.Session.Calls.Count);
    }

    [TestMethod]
    public async Task DisconnectAsync_Connected_DisconnectsTheSessionAndDropsPending()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 5, "s"));
        h.Client.FrameTick();
        var disconnecting = h.Client.DisconnectAsync();
        h.Client.FrameTick();
        await disconnecting;

        Assert.IsTrue(h.Session.DisconnectCalled);
        Assert.AreEqual(ReducerOutcomeKind.Dropped, (await call).Kind);
        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
    }

    [TestMethod]
    public async Task DisconnectAsync_WithoutPump_CompletesAndDropsPending()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 5, "s"));
        h.Client.FrameTick();

        await h.Client.DisconnectAsync(); // No FrameTick: the disconnect runs as the pump's last tick.

        Assert.IsTrue(h.Session.DisconnectCalled);
        Assert.AreEqual(ReducerOutcomeKind.Dropped, (await call).Kind);
        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
    }

    [TestMethod]
    public async Task DisconnectAsync_TokenCancelledWhileThePumpIsBusy_EndsTheWaitAndStillDisconnects()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        using var cts = new CancellationTokenSource();
        Task? disconnecting = null;
        h.Client.StateChanged += _ =>
        {
            if (disconnecting is null)
            {
                disconnecting = h.Client.DisconnectAsync(cts.Token); // On the pump: it cannot run here.
                cts.Cancel();
            }
        };
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();

        await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => disconnecting!);
        h.Client.FrameTick();
        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
    }

    [TestMethod]
    public async Task DisposeAsync_WithoutPump_ClosesAndDropsPending()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 5, "s"));
        h.Client.FrameTick();
        await h.Client.DisposeAsync();

        Assert.AreEqual(CompatConnectionState.Closed, h.Client.State);
        Assert.AreEqual(ReducerOutcomeKind.Dropped, (await call).Kind);
        Assert.ThrowsExactly<ObjectDisposedException>(() => h.Client.ConnectAsync());
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, (await h.Client.CallReducerAsync(new DealDamage(1, 1, "s"))).Kind);
    }

    [TestMethod]
    public async Task FrameTick_HandlerThrows_OtherHandlersRunAndPumpContinues()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var view = h.Client.Table<Player>();
        var seen = new List<ulong>();
        view.Inserted += _ => throw new InvalidOperationException("app bug");
        view.Inserted += c => seen.Add(c.Row.Id);

        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(1, "a", 1));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(2, "b", 1));
        h.Client.FrameTick();

        CollectionAssert.AreEqual(new ulong[] { 1, 2 }, seen);
        Assert.AreEqual(2, h.Logs.Entries.Count(e => e.Id.Id == 3001));
    }

    [TestMethod]
    public async Task FrameTick_SdkLetsExceptionEscape_PumpSurvives()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        h.Session.Enqueue(() => throw new InvalidOperationException("On<Reducer> handler escaped"));
        h.Client.FrameTick();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(1, "a", 1));
        h.Client.FrameTick();
        Assert.AreEqual(1, h.Client.Table<Player>().Count);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.Id.Id == 3003));
    }

    [TestMethod]
    public async Task Subscribe_Connected_SendsOneQueryPerTableResolvedByAccessorName()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var subscription = h.Client.Subscribe(new[] { "Player" });
        h.Client.FrameTick();

        CollectionAssert.AreEqual(new[] { "SELECT * FROM player" }, h.Session.Subscriptions.Single().Queries.ToArray());
        CollectionAssert.AreEqual(new[] { "player" }, subscription.Tables.ToArray());
        h.Session.QueueApplied(0);
        h.Client.FrameTick();
        await subscription.Applied;
    }

    [TestMethod]
    public async Task Subscribe_BeforeConnect_IsAppliedAtConnect()
    {
        var h = new ClientHarness();
        var subscription = h.Client.Subscribe(new[] { "player" });
        await h.ConnectAsync();
        Assert.AreEqual(1, h.Session.Subscriptions.Count);
        Assert.IsFalse(subscription.Applied.IsCompleted);
    }

    [TestMethod]
    public void Subscribe_UnknownTable_ThrowsNamingIt()
    {
        var h = new ClientHarness();
        var error = Assert.ThrowsExactly<UnknownTableException>(() => h.Client.Subscribe(new[] { "players" }));
        Assert.AreEqual("players", error.Table);
        StringAssert.Contains(error.Message, "player");
    }

    [TestMethod]
    public async Task Subscribe_ServerRefuses_AppliedFaultsWithServerText()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var subscription = h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        h.Session.QueueSubscriptionError(0, new InvalidOperationException("no such table"));
        h.Client.FrameTick();
        var error = await Assert.ThrowsExactlyAsync<SubscriptionFailedException>(() => subscription.Applied);
        StringAssert.Contains(error.Message, "no such table");
    }

    [TestMethod]
    public async Task SubscribeToAllTables_Sdk2_ExcludesEventTablesLikeSdk1()
    {
        var h = new ClientHarness(sdkMajor: 2);
        await h.ConnectAsync();
        h.Client.SubscribeToAllTables();
        h.Client.FrameTick();
        CollectionAssert.AreEquivalent(new[] { "SELECT * FROM player", "SELECT * FROM damage_log" }, h.Session.Subscriptions.Single().Queries.ToArray());
    }

    [TestMethod]
    public async Task UnsubscribeAsync_Active_UnsubscribesAndIsNotReplayed()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var subscription = h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        var unsubscribing = subscription.UnsubscribeAsync();
        h.Client.FrameTick();
        await unsubscribing;
        Assert.IsTrue(h.Session.Subscriptions.Single().UnsubscribeCalled);
    }

    [TestMethod]
    public void Table_EventTableRowType_ExplainsToUseEvents()
    {
        var h = new ClientHarness(sdkMajor: 2);
        var error = Assert.ThrowsExactly<UnknownTableException>(() => h.Client.Table<DamageEvent>());
        StringAssert.Contains(error.Message, "event table");
    }

    [TestMethod]
    public async Task Resolve_EveryDriverEventKind_MapsToTheNormalisedOrigin()
    {
        var h = new ClientHarness(sdkMajor: 1);
        await h.ConnectAsync();
        var origins = new List<RowOrigin>();
        h.Client.Table<Player>().Inserted += c => origins.Add(c.Origin);
        var args = new DealDamage(1, 1, "s");
        var call = h.Client.CallReducerAsync(args);
        h.Client.FrameTick();

        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 1));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Own("deal_damage", new DealDamage(1, 1, "s")), new Player(2, "b", 1));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Other("create_player", new CreatePlayer("c")), new Player(3, "c", 1));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(4, "d", 1));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Unknown, new Player(5, "e", 1));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Unapplied, new Player(6, "f", 1));
        h.Session.QueueInsert(FakeDriver.PlayerTable, new DriverEvent(DriverEventKind.Unknown), new Player(7, "g", 1));
        h.Client.FrameTick();

        var callId = (await CompleteAsync(h, call, args)).CallId;
        CollectionAssert.AreEqual(
            new[]
            {
                RowOrigin.Subscription,
                RowOrigin.OwnCall(callId, "deal_damage"),
                RowOrigin.OtherClient("create_player"),
                RowOrigin.OtherClient(null),
                RowOrigin.Unknown,
                RowOrigin.Subscription,
                RowOrigin.Unknown,
            },
            origins);
    }

    [TestMethod]
    public async Task Resolve_UnknownTransactionOnSdk1FullMode_ReportsMissingCapability()
    {
        var h = new ClientHarness(sdkMajor: 1);
        await h.ConnectAsync();
        Assert.IsTrue(h.Client.IsAvailable(CompatCapability.OtherClientReducerCallbacks));

        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Unknown, new Player(1, "a", 1));
        h.Client.FrameTick();

        Assert.IsFalse(h.Client.IsAvailable(CompatCapability.OtherClientReducerCallbacks));
        var status = h.Client.Capabilities.Single(c => c.Capability == CompatCapability.OtherClientReducerCallbacks);
        StringAssert.Contains(status.Reason, "SpacetimeDB 2.x");
        Assert.IsTrue(h.Logs.Entries.Any(e => e.Id.Id == 1010));
    }

    [TestMethod]
    public async Task Capabilities_Sdk2_ReportEventTablesAvailableAndFlagsMissing()
    {
        var h = new ClientHarness(sdkMajor: 2);
        await h.ConnectAsync();
        Assert.IsTrue(h.Client.IsAvailable(CompatCapability.EventTables));
        Assert.IsFalse(h.Client.IsAvailable(CompatCapability.ReducerFlags));
        Assert.IsFalse(h.Client.IsAvailable(CompatCapability.OtherClientReducerCallbacks));
        Assert.AreEqual(6, h.Client.Capabilities.Count);
    }

    [TestMethod]
    public async Task Logs_AfterConnectAndCalls_NeverContainTheToken()
    {
        var h = new ClientHarness(configure: o => o.Token = "my-own-secret");
        await h.ConnectAsync();
        Assert.AreEqual("my-own-secret", h.Session.Options.Token);
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        Assert.IsTrue(h.Logs.Messages.Count > 0);
        Assert.IsFalse(h.Logs.Messages.Any(m => m.Contains("my-own-secret", StringComparison.Ordinal) || m.Contains("secret-token", StringComparison.Ordinal)));
    }

    private static async Task<ReducerOutcome> CompleteAsync(ClientHarness h, Task<ReducerOutcome> call, object args)
    {
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", new DealDamage(1, 1, "s")));
        h.Client.FrameTick();
        return await call;
    }
}
