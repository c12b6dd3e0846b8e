using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Tables;

[TestClass]
public sealed partial class TableViewTests
{
    [TestMethod]
    public async Task OnUpdate_KeyedTable_ReplacesRowAndRaisesUpdatedWithOldRow()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var view = h.Client.Table<Player>();
        RowChange<Player>? change = null;
        view.Updated += c => change = c;

        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueUpdate(FakeDriver.PlayerTable, Ev.Transaction, new Player(1, "a", 100), new Player(1, "a", 90));
        h.Client.FrameTick();

        Assert.AreEqual(1, view.Count);
        Assert.IsTrue(view.TryFind(1UL, out var row));
        Assert.AreEqual(90u, row.Score);
        Assert.AreEqual(100u, change!.Value.OldRow!.Score);
        Assert.AreEqual(RowChangeKind.Update, change.Value.Kind);
    }

    [TestMethod]
    public async Task OnDelete_RemovesRow()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var view = h.Client.Table<Player>();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueDelete(FakeDriver.PlayerTable, Ev.Transaction, new Player(1, "a", 100));
        h.Client.FrameTick();
        Assert.AreEqual(0, view.Count);
        Assert.IsFalse(view.TryFind(1UL, out _));
    }

    [TestMethod]
    public void TryFind_WrongKeyType_ThrowsNamingTheKey()
    {
        var h = new ClientHarness();
        var error = Assert.ThrowsExactly<ArgumentException>(() => h.Client.Table<Player>().TryFind(1, out _));
        StringAssert.Contains(error.Message, "UInt64");
    }

    [TestMethod]
    public async Task Snapshot_IsACopy()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Client.FrameTick();
        var snapshot = h.Client.Table<Player>().Snapshot();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 100));
        h.Client.FrameTick();
        Assert.AreEqual(1, snapshot.Count);
        Assert.AreEqual(2, h.Client.Table<Player>().Snapshot().Count);
        Assert.IsTrue(h.Client.Table<Player>().HasPrimaryKey);
        Assert.AreEqual("player", h.Client.Table<Player>().Name);
        Assert.AreEqual(1UL, snapshot.Single().Id);
    }

    [TestMethod]
    public async Task Reconcile_AfterReconnect_FiresOnlyTheChangesThatHappenedWhileAway()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var view = h.Client.Table<Player>();
        h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(3, "c", 100));
        h.Session.QueueApplied(0);
        h.Client.FrameTick();
        var unchanged = view.Snapshot().Single(p => p.Id == 1);
        var changes = new List<RowChange<Player>>();
        view.Inserted += changes.Add;
        view.Updated += changes.Add;
        view.Deleted += changes.Add;

        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        Assert.AreEqual(3, view.Count, "rows stay while reconnecting: no emptied view");
        h.Session.QueueConnected();
        h.Client.FrameTick();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100)); // unchanged
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 50));  // changed
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(4, "d", 100)); // new
        h.Client.FrameTick();
        Assert.AreEqual(2, changes.Count, "the absent row is deleted only once the subscription has applied");
        h.Session.QueueApplied(0);
        h.Client.FrameTick();

        Assert.AreEqual(3, changes.Count);
        Assert.AreEqual(RowChangeKind.Update, changes[0].Kind);
        Assert.AreEqual(100u, changes[0].OldRow!.Score);
        Assert.AreEqual(RowChangeKind.Insert, changes[1].Kind);
        Assert.AreEqual(4UL, changes[1].Row.Id);
        Assert.AreEqual(RowChangeKind.Delete, changes[2].Kind);
        Assert.AreEqual(3UL, changes[2].Row.Id);
        Assert.IsTrue(changes.All(c => c.Origin == RowOrigin.Subscription));
        Assert.AreSame(unchanged, view.Snapshot().Single(p => p.Id == 1));
        CollectionAssert.AreEquivalent(new ulong[] { 1, 2, 4 }, view.Snapshot().Select(p => p.Id).ToArray());
    }

    [TestMethod]
    public async Task Reconcile_UnsubscribedWhileAway_DeletesTheRowsAtReconnect()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var view = h.Client.Table<Player>();
        var subscription = h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueApplied(0);
        h.Client.FrameTick();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        var removing = subscription.UnsubscribeAsync();
        h.Client.FrameTick();
        await removing;
        var deleted = 0;
        view.Deleted += _ => deleted++;

        h.Session.QueueConnected();
        h.Client.FrameTick();
        Assert.AreEqual(1, deleted);
        Assert.AreEqual(0, view.Count);
    }
}
