extern alias v2sdk1;

using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;
using SpacetimeDB.Types;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace SdkStandIn.V1.Tests;

[TestClass]
public sealed class DbConnectionBaseTests
{
    [TestMethod]
    public void OnConnect_HandlersRunInRegistrationOrderInsideFrameTick()
    {
        using var kit = new TestKit();
        var order = new List<string>();
        var conn = kit.Builder()
            .OnConnect((_, _, _) => order.Add("first"))
            .OnConnect((c, identity, _) => order.Add($"second {c.Identity == identity}"))
            .Build();
        Assert.AreEqual(0, order.Count);
        Assert.IsTrue(conn.IsActive);
        conn.FrameTick();
        CollectionAssert.AreEqual(new[] { "first", "second True" }, order);
        conn.Disconnect();
    }

    [TestMethod]
    public void OtherClientsCall_FullMode_ReducerEventAndCallbackForEveryone()
    {
        using var kit = new TestKit();
        var caller = kit.ConnectSubscribed();
        var observer = kit.ConnectSubscribed();
        Event<Reducer>? rowEvent = null;
        ReducerEvent<Reducer>? reducerEvent = null;
        observer.Db.Player.OnInsert += (ctx, _) => rowEvent = ctx.Event;
        observer.Reducers.OnCreatePlayer += (ctx, _) => reducerEvent = ctx.Event;
        caller.Reducers.CreatePlayer("alice");
        observer.FrameTick();
        Assert.IsInstanceOfType<Event<Reducer>.Reducer>(rowEvent);
        Assert.IsNotNull(reducerEvent);
        Assert.AreEqual(caller.Identity, reducerEvent.CallerIdentity);
        Assert.AreEqual(caller.ConnectionId, reducerEvent.CallerConnectionId);
        Assert.AreEqual(new Reducer.CreatePlayer("alice"), reducerEvent.Reducer);
        Assert.IsNotNull(reducerEvent.EnergyConsumed);
    }

    [TestMethod]
    public void OtherClientsCall_LightMode_UnknownTransactionAndNoCallback()
    {
        using var kit = new TestKit();
        var caller = kit.ConnectSubscribed();
        var observer = kit.ConnectSubscribed(b => b.WithLightMode(true));
        Event<Reducer>? rowEvent = null;
        var callbacks = 0;
        observer.Db.Player.OnInsert += (ctx, _) => rowEvent = ctx.Event;
        observer.Reducers.OnCreatePlayer += (_, _) => callbacks++;
        caller.Reducers.CreatePlayer("alice");
        observer.FrameTick();
        Assert.IsInstanceOfType<Event<Reducer>.UnknownTransaction>(rowEvent);
        Assert.AreEqual(0, callbacks);
    }

    [TestMethod]
    public void FailedCall_OnlyCallerGetsFailedStatus()
    {
        using var kit = new TestKit();
        var caller = kit.ConnectSubscribed();
        var observer = kit.ConnectSubscribed();
        Status? callerStatus = null;
        var observerCallbacks = 0;
        caller.Reducers.OnCreatePlayer += (ctx, _) => callerStatus = ctx.Event.Status;
        observer.Reducers.OnCreatePlayer += (_, _) => observerCallbacks++;
        caller.Reducers.CreatePlayer(string.Empty);
        caller.FrameTick();
        observer.FrameTick();
        Assert.AreEqual(new Status.Failed("username must not be empty"), callerStatus);
        Assert.AreEqual(0, observerCallbacks);
    }

    [TestMethod]
    public void NoSuccessNotify_CallerGetsNothingEvenOnFailure()
    {
        using var kit = new TestKit();
        var caller = kit.Connect();
        var callbacks = 0;
        caller.Reducers.OnCreatePlayer += (_, _) => callbacks++;
        caller.SetReducerFlags.CreatePlayer(CallReducerFlags.NoSuccessNotify);
        caller.Reducers.CreatePlayer("alice");
        caller.Reducers.CreatePlayer(string.Empty);
        caller.FrameTick();
        Assert.AreEqual(0, callbacks);
        Assert.AreEqual(1, kit.Server.Database(TestKit.Database).Table("Player").Count);
    }

    [TestMethod]
    public void UnhandledReducerError_NoHandler_OnUnhandledReducerErrorFires()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        Exception? unhandled = null;
        conn.OnUnhandledReducerError += (_, e) => unhandled = e;
        conn.Reducers.CreatePlayer(string.Empty);
        conn.FrameTick();
        Assert.AreEqual("username must not be empty", unhandled?.Message);
    }

    [TestMethod]
    public void CallReducer_NotConnected_LogsAndReturns()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        conn.Disconnect();
        conn.Reducers.CreatePlayer("alice");
        CollectionAssert.Contains(kit.Logger.Errors, "Cannot call reducer, not connected to server!");
        Assert.AreEqual(0, kit.Server.Database(TestKit.Database).Table("Player").Count);
    }

    [TestMethod]
    public void Disconnect_Repeated_OneOnDisconnectWithNull()
    {
        using var kit = new TestKit();
        var disconnects = new List<Exception?>();
        var conn = kit.Connect(b => b.OnDisconnect((_, e) => disconnects.Add(e)));
        conn.Disconnect();
        conn.Disconnect();
        Assert.AreEqual(0, disconnects.Count);
        conn.FrameTick();
        conn.FrameTick();
        Assert.AreEqual(1, disconnects.Count);
        Assert.IsNull(disconnects[0]);
    }

    [TestMethod]
    public void RowThatDoesNotDecode_ParseThreadCrashes_NoOnDisconnectAndNothingMoreParsed()
    {
        using var kit = new TestKit();
        var module = SimModule.Define(ModuleDefVersion.V9).Table("Player", t => t
            .Column("id", SimType.U64).Column("username", SimType.String).PrimaryKey("id"));
        kit.Server.Publish("narrow", module);
        kit.Server.Database("narrow").Table("Player").Insert(new SimRow(1UL, "alice"));
        var crashes = new List<Exception>();
        var previous = ParseThread.UnhandledException;
        ParseThread.UnhandledException = crashes.Add;
        try
        {
            var disconnects = new List<Exception?>();
            var conn = DbConnection.Builder().WithUri(kit.Server.Uri.ToString()).WithModuleName("narrow").OnDisconnect((_, e) => disconnects.Add(e)).Build();
            conn.FrameTick();
            conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM Player" });
            conn.FrameTick();
            Assert.AreEqual(1, crashes.Count);
            Assert.IsInstanceOfType<EndOfStreamException>(crashes[0]);
            Assert.AreEqual(0, disconnects.Count);
            Assert.IsTrue(conn.IsActive);

            // The parse thread is gone: later messages are never parsed.
            var applied = false;
            conn.SubscriptionBuilder().OnApplied(_ => applied = true).Subscribe(new[] { "SELECT * FROM Player" });
            conn.FrameTick();
            Assert.IsFalse(applied);
            Assert.AreEqual(1, crashes.Count);
        }
        finally
        {
            ParseThread.UnhandledException = previous;
        }
    }

    [TestMethod]
    public void InternalCallReducer_IsAnExplicitIDbConnectionImplementation()
    {
        var publicCall = typeof(DbConnectionBase<DbConnection, RemoteTables, Reducer>).GetMethod("InternalCallReducer");
        var explicitCall = typeof(DbConnectionBase<DbConnection, RemoteTables, Reducer>)
            .GetMethod("SpacetimeDB.IDbConnection.InternalCallReducer", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        Assert.IsNull(publicCall);
        Assert.IsNotNull(explicitCall);
        Assert.AreEqual(typeof(CallReducerFlags), explicitCall.GetParameters()[1].ParameterType);
    }

    [TestMethod]
    public void V2ModuleOn2xServer_NonCallerGetsUnknownTransaction()
    {
        using var kit = new TestKit("2.8.3", v2Module: true);
        var caller = ConnectV2(kit);
        var observer = ConnectV2(kit);
        observer.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
        observer.FrameTick();
        global::SpacetimeDB.Event<v2sdk1::SpacetimeDB.Types.Reducer>? seen = null;
        var callbacks = 0;
        observer.Db.Player.OnInsert += (ctx, _) => seen = ctx.Event;
        observer.Reducers.OnCreatePlayer += (_, _) => callbacks++;
        caller.Reducers.CreatePlayer("alice");
        observer.FrameTick();
        Assert.IsInstanceOfType<global::SpacetimeDB.Event<v2sdk1::SpacetimeDB.Types.Reducer>.UnknownTransaction>(seen);
        Assert.AreEqual(0, callbacks);
    }

    [TestMethod]
    public void V2ModuleOn2xServer_EventTableSubscription_ErrorText()
    {
        using var kit = new TestKit("2.8.3", v2Module: true);
        var conn = ConnectV2(kit);
        Exception? error = null;
        var handle = conn.SubscriptionBuilder().OnError((_, e) => error = e).Subscribe(new[] { "SELECT * FROM damage_event" });
        conn.FrameTick();
        Assert.AreEqual("Subscribing to event tables requires WebSocket v2. Please upgrade your client SDK and regenerate your module bindings.", error?.Message);
        Assert.IsTrue(handle.IsEnded);
        Assert.IsTrue(conn.IsActive);
    }

    internal static v2sdk1::SpacetimeDB.Types.DbConnection ConnectV2(TestKit kit)
    {
        var conn = v2sdk1::SpacetimeDB.Types.DbConnection.Builder().WithUri(kit.Server.Uri.ToString()).WithModuleName(TestKit.Database).Build();
        conn.FrameTick();
        return conn;
    }
}
