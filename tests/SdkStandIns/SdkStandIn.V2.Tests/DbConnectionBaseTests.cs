using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;
using SpacetimeDB.Types;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace SdkStandIn.V2.Tests;

[TestClass]
public sealed class DbConnectionBaseTests
{
    [TestMethod]
    public void OnConnect_BeforeFrameTick_NotFiredButSocketActive()
    {
        using var kit = new TestKit();
        var connected = 0;
        var conn = kit.Builder().OnConnect((_, _, _) => connected++).Build();
        Assert.IsTrue(conn.IsActive);
        Assert.AreEqual(0, connected);
        Assert.IsNull(conn.Identity);
        conn.FrameTick();
        conn.FrameTick();
        Assert.AreEqual(1, connected);
        Assert.IsNotNull(conn.Identity);
        Assert.AreEqual(kit.Server.Clients[0].IdentityHex, conn.Identity.Value.ToString(), ignoreCase: true);
        conn.Disconnect();
    }

    [TestMethod]
    public void OnConnect_HandlerThrows_CaughtAndLogged()
    {
        using var kit = new TestKit();
        var conn = kit.Connect(b => b.OnConnect((_, _, _) => throw new InvalidOperationException("boom")));
        Assert.IsNotNull(conn.Identity);
        Assert.IsTrue(kit.Logger.Exceptions.Exists(e => e.Message == "boom"));
    }

    [TestMethod]
    public void InternalCallReducer_OwnCall_ReducerEventCarriesTheSameArgsObject()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        var args = new Reducer.CreatePlayer("alice");
        object? seenByReducer = null;
        object? seenByRow = null;
        conn.Reducers.OnCreatePlayer += (ctx, _) => seenByReducer = ctx.Event.Reducer;
        conn.Db.Player.OnInsert += (ctx, _) => seenByRow = ((Event<Reducer>.Reducer)ctx.Event).ReducerEvent.Reducer;
        ((IDbConnection)conn).InternalCallReducer(args);
        Assert.IsNull(seenByReducer, "nothing runs outside FrameTick");
        conn.FrameTick();
        Assert.AreSame(args, seenByReducer);
        Assert.AreSame(args, seenByRow);
    }

    [TestMethod]
    public void InternalCallReducer_ArgsNotAGeneratedReducer_ThrowsInvalidOperation()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        Assert.ThrowsExactly<InvalidOperationException>(() => ((IDbConnection)conn).InternalCallReducer(new ForeignArgs()));
    }

    [TestMethod]
    public void InternalCallReducer_NotConnected_LogsAndReturnsBeforeTheArgsCheck()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        conn.Disconnect();
        ((IDbConnection)conn).InternalCallReducer(new ForeignArgs());
        conn.Reducers.CreatePlayer("alice");
        CollectionAssert.Contains(kit.Logger.Errors, "Cannot call reducer, not connected to server!");
        Assert.AreEqual(0, kit.Server.Database(TestKit.Database).Table("player").Count);
    }

    [TestMethod]
    public void ReducerResult_Outcomes_MapToStatus()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        var statuses = new List<Status>();
        conn.Reducers.OnCreatePlayer += (ctx, _) => statuses.Add(ctx.Event.Status);
        conn.Reducers.CreatePlayer("alice");
        conn.Reducers.CreatePlayer(string.Empty);
        kit.Server.Faults.FailNextCall("create_player", "host crashed", internalError: true);
        conn.Reducers.CreatePlayer("bob");
        conn.FrameTick();
        Assert.AreEqual(3, statuses.Count);
        Assert.IsInstanceOfType<Status.Committed>(statuses[0]);
        Assert.AreEqual(new Status.Failed("username must not be empty"), statuses[1]);
        Assert.AreEqual(new Status.Failed("host crashed"), statuses[2]);
    }

    [TestMethod]
    public void ReducerEvent_OwnCall_CallerIsSelfAndNoEnergy()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        ReducerEvent<Reducer>? seen = null;
        conn.Reducers.OnCreatePlayer += (ctx, _) => seen = ctx.Event;
        conn.Reducers.CreatePlayer("alice");
        conn.FrameTick();
        Assert.IsNotNull(seen);
        Assert.AreEqual(conn.Identity, seen.CallerIdentity);
        Assert.AreEqual(conn.ConnectionId, seen.CallerConnectionId);
        Assert.IsNull(seen.EnergyConsumed);
        Assert.AreEqual(((DateTimeOffset)kit.Time.GetUtcNow()).ToUnixTimeMilliseconds() * 1000, seen.Timestamp.MicrosecondsSinceUnixEpoch);
    }

    [TestMethod]
    public void OtherClientsCall_RowsAsTransactionAndNoReducerCallback()
    {
        using var kit = new TestKit();
        var caller = kit.ConnectSubscribed();
        var observer = kit.ConnectSubscribed();
        Event<Reducer>? evt = null;
        var reducerCallbacks = 0;
        observer.Db.Player.OnInsert += (ctx, _) => evt = ctx.Event;
        observer.Reducers.OnCreatePlayer += (_, _) => reducerCallbacks++;
        caller.Reducers.CreatePlayer("alice");
        observer.FrameTick();
        Assert.IsInstanceOfType<Event<Reducer>.Transaction>(evt);
        Assert.AreEqual(0, reducerCallbacks);
    }

    [TestMethod]
    public void Disconnect_WithPendingCall_CallDroppedSilentlyAndOnDisconnectNull()
    {
        using var kit = new TestKit();
        var disconnects = new List<Exception?>();
        var conn = kit.Connect(b => b.OnDisconnect((_, e) => disconnects.Add(e)));
        var callbacks = 0;
        conn.Reducers.OnCreatePlayer += (_, _) => callbacks++;
        kit.Server.Faults.HoldDelivery();
        conn.Reducers.CreatePlayer("alice");
        conn.Disconnect();
        conn.Disconnect();
        kit.Server.Faults.ReleaseDelivery();
        conn.FrameTick();
        Assert.AreEqual(0, callbacks);
        Assert.AreEqual(1, disconnects.Count);
        Assert.IsNull(disconnects[0]);
        Assert.IsFalse(conn.IsActive);
    }

    [TestMethod]
    public void ServerCloses_OnDisconnectWithReason()
    {
        using var kit = new TestKit();
        Exception? error = null;
        var conn = kit.Connect(b => b.OnDisconnect((_, e) => error = e));
        kit.Server.DisconnectAll("going away");
        Assert.IsNull(error);
        conn.FrameTick();
        Assert.AreEqual("going away", error?.Message);
        Assert.IsFalse(conn.IsActive);
    }

    [TestMethod]
    public void RowThatDoesNotDecode_ParseFailure_LogsAndClosesNormallyWithNull()
    {
        using var kit = new TestKit();
        var module = SimModule.Define(ModuleDefVersion.V10).Table("player", t => t
            .Column("id", SimType.U64).Column("username", SimType.String).Column("score", SimType.U32)
            .Column("display_name", SimType.Option(SimType.String)).Column("level", SimType.U32).PrimaryKey("id"));
        kit.Server.Publish("wide", module);
        kit.Server.Database("wide").Table("player").Insert(new SimRow(1UL, "alice", 3u, null, 7u));
        var disconnects = new List<Exception?>();
        var conn = DbConnection.Builder().WithUri(kit.Server.Uri.ToString()).WithDatabaseName("wide").OnDisconnect((_, e) => disconnects.Add(e)).Build();
        conn.FrameTick();
        conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
        conn.FrameTick();
        Assert.AreEqual(1, disconnects.Count);
        Assert.IsNull(disconnects[0]);
        Assert.IsInstanceOfType<InvalidDataException>(kit.Logger.Exceptions[^1]);
        StringAssert.Contains(kit.Logger.Exceptions[^1].Message, "unread");
        Assert.IsFalse(conn.IsActive);
        Assert.AreEqual(0, conn.Db.Player.Count);
    }

    [TestMethod]
    public void ReducerHandlerThrows_EscapesFrameTickAndLaterMessagesWait()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        conn.Reducers.OnCreatePlayer += (_, name) =>
        {
            if (name == "alice")
            {
                throw new InvalidOperationException("handler failed");
            }
        };
        conn.Reducers.CreatePlayer("alice");
        conn.Reducers.CreatePlayer("bob");
        Assert.ThrowsExactly<InvalidOperationException>(() => conn.FrameTick());
        Assert.AreEqual(1, conn.Db.Player.Count);
        conn.FrameTick();
        Assert.AreEqual(2, conn.Db.Player.Count);
    }

    private sealed class ForeignArgs : IReducerArgs
    {
        public string ReducerName => "create_player";

        public void ReadFields(BinaryReader reader)
        {
        }

        public void WriteFields(BinaryWriter writer)
        {
        }

        public object GetSerializer() => this;
    }
}
