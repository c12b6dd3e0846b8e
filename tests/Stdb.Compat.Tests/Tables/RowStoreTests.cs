using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Tables;

[TestClass]
public sealed class RowStoreTests
{
    [TestMethod]
    public void Reconcile_ValueStore_UnchangedKeptChangedInsertedAndOldSwept()
    {
        var store = new ValueRowStore<DamageEvent>("damage");
        var kept = new DamageEvent(1, 1);
        store.Insert(kept);
        store.Insert(new DamageEvent(2, 2));
        store.NextEpoch();

        Assert.AreEqual(ReconcileResult.Unchanged, store.Reconcile(new DamageEvent(1, 1), out _));
        Assert.AreEqual(ReconcileResult.Inserted, store.Reconcile(new DamageEvent(2, 3), out _));
        var removed = new List<DamageEvent>();
        store.Sweep(removed);

        CollectionAssert.AreEqual(new[] { new DamageEvent(2, 2) }, removed);
        var rows = new List<DamageEvent>();
        store.CopyTo(rows);
        CollectionAssert.AreEquivalent(new[] { new DamageEvent(1, 1), new DamageEvent(2, 3) }, rows);
        Assert.IsTrue(rows.Exists(r => ReferenceEquals(r, kept)));
    }

    [TestMethod]
    public void Reconcile_KeyedStore_ChangedRowReportsThePreviousOne()
    {
        var store = new KeyedRowStore<Player, ulong>(FakeDriver.PlayerTable);
        store.Insert(new Player(1, "a", 1));
        store.NextEpoch();
        Assert.AreEqual(ReconcileResult.Updated, store.Reconcile(new Player(1, "a", 2), out var previous));
        Assert.AreEqual(1u, previous!.Score);
        var removed = new List<Player>();
        store.Sweep(removed);
        Assert.AreEqual(0, removed.Count);
        Assert.AreEqual(1, store.Count);
    }
}
