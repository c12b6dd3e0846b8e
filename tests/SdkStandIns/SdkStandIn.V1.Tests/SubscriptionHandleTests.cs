using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;
using SpacetimeDB.Types;

namespace SdkStandIn.V1.Tests;

[TestClass]
public sealed class SubscriptionHandleTests
{
    [TestMethod]
    public void SubscribeToAllTables_Legacy_AppliesRowsWithSubscribeApplied()
    {
        using var kit = new TestKit();
        kit.Server.Database(TestKit.Database).Table("Player").Insert(new Stdb.Compat.Testing.Bsatn.SimRow(0UL, "alice", 5u));
        var conn = kit.Connect();
        var applied = 0;
        Event<Reducer>? seen = null;
        conn.Db.Player.OnInsert += (ctx, _) => seen = ctx.Event;
        conn.SubscriptionBuilder().OnApplied(_ => applied++).SubscribeToAllTables();
        conn.FrameTick();
        Assert.AreEqual(1, applied);
        Assert.IsInstanceOfType<Event<Reducer>.SubscribeApplied>(seen);
        Assert.AreEqual(1, conn.Db.Player.Count);
    }

    [TestMethod]
    public void LegacyHandle_ActiveButNeverUnsubscribable()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        var handle = new SubscriptionHandle(conn, null, new[] { "SELECT * FROM *" });
        conn.FrameTick();
        Assert.IsTrue(handle.IsActive);
        var error = Assert.ThrowsExactly<Exception>(() => handle.Unsubscribe());
        Assert.AreEqual("Cannot unsubscribe from inactive subscription.", error.Message);
    }

    [TestMethod]
    public void UnsubscribeThen_DroppedRowsDeletedWithUnsubscribeApplied()
    {
        using var kit = new TestKit();
        kit.Server.Database(TestKit.Database).Table("Player").Insert(new Stdb.Compat.Testing.Bsatn.SimRow(0UL, "alice", 5u));
        var conn = kit.Connect();
        var handle = conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM Player" });
        conn.FrameTick();
        Event<Reducer>? seen = null;
        var ended = false;
        conn.Db.Player.OnDelete += (ctx, _) => seen = ctx.Event;
        handle.UnsubscribeThen(_ => ended = true);
        conn.FrameTick();
        Assert.IsInstanceOfType<Event<Reducer>.UnsubscribeApplied>(seen);
        Assert.IsTrue(ended);
        Assert.IsTrue(handle.IsEnded);
        Assert.AreEqual(0, conn.Db.Player.Count);
    }
}
