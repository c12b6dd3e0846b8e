using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Events;

public sealed record DamageDealt(ulong Target, uint Amount);

[TestClass]
public sealed class EventStreamTests
{
    private static void Declare(CompatClientServices s) => s.Events.Add<DamageDealt>(e => e
        .FromEventTable("damage_event")
        .FromReducer("deal_damage")
        .Project(f => new DamageDealt(f.Get<ulong>("target"), f.Get<uint>("amount"))));

    [TestMethod]
    public async Task Source_Sdk2WithEventTable_UsesEventTableAndSubscribesItSeparately()
    {
        var h = new ClientHarness(sdkMajor: 2, services: Declare);
        await h.ConnectAsync();
        var stream = h.Client.Events<DamageDealt>();

        Assert.AreEqual(EventSourceKind.EventTable, stream.Source);
        Assert.IsNull(stream.UnavailableReason);
        CollectionAssert.AreEqual(new[] { "SELECT * FROM damage_event" }, h.Session.Subscriptions.Single().Queries.ToArray());
    }

    [TestMethod]
    public async Task Received_EventTableRows_DeliveredOncePerRowWithOrigin()
    {
        var h = new ClientHarness(sdkMajor: 2, services: Declare);
        await h.ConnectAsync();
        var got = new List<CompatEvent<DamageDealt>>();
        h.Client.Events<DamageDealt>().Received += got.Add;

        h.Session.QueueInsert(FakeDriver.DamageEventTable, Ev.Transaction, new DamageEvent(7, 3));
        h.Client.FrameTick();

        Assert.AreEqual(new DamageDealt(7, 3), got.Single().Value);
        Assert.AreEqual(RowOriginKind.OtherClient, got.Single().Origin.Kind);
        Assert.AreEqual(EventSourceKind.EventTable, got.Single().Source);
    }

    [TestMethod]
    public async Task Source_Sdk1_FallsBackToReducerCallbacksAndSaysWhy()
    {
        var h = new ClientHarness(sdkMajor: 1, services: Declare);
        await h.ConnectAsync();
        var stream = h.Client.Events<DamageDealt>();

        Assert.AreEqual(EventSourceKind.ReducerCallback, stream.Source);
        StringAssert.Contains(stream.UnavailableReason, "event table 'damage_event'");
        Assert.AreEqual(0, h.Session.Subscriptions.Count);
    }

    [TestMethod]
    public async Task Received_OtherClientsReducerCallback_ProjectsDeclaredFieldsOnly()
    {
        var h = new ClientHarness(sdkMajor: 1, services: o => o.Events.Add<DamageDealt>(e => e.FromReducer("DealDamage").Project(f =>
        {
            Assert.IsFalse(f.TryGet<string>("nonexistent", out _));
            return new DamageDealt(f.Get<ulong>("Target"), f.Get<uint>("amount"));
        })));
        await h.ConnectAsync();
        var got = new List<CompatEvent<DamageDealt>>();
        h.Client.Events<DamageDealt>().Received += got.Add;

        h.Session.QueueReducerEvent(Ev.Other("deal_damage", new DealDamage(4, 9, "private-arg")));
        h.Client.FrameTick();

        Assert.AreEqual(new DamageDealt(4, 9), got.Single().Value);
        Assert.AreEqual(RowOrigin.OtherClient("deal_damage"), got.Single().Origin);
        Assert.IsFalse(got.Single().Value.ToString().Contains("private-arg", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Received_OwnCommittedCallThroughFromReducer_DeliveredWithOwnCallOrigin()
    {
        var h = new ClientHarness(sdkMajor: 1, services: Declare);
        await h.ConnectAsync();
        var got = new List<CompatEvent<DamageDealt>>();
        h.Client.Events<DamageDealt>().Received += got.Add;
        var args = new DealDamage(2, 3, "s");
        var call = h.Client.CallReducerAsync(args);
        h.Client.FrameTick();
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", args));
        h.Client.FrameTick();

        var outcome = await call;
        Assert.AreEqual(new DamageDealt(2, 3), got.Single().Value);
        Assert.AreEqual(RowOrigin.OwnCall(outcome.CallId, "deal_damage"), got.Single().Origin);
    }

    [TestMethod]
    public async Task Received_FailedReducerCall_IsNotAnEvent()
    {
        var h = new ClientHarness(sdkMajor: 1, services: Declare);
        await h.ConnectAsync();
        var count = 0;
        h.Client.Events<DamageDealt>().Received += _ => count++;
        var args = new DealDamage(1, 1, "s");
        var call = h.Client.CallReducerAsync(args);
        h.Client.FrameTick();
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", args, Stdb.Compat.Driver.DriverReducerStatus.Failed, "nope"));
        h.Client.FrameTick();
        Assert.AreEqual(ReducerOutcomeKind.Failed, (await call).Kind);
        Assert.AreEqual(0, count);
    }

    [TestMethod]
    public async Task Source_Sdk2WithoutEventTableOrLog_IsNoneWithReasons()
    {
        var h = new ClientHarness(sdkMajor: 2, withEventTable: false, services: Declare);
        await h.ConnectAsync();
        var stream = h.Client.Events<DamageDealt>();
        Assert.AreEqual(EventSourceKind.None, stream.Source);
        StringAssert.Contains(stream.UnavailableReason, "no such table");
        StringAssert.Contains(stream.UnavailableReason, "only to the caller");
    }

    [TestMethod]
    public async Task Source_LightModeOnSdk1_SkipsReducerCallbacksForLogTable()
    {
        var h = new ClientHarness(
            sdkMajor: 1,
            configure: o => o.LightMode = true,
            services: s => s.Events.Add<DamageDealt>(e => e.FromReducer("deal_damage").FromLogTable("damage_log", "seq")
                .Project(f => new DamageDealt(f.Get<ulong>("target"), f.Get<uint>("amount")))));
        await h.ConnectAsync();
        Assert.AreEqual(EventSourceKind.LogTable, h.Client.Events<DamageDealt>().Source);
        StringAssert.Contains(h.Client.Events<DamageDealt>().UnavailableReason, "light mode");
    }

    [TestMethod]
    public async Task Received_LogTable_SkipsHistoryAndDeliversNewRowsExactlyOnceAcrossReconnect()
    {
        var h = new ClientHarness(sdkMajor: 2, services: o => o.Events.Add<DamageDealt>(e => e.FromLogTable("damage_log", "seq")
            .Project(f => new DamageDealt(f.Get<ulong>("target"), f.Get<uint>("amount")))));
        await h.ConnectAsync();
        var got = new List<DamageDealt>();
        h.Client.Events<DamageDealt>().Received += e => got.Add(e.Value);

        // History at first connect is not news.
        h.Session.QueueInsert(FakeDriver.DamageLogTable, Ev.Applied, new DamageLog(1, 1, 1));
        h.Session.QueueInsert(FakeDriver.DamageLogTable, Ev.Applied, new DamageLog(2, 1, 2));
        h.Session.QueueApplied(0);
        h.Session.QueueInsert(FakeDriver.DamageLogTable, Ev.Transaction, new DamageLog(3, 1, 3));
        h.Client.FrameTick();

        // Reconnect: the log replays rows 1..5; only 4 and 5 are new.
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        await h.ConnectAsync();
        for (ulong seq = 1; seq <= 5; seq++)
        {
            h.Session.QueueInsert(FakeDriver.DamageLogTable, Ev.Applied, new DamageLog(seq, 1, (uint)seq));
        }

        h.Client.FrameTick();
        CollectionAssert.AreEqual(new[] { new DamageDealt(1, 3), new DamageDealt(1, 4), new DamageDealt(1, 5) }, got);
    }

    [TestMethod]
    public async Task Source_EventTableRefusedByServer_FallsBackAndReportsCapability()
    {
        var h = new ClientHarness(sdkMajor: 2, services: o => o.Events.Add<DamageDealt>(e => e.FromEventTable("damage_event").FromLogTable("damage_log", "seq")
            .Project(f => new DamageDealt(f.Get<ulong>("target"), f.Get<uint>("amount")))));
        await h.ConnectAsync();
        h.Session.QueueSubscriptionError(0, new InvalidOperationException("Subscribing to event tables requires WebSocket v2. Please upgrade your client SDK and regenerate your module bindings."));
        h.Client.FrameTick();

        Assert.AreEqual(EventSourceKind.LogTable, h.Client.Events<DamageDealt>().Source);
        Assert.IsFalse(h.Client.IsAvailable(CompatCapability.EventTables));
        CollectionAssert.AreEqual(new[] { "SELECT * FROM damage_log" }, h.Session.Subscriptions[1].Queries.ToArray());
    }

    [TestMethod]
    public async Task Received_ProjectionThrows_LoggedAndPumpContinues()
    {
        var h = new ClientHarness(sdkMajor: 2, services: o => o.Events.Add<DamageDealt>(e => e.FromEventTable("damage_event")
            .Project(f => new DamageDealt(f.Get<ulong>("missing_field"), 0))));
        await h.ConnectAsync();
        h.Session.QueueInsert(FakeDriver.DamageEventTable, Ev.Transaction, new DamageEvent(7, 3));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(1, "a", 1));
        h.Client.FrameTick();
        Assert.AreEqual(1, h.Client.Table<Player>().Count);
        Assert.IsTrue(h.Logs.Messages.Any(m => m.Contains("missing_field", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Events_UndeclaredType_ThrowsNamingIt()
    {
        var h = new ClientHarness();
        var error = Assert.ThrowsExactly<ArgumentException>(() => h.Client.Events<DamageDealt>());
        StringAssert.Contains(error.Message, nameof(DamageDealt));
    }
}
