using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Tests.Support;
using static Stdb.Compat.Testing.Tests.Support.DriverHarness;
using static Stdb.Compat.Testing.Tests.Support.WireHarness;

namespace Stdb.Compat.Testing.Tests.Driver;

[TestClass]
public sealed class SimulatedDriverTests
{
    [TestMethod]
    public void Open_Connects_OnConnectedOnlyInsideFrameTick()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);

        Assert.IsTrue(session.IsActive);
        Assert.IsEmpty(recorder.Log);
        session.FrameTick();

        CollectionAssert.AreEqual(new[] { "connected" }, recorder.Log);
        Assert.AreEqual(server.Clients.Single().IdentityHex, recorder.Connected!.IdentityHex);
    }

    [TestMethod]
    public void Open_V2DriverOn1xServer_ConnectErrorWithSdkText()
    {
        using SimulatedServer server = StartServer("1.12.0");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);

        session.FrameTick();

        Assert.IsFalse(session.IsActive);
        Assert.AreEqual("WebSocket connection failed: NotAWebSocket\nException message: The server returned status code '400' when status code '101' was expected.\n", recorder.ConnectError!.Message);
        Assert.IsFalse(recorder.Disconnected);
    }

    [TestMethod]
    public void Subscribe_InitialRows_InsertsThenApplied()
    {
        using SimulatedServer server = StartServer("2.8.3");
        server.Database(Db).Table("player").Insert(new SimRow(0UL, "ann", 100u, null));
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.FrameTick();
        recorder.Clear();

        IDriverSubscription sub = session.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        Assert.IsFalse(sub.IsActive);
        session.FrameTick();

        CollectionAssert.AreEqual(new[] { "insert ann 100 [SubscribeApplied]", "applied" }, recorder.Log);
        Assert.IsTrue(sub.IsActive);
    }

    [TestMethod]
    public void CallReducer_V2Own_RowsThenReducerEventWithSameArgsObject()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        session.FrameTick();
        recorder.Clear();
        var args = new CreatePlayer("ann");

        session.CallReducer(args);
        session.FrameTick();

        CollectionAssert.AreEqual(new[] { "insert ann 100 [Reducer]", "reducer create_player Committed self=True" }, recorder.Log);
        Assert.AreSame(args, recorder.ReducerEvents.Single().ReducerArgs);
        Assert.AreSame(args, recorder.RowEvents.Single().ReducerArgs);
    }

    [TestMethod]
    public void CallReducer_V2Failure_FailedWithDecodedText()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.FrameTick();

        session.CallReducer(new CreatePlayer(""));
        session.FrameTick();

        DriverEvent ev = recorder.ReducerEvents.Single();
        Assert.AreEqual(DriverReducerStatus.Failed, ev.Status);
        Assert.AreEqual("username must not be empty", ev.FailureReason);
    }

    [TestMethod]
    public void CallReducer_V2OtherClient_TransactionKindAndNoReducerEvent()
    {
        using SimulatedServer server = StartServer("2.8.3");
        SimulatedDriver driver = V2Driver();
        (IDriverSession caller, _) = Open(driver, server);
        (IDriverSession watcher, Recorder recorder) = Open(driver, server);
        watcher.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        watcher.FrameTick();
        caller.FrameTick();
        recorder.Clear();

        caller.CallReducer(new CreatePlayer("ann"));
        watcher.FrameTick();

        CollectionAssert.AreEqual(new[] { "insert ann 100 [Transaction]" }, recorder.Log);
        Assert.IsEmpty(recorder.ReducerEvents);
    }

    [TestMethod]
    public void CallReducer_V1Own_ReducerEventArgsEqualByValueNotSame()
    {
        using SimulatedServer server = StartServer("1.12.0");
        (IDriverSession session, Recorder recorder) = Open(V1Driver(), server);
        session.FrameTick();
        var args = new CreatePlayer("ann");

        session.CallReducer(args);
        session.FrameTick();

        DriverEvent ev = recorder.ReducerEvents.Single();
        Assert.IsTrue(ev.CallerIsSelf);
        Assert.AreEqual(args, ev.ReducerArgs);
        Assert.AreNotSame(args, ev.ReducerArgs);
    }

    [TestMethod]
    public void CallReducer_V1OtherClientFullMode_ReducerEventNotSelf()
    {
        using SimulatedServer server = StartServer("1.12.0");
        SimulatedDriver driver = V1Driver();
        (IDriverSession caller, _) = Open(driver, server);
        (IDriverSession watcher, Recorder recorder) = Open(driver, server);
        watcher.Subscribe(new[] { "SELECT * FROM Player" }, recorder);
        watcher.FrameTick();
        recorder.Clear();

        caller.CallReducer(new CreatePlayer("ann"));
        watcher.FrameTick();

        CollectionAssert.AreEqual(new[] { "insert ann 100 [Reducer]", "reducer create_player Committed self=False" }, recorder.Log);
    }

    [TestMethod]
    public void CallReducer_V1OtherClientLightMode_UnknownTransaction()
    {
        using SimulatedServer server = StartServer("1.12.0");
        SimulatedDriver driver = V1Driver();
        (IDriverSession caller, _) = Open(driver, server);
        (IDriverSession watcher, Recorder recorder) = Open(driver, server, light: true);
        watcher.Subscribe(new[] { "SELECT * FROM Player" }, recorder);
        watcher.FrameTick();
        recorder.Clear();

        caller.CallReducer(new CreatePlayer("ann"));
        watcher.FrameTick();

        CollectionAssert.AreEqual(new[] { "insert ann 100 [UnknownTransaction]" }, recorder.Log);
    }

    [TestMethod]
    public void CallReducer_V1ClientOnV10Module_OthersHiddenAsUnknownTransaction()
    {
        using SimulatedServer server = StartServer("2.8.3");
        SimulatedDriver v1 = SimulatedDriver.Create(1)
            .Table<Player, ulong>("player", PlayerV2Columns, r => new Player(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)), p => p.Id)
            .Build();
        (IDriverSession caller, _) = Open(V2Driver(), server);
        (IDriverSession watcher, Recorder recorder) = Open(v1, server);
        watcher.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        watcher.FrameTick();
        recorder.Clear();

        caller.CallReducer(new CreatePlayer("ann"));
        watcher.FrameTick();

        CollectionAssert.AreEqual(new[] { "insert ann 100 [UnknownTransaction]" }, recorder.Log);
    }

    [TestMethod]
    public void CallReducer_V1NoSuccessNotifyFailure_NoCallbackAtAll()
    {
        using SimulatedServer server = StartServer("1.12.0");
        (IDriverSession session, Recorder recorder) = Open(V1Driver(noSuccessNotify: true), server);
        session.FrameTick();
        recorder.Clear();

        session.CallReducer(new CreatePlayer(""));
        session.FrameTick();

        Assert.IsEmpty(recorder.Log);
    }

    [TestMethod]
    public void CallReducer_Update_BeforeDeleteNotFiredAndUpdateDetectedByKey()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.Subscribe(new[] { "SELECT * FROM player", "SELECT * FROM damage_event" }, recorder);
        session.CallReducer(new CreatePlayer("ann"));
        session.FrameTick();
        recorder.Clear();

        session.CallReducer(new DealDamage(1, 30));
        session.FrameTick();

        CollectionAssert.AreEqual(new[] { "update ann 100->70 [Reducer]", "damage 1 30 [Reducer]", "reducer deal_damage Committed self=True" }, recorder.Log);
        Assert.AreEqual(0, ((SimulatedDriverSession)session).CountOf(V2DriverTable(session, "damage_event")));
    }

    [TestMethod]
    public void DirectDelete_BeforeDeleteThenDelete()
    {
        using SimulatedServer server = StartServer("2.8.3");
        server.Database(Db).Table("player").Insert(new SimRow(0UL, "ann", 100u, null));
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        session.FrameTick();
        recorder.Clear();

        server.Database(Db).Table("player").DeleteByKey(1UL);
        session.FrameTick();

        CollectionAssert.AreEqual(new[] { "before-delete ann [Transaction]", "delete ann [Transaction]" }, recorder.Log);
    }

    [TestMethod]
    public void Subscribe_Overlapping_RefCountedInsertAndDelete()
    {
        using SimulatedServer server = StartServer("2.8.3");
        server.Database(Db).Table("player").Insert(new SimRow(0UL, "ann", 100u, null));
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        IDriverSubscription first = session.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        IDriverSubscription second = session.Subscribe(new[] { "SELECT * FROM \"player\"" }, recorder);
        session.FrameTick();
        Assert.AreEqual(1, recorder.Log.Count(l => l.StartsWith("insert", StringComparison.Ordinal)));
        recorder.Clear();

        first.Unsubscribe();
        session.FrameTick();
        CollectionAssert.AreEqual(new[] { "ended" }, recorder.Log);
        recorder.Clear();

        second.Unsubscribe();
        session.FrameTick();
        CollectionAssert.AreEqual(new[] { "before-delete ann [UnsubscribeApplied]", "delete ann [UnsubscribeApplied]", "ended" }, recorder.Log);
        Assert.IsTrue(second.IsEnded);
    }

    [TestMethod]
    public void Unsubscribe_Twice_ThrowsAlreadyCalled()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        IDriverSubscription sub = session.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        session.FrameTick();
        sub.Unsubscribe();

        var error = Assert.ThrowsExactly<InvalidOperationException>(sub.Unsubscribe);

        Assert.AreEqual("Unsubscribe already called.", error.Message);
    }

    [TestMethod]
    public void Unsubscribe_Pending_ThrowsInactive()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        IDriverSubscription sub = session.Subscribe(new[] { "SELECT * FROM player" }, recorder);

        var error = Assert.ThrowsExactly<InvalidOperationException>(sub.Unsubscribe);

        Assert.AreEqual("Cannot unsubscribe from inactive subscription.", error.Message);
    }

    [TestMethod]
    public void Subscribe_V1LegacyAll_LegacyActiveAndNotUnsubscribable()
    {
        using SimulatedServer server = StartServer("1.12.0");
        (IDriverSession session, Recorder recorder) = Open(V1Driver(), server);
        IDriverSubscription sub = session.Subscribe(new[] { "SELECT * FROM *" }, recorder);
        session.FrameTick();

        Assert.IsTrue(sub.IsActive);
        Assert.ThrowsExactly<InvalidOperationException>(sub.Unsubscribe);
    }

    [TestMethod]
    public void Subscribe_UnknownTable_OnErrorAndEnded()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        IDriverSubscription sub = session.Subscribe(new[] { "SELECT * FROM nope" }, recorder);

        session.FrameTick();

        Assert.IsTrue(sub.IsEnded);
        Assert.IsTrue(recorder.Log.Last().StartsWith("sub-error no such table", StringComparison.Ordinal));
    }

    [TestMethod]
    public void CallReducer_NotConnected_SilentlyDropped()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.FrameTick();
        session.Disconnect();

        session.CallReducer(new CreatePlayer("ann"));
        IDriverSubscription sub = session.Subscribe(new[] { "SELECT * FROM player" }, recorder);
        session.FrameTick();

        Assert.AreEqual(0, server.Database(Db).Table("player").Count);
        Assert.IsFalse(sub.IsActive);
        Assert.AreEqual("disconnected", recorder.Log.Last());
    }

    [TestMethod]
    public void CallReducer_WrongArgsType_Throws()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, _) = Open(V2Driver(), server);

        Assert.ThrowsExactly<ArgumentException>(() => session.CallReducer("not args"));
    }

    [TestMethod]
    public void Disconnect_PendingV2Call_DroppedSilentlyThenDisconnectedNull()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.FrameTick();
        recorder.Clear();
        session.CallReducer(new CreatePlayer("ann"));

        session.Disconnect();
        session.Disconnect();
        session.FrameTick();

        CollectionAssert.AreEqual(new[] { "disconnected" }, recorder.Log);
        Assert.IsNull(recorder.DisconnectError);
        Assert.IsFalse(session.IsActive);
    }

    [TestMethod]
    public void FrameTick_RowFailsToDecode_DisconnectedWithError()
    {
        using SimulatedServer server = StartServer("2.8.3");
        server.Database(Db).Table("player").Insert(new SimRow(0UL, "ann", 100u, null));
        SimulatedDriver stale = SimulatedDriver.Create(2)
            .Table<Player, ulong>("player", PlayerV1Columns, r => new Player(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)), p => p.Id)
            .Build();
        (IDriverSession session, Recorder recorder) = Open(stale, server);
        session.Subscribe(new[] { "SELECT * FROM player" }, recorder);

        session.FrameTick();

        Assert.IsInstanceOfType<InvalidOperationException>(recorder.DisconnectError);
        Assert.Contains("parsing failed", recorder.DisconnectError!.Message);
        Assert.IsFalse(recorder.Log.Contains("applied"));
    }

    [TestMethod]
    public void FrameTick_ServerRestart_DisconnectedWithError()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);
        session.FrameTick();

        server.Restart();
        Assert.IsFalse(session.IsActive);
        session.FrameTick();

        Assert.IsNotNull(recorder.DisconnectError);
    }

    [TestMethod]
    public void Open_WithToken_SameIdentityAfterReconnect()
    {
        using SimulatedServer server = StartServer("2.8.3");
        SimulatedDriver driver = V2Driver();
        (IDriverSession first, Recorder r1) = Open(driver, server);
        first.FrameTick();
        first.Disconnect();

        (IDriverSession second, Recorder r2) = Open(driver, server, token: r1.Connected!.Token);
        second.FrameTick();

        Assert.AreEqual(r1.Connected.IdentityHex, r2.Connected!.IdentityHex);
        Assert.AreNotEqual(r1.Connected.ConnectionIdHex, r2.Connected.ConnectionIdHex);
    }

    [TestMethod]
    public void Capabilities_PerMajor_MatchSdk()
    {
        DriverCapabilities one = V1Driver().Capabilities;
        DriverCapabilities two = V2Driver().Capabilities;

        Assert.IsTrue(one.ReducerCallbacksForOtherClients && one.LightMode && one.ReducerFlags && !one.EventTables);
        Assert.IsTrue(two.EventTables && !two.ReducerCallbacksForOtherClients && !two.LightMode && !two.ReducerFlags);
        Assert.AreEqual(WireNamePolicy.SnakeCase, two.WireNames);
    }

    [TestMethod]
    public void Create_V1WithEventTable_Throws()
    {
        Assert.ThrowsExactly<InvalidOperationException>(() => SimulatedDriver.Create(1)
            .EventTable<DamageEvent>("damage_event", new[] { SimColumn.Of("target", SimType.U64) }, r => new DamageEvent(0, 0)));
    }

    [TestMethod]
    public void Tap_ForeignTable_Throws()
    {
        using SimulatedServer server = StartServer("2.8.3");
        (IDriverSession session, Recorder recorder) = Open(V2Driver(), server);

        Assert.ThrowsExactly<ArgumentException>(() => session.Tap(PlayerTable(V2Driver()), recorder));
    }

    private static DriverTable V2DriverTable(IDriverSession session, string name) =>
        ((SimulatedDriverSession)session).TableNamed(name);
}
