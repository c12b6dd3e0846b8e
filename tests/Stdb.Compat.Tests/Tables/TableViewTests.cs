using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Tables;

[TestClass]
public sealed class TableViewTests
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
}
