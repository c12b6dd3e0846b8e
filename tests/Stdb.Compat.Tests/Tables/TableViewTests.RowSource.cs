using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Tables;

/// <summary>Sessions that list the SDK's cache: the view keeps a copy only where a feature needs one.</summary>
public sealed partial class TableViewTests
{
    [TestMethod]
    public async Task OnInsert_SessionListsRowsAndAppNeverReads_KeepsNoCopy()
    {
        var h = await ConnectListingRowsAsync();
        var view = (TableView<Player>)h.Client.Table<Player>();
        var seen = new List<ulong>();
        view.Inserted += c => seen.Add(c.Row.Id);
        var listings = h.Session.RowListings;

        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(2, "b", 100));
        h.Client.FrameTick();

        CollectionAssert.AreEqual(new ulong[] { 1, 2 }, seen);
        Assert.IsFalse(view.KeepsRows);
        Assert.AreEqual(listings, h.Session.RowListings, "only the probe at attach listed the cache");
    }

    [TestMethod]
    public async Task SnapshotForFeature_RowsOnlyInTheSdkCache_ReturnsThemAndKeepsNoCopy()
    {
        var h = await ConnectListingRowsAsync();
        var view = (TableView<Player>)h.Client.Table<Player>();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 100));
        h.Client.FrameTick();

        var rows = view.SnapshotForFeature();

        CollectionAssert.AreEquivalent(new ulong[] { 1, 2 }, rows.Select(p => p.Id).ToArray());
        Assert.IsFalse(view.KeepsRows, "a model view filling itself is no app read: the generated view keeps no copy because of it");
    }

    [TestMethod]
    public async Task Count_FirstReadBetweenTicks_CopiesTheSdkCacheOnceThenKeepsItCurrent()
    {
        var h = await ConnectListingRowsAsync();
        var view = (TableView<Player>)h.Client.Table<Player>();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 100));
        h.Client.FrameTick();
        var listings = h.Session.RowListings;

        Assert.AreEqual(2, view.Count);
        h.Session.QueueDelete(FakeDriver.PlayerTable, Ev.Transaction, new Player(1, "a", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(3, "c", 100));
        h.Client.FrameTick();

        Assert.IsTrue(view.KeepsRows);
        Assert.AreEqual(listings + 1, h.Session.RowListings);
        CollectionAssert.AreEquivalent(new ulong[] { 2, 3 }, view.Snapshot().Select(p => p.Id).ToArray());
        Assert.IsTrue(view.TryFind(3UL, out var found));
        Assert.AreEqual("c", found.Name);
    }

    [TestMethod]
    public async Task Count_FirstReadInsideAHandler_CopiesOnThePumpThread()
    {
        var h = await ConnectListingRowsAsync();
        var view = h.Client.Table<Player>();
        var counts = new List<int>();
        view.Inserted += _ => counts.Add(view.Count);

        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 100));
        h.Client.FrameTick();

        CollectionAssert.AreEqual(new[] { 1, 2 }, counts);
    }

    [TestMethod]
    public async Task Count_FirstReadFromAnotherThread_CopiesAsPumpWork()
    {
        var h = await ConnectListingRowsAsync();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Client.FrameTick();

        var count = await Task.Run(() => h.Client.Table<Player>().Count);

        Assert.AreEqual(1, count);
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Transaction, new Player(2, "b", 100));
        h.Client.FrameTick(); // The reader released the pump: this tick runs.
        Assert.AreEqual(2, h.Client.Table<Player>().Count);
    }

    [TestMethod]
    public async Task Reconcile_AfterReconnectWithoutACopy_ComparesWithThePreviousSessionsRowsThenDropsTheCopy()
    {
        var h = await ConnectListingRowsAsync();
        var view = (TableView<Player>)h.Client.Table<Player>();
        h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 100));
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(3, "c", 100));
        h.Session.QueueApplied(0);
        h.Client.FrameTick();
        Assert.IsFalse(view.KeepsRows);
        var changes = new List<RowChange<Player>>();
        view.Inserted += changes.Add;
        view.Updated += changes.Add;
        view.Deleted += changes.Add;

        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        h.Session.QueueConnected();
        h.Client.FrameTick();
        Assert.IsTrue(view.KeepsRows, "the previous connection's rows are copied to reconcile against");
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100)); // unchanged
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(2, "b", 50));  // changed
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(4, "d", 100)); // new
        h.Session.QueueApplied(0);
        h.Client.FrameTick();

        Assert.AreEqual(3, changes.Count);
        Assert.AreEqual(RowChangeKind.Update, changes[0].Kind);
        Assert.AreEqual(RowChangeKind.Insert, changes[1].Kind);
        Assert.AreEqual(4UL, changes[1].Row.Id);
        Assert.AreEqual(RowChangeKind.Delete, changes[2].Kind);
        Assert.AreEqual(3UL, changes[2].Row.Id);
        Assert.IsFalse(view.KeepsRows, "no feature needs the copy once reconciled");
        CollectionAssert.AreEquivalent(new ulong[] { 1, 2, 4 }, view.Snapshot().Select(p => p.Id).ToArray());
    }

    [TestMethod]
    public async Task Attach_SessionDoesNotListRows_KeepsTheCopy()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        h.Session.QueueInsert(FakeDriver.PlayerTable, Ev.Applied, new Player(1, "a", 100));
        h.Client.FrameTick();

        Assert.IsTrue(((TableView<Player>)h.Client.Table<Player>()).KeepsRows);
        Assert.AreEqual(0, h.Session.RowListings);
    }

    private static async Task<ClientHarness> ConnectListingRowsAsync()
    {
        var driver = new FakeDriver(2) { SessionsListRows = true };
        var h = new ClientHarness(driver: driver);
        await h.ConnectAsync();
        return h;
    }
}
