using System;
using System.Collections.Generic;
using System.Linq;
using Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB.Types;
using Stdb.Compat.Driver;

namespace SdkStandIn.V2.Tests;

[TestClass]
public sealed class GameDriverTests
{
    private static DriverTable<TRow> TableOf<TRow>(IConnectionDriver driver)
        where TRow : class => driver.Tables.OfType<DriverTable<TRow>>().Single();

    [TestMethod]
    public void Capabilities_Sdk2_EventTablesSnakeCase()
    {
        IConnectionDriver driver = new GameDriver();
        Assert.AreEqual(2, driver.Capabilities.SdkMajor);
        Assert.AreEqual("v2.bsatn.spacetimedb", driver.Capabilities.Protocol);
        Assert.IsTrue(driver.Capabilities.EventTables);
        Assert.IsFalse(driver.Capabilities.ReducerCallbacksForOtherClients);
        Assert.AreEqual(Stdb.Compat.WireNamePolicy.SnakeCase, driver.Capabilities.WireNames);
        Assert.AreEqual(2, driver.Tables.Count);
        Assert.IsTrue(TableOf<DamageEvent>(new GameDriver()).IsEventTable);
        Assert.AreEqual("id", TableOf<Player>(new GameDriver()).PrimaryKeyColumn);
        Assert.AreEqual(4, TableOf<Player>(new GameDriver()).Fields.Count);
    }

    [TestMethod]
    public void Session_EndToEnd_TapSubscribeCallOutcome()
    {
        using var kit = new TestKit();
        var listener = new SessionListener();
        using var session = ((IConnectionDriver)new GameDriver()).Open(new DriverSessionOptions(kit.Server.Uri, TestKit.Database), listener);
        Assert.IsTrue(session.IsActive);
        session.FrameTick();
        Assert.IsNotNull(listener.Connected);
        Assert.AreEqual(kit.Server.Clients[0].IdentityHex, listener.Connected.IdentityHex, ignoreCase: true);

        var players = new TableListener<Player>();
        var damage = new TableListener<DamageEvent>();
        session.Tap(TableOf<Player>(new GameDriver()), players);
        session.Tap(TableOf<DamageEvent>(new GameDriver()), damage);
        var subscription = new SubscriptionListener();
        var handle = session.Subscribe(new[] { "SELECT * FROM player", "SELECT * FROM damage_event" }, subscription);
        session.FrameTick();
        Assert.AreEqual(1, subscription.Applied);
        Assert.IsTrue(handle.IsActive);

        var create = new Reducer.CreatePlayer("alice");
        session.CallReducer(create);
        session.FrameTick();
        Assert.AreEqual(1, players.Events.Count);
        var inserted = players.Events[0];
        Assert.AreEqual("insert", inserted.Callback);
        Assert.AreEqual(DriverEventKind.Reducer, inserted.Event.Kind);
        Assert.AreSame(create, inserted.Event.ReducerArgs);
        Assert.IsTrue(inserted.Event.CallerIsSelf);
        Assert.AreEqual("create_player", inserted.Event.ReducerName);
        Assert.AreEqual(1, listener.Reducers.Count);
        Assert.AreSame(create, listener.Reducers[0].ReducerArgs);
        Assert.AreEqual(DriverReducerStatus.Committed, listener.Reducers[0].Status);

        session.CallReducer(new Reducer.DealDamage(1, 10));
        session.FrameTick();
        Assert.AreEqual("update", players.Events[1].Callback);
        Assert.AreEqual(1, damage.Events.Count);
        Assert.AreEqual(DriverEventKind.Reducer, damage.Events[0].Event.Kind);

        session.CallReducer(new Reducer.CreatePlayer(string.Empty));
        session.FrameTick();
        Assert.AreEqual(DriverReducerStatus.Failed, listener.Reducers[^1].Status);
        Assert.AreEqual("username must not be empty", listener.Reducers[^1].FailureReason);

        handle.Unsubscribe();
        session.FrameTick();
        Assert.AreEqual(1, subscription.Ended);
        Assert.AreEqual("delete", players.Events[^1].Callback);
        Assert.AreEqual(DriverEventKind.UnsubscribeApplied, players.Events[^1].Event.Kind);
        Assert.ThrowsExactly<InvalidOperationException>(() => handle.Unsubscribe());

        session.Disconnect();
        session.FrameTick();
        Assert.AreEqual(1, listener.Disconnects.Count);
        Assert.IsNull(listener.Disconnects[0]);
    }

    [TestMethod]
    public void Session_OtherClientsCall_TransactionKindAndNoReducerEvent()
    {
        using var kit = new TestKit();
        var listener = new SessionListener();
        using var session = ((IConnectionDriver)new GameDriver()).Open(new DriverSessionOptions(kit.Server.Uri, TestKit.Database), listener);
        var players = new TableListener<Player>();
        session.Tap(TableOf<Player>(new GameDriver()), players);
        session.Subscribe(new[] { "SELECT * FROM player" }, new SubscriptionListener());
        session.FrameTick();
        var other = kit.Connect();
        other.Reducers.CreatePlayer("bob");
        session.FrameTick();
        Assert.AreEqual(DriverEventKind.Transaction, players.Events[0].Event.Kind);
        Assert.AreEqual(0, listener.Reducers.Count);
    }

    [TestMethod]
    public void CallReducer_ForeignObject_ThrowsArgumentException()
    {
        using var kit = new TestKit();
        using var session = ((IConnectionDriver)new GameDriver()).Open(new DriverSessionOptions(kit.Server.Uri, TestKit.Database), new SessionListener());
        Assert.ThrowsExactly<ArgumentException>(() => session.CallReducer("not args"));
        Assert.ThrowsExactly<ArgumentException>(() => session.Tap(new DriverTable<string>("x", "X", false, Array.Empty<DriverField>()), new TableListener<string>()));
    }

    [TestMethod]
    public void Open_WrongProtocolServer_OnConnectError()
    {
        using var kit = new TestKit("1.12.0", v2Module: false);
        var listener = new SessionListener();
        using var session = ((IConnectionDriver)new GameDriver()).Open(new DriverSessionOptions(kit.Server.Uri, TestKit.Database), listener);
        session.FrameTick();
        Assert.IsNotNull(listener.ConnectError);
        StringAssert.Contains(listener.ConnectError.Message, "no valid protocol selected");
    }

    internal sealed class SessionListener : IDriverSessionListener
    {
        public DriverConnectedInfo? Connected { get; private set; }

        public Exception? ConnectError { get; private set; }

        public List<Exception?> Disconnects { get; } = new();

        public List<DriverEvent> Reducers { get; } = new();

        public void OnConnected(DriverConnectedInfo info) => Connected = info;

        public void OnConnectError(Exception error) => ConnectError = error;

        public void OnDisconnected(Exception? error) => Disconnects.Add(error);

        public void OnReducerEvent(in DriverEvent reducerEvent) => Reducers.Add(reducerEvent);
    }

    internal sealed class TableListener<TRow> : IDriverTableListener<TRow>
        where TRow : class
    {
        public List<(string Callback, DriverEvent Event)> Events { get; } = new();

        public void OnInsert(in DriverEvent context, TRow row) => Events.Add(("insert", context));

        public void OnUpdate(in DriverEvent context, TRow oldRow, TRow newRow) => Events.Add(("update", context));

        public void OnBeforeDelete(in DriverEvent context, TRow row) => Events.Add(("before-delete", context));

        public void OnDelete(in DriverEvent context, TRow row) => Events.Add(("delete", context));
    }

    internal sealed class SubscriptionListener : IDriverSubscriptionListener
    {
        public int Applied { get; private set; }

        public int Ended { get; private set; }

        public Exception? Error { get; private set; }

        public void OnApplied() => Applied++;

        public void OnError(Exception error) => Error = error;

        public void OnEnded() => Ended++;
    }
}
