extern alias v2sdk1;

using System;
using System.Collections.Generic;
using System.Linq;
using Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB.Types;
using Stdb.Compat.Driver;

namespace SdkStandIn.V1.Tests;

[TestClass]
public sealed class GameDriverTests
{
    private static DriverTable<TRow> TableOf<TRow>(IConnectionDriver driver)
        where TRow : class => driver.Tables.OfType<DriverTable<TRow>>().Single();

    [TestMethod]
    public void Capabilities_Sdk1_NoEventTablesDeclaredNames()
    {
        IConnectionDriver driver = new GameDriver();
        Assert.AreEqual(1, driver.Capabilities.SdkMajor);
        Assert.IsFalse(driver.Capabilities.EventTables);
        Assert.IsTrue(driver.Capabilities.ReducerCallbacksForOtherClients);
        Assert.IsTrue(driver.Capabilities.ReducerFlags);
        Assert.AreEqual(Stdb.Compat.WireNamePolicy.Declared, driver.Capabilities.WireNames);
        Assert.AreEqual("Player", TableOf<Player>(new GameDriver()).WireName);
    }

    [TestMethod]
    public void Session_EndToEnd_OwnAndOtherCalls()
    {
        using var kit = new TestKit();
        var listener = new SessionListener();
        using var session = ((IConnectionDriver)new GameDriver()).Open(new DriverSessionOptions(kit.Server.Uri, TestKit.Database), listener);
        session.FrameTick();
        Assert.IsNotNull(listener.Connected);
        var players = new TableListener<Player>();
        session.Tap(TableOf<Player>(new GameDriver()), players);
        var subscription = session.Subscribe(new[] { "SELECT * FROM Player" }, new SubscriptionListener());
        session.FrameTick();
        Assert.IsTrue(subscription.IsActive);

        session.CallReducer(new Reducer.CreatePlayer("alice"));
        session.FrameTick();
        Assert.AreEqual(DriverEventKind.Reducer, players.Events[0].Event.Kind);
        Assert.IsTrue(players.Events[0].Event.CallerIsSelf);
        Assert.AreEqual(new Reducer.CreatePlayer("alice"), players.Events[0].Event.ReducerArgs);
        Assert.AreEqual(DriverReducerStatus.Committed, listener.Reducers[0].Status);

        var other = kit.ConnectSubscribed();
        other.Reducers.DealDamage(1, 10);
        session.FrameTick();
        Assert.AreEqual("update", players.Events[1].Callback);
        Assert.IsFalse(players.Events[1].Event.CallerIsSelf);
        Assert.AreEqual(2, listener.Reducers.Count);
        Assert.IsFalse(listener.Reducers[1].CallerIsSelf);
        Assert.AreEqual("deal_damage", listener.Reducers[1].ReducerName);
    }

    [TestMethod]
    public void V2ModuleSdk1Driver_DamageEventIsOrdinaryTable()
    {
        using var kit = new TestKit("2.8.3", v2Module: true);
        IConnectionDriver driver = new v2sdk1::Game.GameDriver();
        Assert.IsFalse(TableOf<v2sdk1::SpacetimeDB.Types.DamageEvent>(new v2sdk1::Game.GameDriver()).IsEventTable);
        var listener = new SessionListener();
        using var session = driver.Open(new DriverSessionOptions(kit.Server.Uri, TestKit.Database), listener);
        session.FrameTick();
        var players = new TableListener<v2sdk1::SpacetimeDB.Types.Player>();
        session.Tap(TableOf<v2sdk1::SpacetimeDB.Types.Player>(new v2sdk1::Game.GameDriver()), players);
        var errors = new SubscriptionListener();
        session.Subscribe(new[] { "SELECT * FROM damage_event" }, errors);
        session.Subscribe(new[] { "SELECT * FROM player" }, new SubscriptionListener());
        session.FrameTick();
        StringAssert.StartsWith(errors.Error?.Message, "Subscribing to event tables requires WebSocket v2.");
        session.CallReducer(new v2sdk1::SpacetimeDB.Types.Reducer.CreatePlayer("alice"));
        session.FrameTick();
        Assert.AreEqual(DriverEventKind.Reducer, players.Events[0].Event.Kind);
        Assert.AreEqual(DriverReducerStatus.Committed, listener.Reducers[0].Status);
    }

    internal sealed class SessionListener : IDriverSessionListener
    {
        public DriverConnectedInfo? Connected { get; private set; }

        public List<DriverEvent> Reducers { get; } = new();

        public void OnConnected(DriverConnectedInfo info) => Connected = info;

        public void OnConnectError(Exception error)
        {
        }

        public void OnDisconnected(Exception? error)
        {
        }

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
        public Exception? Error { get; private set; }

        public void OnApplied()
        {
        }

        public void OnError(Exception error) => Error = error;

        public void OnEnded()
        {
        }
    }
}
