using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;
using SpacetimeDB.Types;

namespace SdkStandIn.V2.Tests;

[TestClass]
public sealed class SubscriptionHandleTests
{
    [TestMethod]
    public void UnsubscribeThen_Active_DeletesThenEndedThenStateEnded()
    {
        using var kit = new TestKit();
        kit.Server.Database(TestKit.Database).Table("player").Insert(new Stdb.Compat.Testing.Bsatn.SimRow(0UL, "alice", 1u, null));
        var conn = kit.Connect();
        var handle = conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
        Assert.IsFalse(handle.IsActive, "pending until applied");
        conn.FrameTick();
        Assert.IsTrue(handle.IsActive);
        var order = new List<string>();
        conn.Db.Player.OnDelete += (ctx, _) => order.Add("delete " + ctx.Event.GetType().Name);
        handle.UnsubscribeThen(_ => order.Add("ended " + handle.IsEnded));
        var again = Assert.Throws<Exception>(() => handle.Unsubscribe());
        Assert.AreEqual("Unsubscribe already called.", again.Message);
        conn.FrameTick();
        Assert.IsTrue(handle.IsEnded);
        Assert.IsFalse(handle.IsActive);
        var inactive = Assert.Throws<Exception>(() => handle.Unsubscribe());
        Assert.AreEqual("Cannot unsubscribe from inactive subscription.", inactive.Message);
        CollectionAssert.AreEqual(new[] { "delete UnsubscribeApplied", "ended False" }, order);
    }

    [TestMethod]
    public void OnError_BadQuery_ErrorTextAndEnded()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        string? text = null;
        var handle = conn.SubscriptionBuilder().OnError((ctx, e) => text = ctx.Event.Message + "|" + e.Message).Subscribe(new[] { "SELECT * FROM nope" });
        conn.FrameTick();
        Assert.IsNotNull(text);
        StringAssert.StartsWith(text, "no such table: `nope`");
        Assert.IsTrue(handle.IsEnded);
    }

    [TestMethod]
    public void Subscribe_NotConnected_LogsAndStaysPending()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        conn.Disconnect();
        var handle = conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
        conn.FrameTick();
        Assert.IsFalse(handle.IsActive);
        Assert.IsFalse(handle.IsEnded);
        CollectionAssert.Contains(kit.Logger.Errors, "Cannot subscribe, not connected to server!");
        Assert.ThrowsExactly<Exception>(() => handle.Unsubscribe());
    }

    [TestMethod]
    public void SubscribeToAllTables_ReturnsHandleIncludingEventTables()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        var applied = 0;
        var handle = conn.SubscriptionBuilder().OnApplied(_ => applied++).OnApplied(_ => applied++).SubscribeToAllTables();
        conn.FrameTick();
        Assert.AreEqual(2, applied, "OnApplied accumulates");
        Assert.IsTrue(handle.IsActive);
        var damage = 0;
        conn.Db.DamageEvent.OnInsert += (_, _) => damage++;
        conn.Reducers.CreatePlayer("alice");
        conn.FrameTick();
        conn.Reducers.DealDamage(1, 1);
        conn.FrameTick();
        Assert.AreEqual(1, damage);
        Assert.AreEqual(1, conn.Db.Player.Count);
    }

    [TestMethod]
    public void OnApplied_HandlerThrows_CaughtAndLogged()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        var handle = conn.SubscriptionBuilder().OnApplied(_ => throw new InvalidOperationException("applied failed")).Subscribe(new[] { "SELECT * FROM player" });
        conn.FrameTick();
        Assert.IsTrue(handle.IsActive);
        Assert.IsTrue(kit.Logger.Exceptions.Exists(e => e.Message == "applied failed"));
    }
}
