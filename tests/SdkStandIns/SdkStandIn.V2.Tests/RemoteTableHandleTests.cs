using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;
using SpacetimeDB.Types;

namespace SdkStandIn.V2.Tests;

[TestClass]
public sealed class RemoteTableHandleTests
{
    [TestMethod]
    public void DealDamage_OwnCall_UpdateThenEventInsertThenReducerCallback()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM damage_event" });
        conn.Reducers.CreatePlayer("alice");
        conn.FrameTick();
        var id = conn.Db.Player.Iter().GetEnumerator();
        Assert.IsTrue(id.MoveNext());
        var player = id.Current;
        var order = new List<string>();
        conn.Db.Player.OnUpdate += (ctx, oldRow, newRow) => order.Add($"update {oldRow.Score}->{newRow.Score} {ctx.Event.GetType().Name}");
        conn.Db.Player.OnInsert += (_, _) => order.Add("insert");
        conn.Db.Player.OnDelete += (_, _) => order.Add("delete");
        conn.Db.DamageEvent.OnInsert += (ctx, row) => order.Add($"damage {row.Amount} {ctx.Event.GetType().Name}");
        conn.Reducers.OnDealDamage += (_, _, amount) => order.Add($"reducer {amount}");
        conn.Reducers.DealDamage(player.Id, 30);
        conn.FrameTick();
        // Per table in message order (player was subscribed first), then the reducer callback.
        Assert.AreEqual("update 100->70 Reducer|damage 30 Reducer|reducer 30", string.Join("|", order));
        Assert.AreEqual(0, conn.Db.DamageEvent.Count, "event tables are never cached");
        Assert.AreEqual(70u, conn.Db.Player.Id.Find(player.Id)!.Score);
    }

    [TestMethod]
    public void EventTable_OtherClientsCall_InsertWithTransactionEvent()
    {
        using var kit = new TestKit();
        var caller = kit.ConnectSubscribed();
        caller.Reducers.CreatePlayer("alice");
        caller.FrameTick();
        var observer = kit.Connect();
        observer.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM damage_event" });
        observer.FrameTick();
        Event<Reducer>? seen = null;
        observer.Db.DamageEvent.OnInsert += (ctx, _) => seen = ctx.Event;
        foreach (var p in caller.Db.Player.Iter())
        {
            caller.Reducers.DealDamage(p.Id, 5);
        }

        observer.FrameTick();
        Assert.IsInstanceOfType<Event<Reducer>.Transaction>(seen);
        Assert.AreEqual(0, observer.Db.DamageEvent.Count);
    }

    [TestMethod]
    public void Delete_BeforeDeleteSeesRowCachedAndDeleteSeesItGone()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        conn.Reducers.CreatePlayer("alice");
        conn.FrameTick();
        var counts = new List<string>();
        conn.Db.Player.OnBeforeDelete += (ctx, _) => counts.Add($"before {conn.Db.Player.Count} {ctx.Event.GetType().Name}");
        conn.Db.Player.OnDelete += (_, _) => counts.Add($"delete {conn.Db.Player.Count}");
        kit.Server.Database(TestKit.Database).Table("player").DeleteByKey(1UL);
        conn.FrameTick();
        CollectionAssert.AreEqual(new[] { "before 1 Transaction", "delete 0" }, counts);
    }

    [TestMethod]
    public void OverlappingSubscriptions_RowsAreReferenceCounted()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        var inserts = 0;
        var deletes = 0;
        conn.Db.Player.OnInsert += (_, _) => inserts++;
        conn.Db.Player.OnDelete += (_, _) => deletes++;
        kit.Server.Database(TestKit.Database).Table("player").Insert(new Stdb.Compat.Testing.Bsatn.SimRow(0UL, "alice", 1u, null));
        var first = conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
        var second = conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM \"player\"" });
        conn.FrameTick();
        Assert.AreEqual(1, inserts);
        Assert.AreEqual(1, conn.Db.Player.Count);
        first.Unsubscribe();
        conn.FrameTick();
        Assert.AreEqual(0, deletes);
        Assert.AreEqual(1, conn.Db.Player.Count);
        second.Unsubscribe();
        conn.FrameTick();
        Assert.AreEqual(1, deletes);
        Assert.AreEqual(0, conn.Db.Player.Count);
    }

    [TestMethod]
    public void OnInsert_Listeners_DeduplicatedLastRegisteredFirstSwapRemove()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        var order = new List<string>();
        RemoteTables.PlayerHandle.RowEventHandler a = (_, _) => order.Add("a");
        RemoteTables.PlayerHandle.RowEventHandler b = (_, _) => order.Add("b");
        RemoteTables.PlayerHandle.RowEventHandler c = (_, _) => order.Add("c");
        RemoteTables.PlayerHandle.RowEventHandler d = (_, _) => order.Add("d");
        conn.Db.Player.OnInsert += a;
        conn.Db.Player.OnInsert += b;
        conn.Db.Player.OnInsert += a;
        conn.Db.Player.OnInsert += c;
        conn.Db.Player.OnInsert += d;
        conn.Db.Player.OnInsert -= a; // [a,b,c,d] -> [d,b,c]
        conn.Reducers.CreatePlayer("alice");
        conn.FrameTick();
        CollectionAssert.AreEqual(new[] { "c", "b", "d" }, order);
    }

    [TestMethod]
    public void OnInsert_HandlerThrows_LoggedAndRestOfThatRowSkipped()
    {
        using var kit = new TestKit();
        var conn = kit.ConnectSubscribed();
        var calls = new List<string>();
        conn.Db.Player.OnInsert += (_, row) => calls.Add("first " + row.Username);
        conn.Db.Player.OnInsert += (_, _) => throw new InvalidOperationException("row handler failed");
        conn.Reducers.CreatePlayer("alice");
        conn.FrameTick();
        Assert.AreEqual(0, calls.Count);
        Assert.IsTrue(kit.Logger.Exceptions.Exists(e => e.Message == "row handler failed"));
        Assert.AreEqual(1, conn.Db.Player.Count);
    }

    [TestMethod]
    public void SubscriptionApplied_RowsCarrySubscribeAppliedAndIndexFinds()
    {
        using var kit = new TestKit();
        kit.Server.Database(TestKit.Database).Table("player").Insert(new Stdb.Compat.Testing.Bsatn.SimRow(0UL, "alice", 1u, "Al"));
        var conn = kit.Connect();
        Event<Reducer>? seen = null;
        conn.Db.Player.OnInsert += (ctx, _) => seen = ctx.Event;
        conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
        conn.FrameTick();
        Assert.IsInstanceOfType<Event<Reducer>.SubscribeApplied>(seen);
        Assert.AreEqual("Al", conn.Db.Player.Id.Find(1UL)!.DisplayName);
        Assert.IsNull(conn.Db.Player.Id.Find(2UL));
    }

    [TestMethod]
    public void RemoteTableName_IsPublicIn2x()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        Assert.AreEqual("player", conn.Db.Player.RemoteTableName);
        Assert.AreEqual("damage_event", conn.Db.DamageEvent.RemoteTableName);
    }
}
