using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Adapters;

[TestClass]
public sealed class KeyedModelViewTests
{
    [TestMethod]
    public void Attach_RowsInsertedUpdatedDeleted_FireModelChangesWithTheOldModel()
    {
        var (view, rows, _) = NewView();
        var seen = new List<string>();
        view.Inserted += c => seen.Add($"+{c.Row.Name}:{c.Row.Score}");
        view.Updated += c => seen.Add($"~{c.OldRow!.Score}->{c.Row.Score}");
        view.Deleted += c => seen.Add($"-{c.Row.Name}");

        rows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        rows.Raise(RowChangeKind.Update, new PlayerV2(1, "alice", 90, null));
        rows.Raise(RowChangeKind.Delete, new PlayerV2(1, "alice", 90, null));
        rows.Raise(RowChangeKind.Delete, new PlayerV2(1, "alice", 90, null));

        CollectionAssert.AreEqual(new[] { "+alice:100", "~100->90", "-alice" }, seen);
        Assert.AreEqual(0, view.Count);
    }

    [TestMethod]
    public void Attach_UpdateMapsToTheSameModel_FiresNothing()
    {
        var (view, rows, _) = NewView();
        rows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        var changes = 0;
        view.Updated += _ => changes++;

        rows.Raise(RowChangeKind.Update, new PlayerV2(1, "alice", 100, "Al")); // display_name is not in the model

        Assert.AreEqual(0, changes);
        Assert.IsTrue(view.TryFind(1UL, out var hero));
        Assert.AreEqual(new Hero(1, "alice", 100), hero);
    }

    [TestMethod]
    public void Inserted_HandlerThrows_ReportsTheViewsCallbackNameAndGoesOn()
    {
        var (view, rows, faults) = NewView();
        view.Inserted += _ => throw new InvalidOperationException("app bug");
        view.Updated += _ => throw new InvalidOperationException("app bug");

        rows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        rows.Raise(RowChangeKind.Insert, new PlayerV2(2, "bob", 100, null));
        rows.Raise(RowChangeKind.Update, new PlayerV2(2, "bob", 80, null));

        CollectionAssert.AreEqual(new[] { "player.Inserted", "player.Inserted", "player.Updated" }, faults.Callbacks);
        Assert.AreEqual(2, view.Count);
    }

    [TestMethod]
    public void Attach_AppNeverReads_KeepsNoModelsAndMapsTheOldRowForUpdated()
    {
        var (view, rows, _) = NewView();
        var olds = new List<Hero>();
        view.Updated += c => olds.Add(c.OldRow!);

        rows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        rows.Raise(RowChangeKind.Update, new PlayerV2(1, "alice", 90, null));

        Assert.IsFalse(view.KeepsModels);
        Assert.AreEqual(new Hero(1, "alice", 100), olds.Single());
    }

    [TestMethod]
    public void Count_FirstRead_BuildsTheModelsFromTheRowsAndKeepsThemCurrent()
    {
        var (view, rows, _) = NewView();
        rows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        rows.Raise(RowChangeKind.Insert, new PlayerV2(2, "bob", 100, null));

        Assert.AreEqual(2, view.Count);
        rows.Raise(RowChangeKind.Update, new PlayerV2(2, "bob", 80, null));
        rows.Raise(RowChangeKind.Delete, new PlayerV2(1, "alice", 100, null));

        Assert.IsTrue(view.KeepsModels);
        CollectionAssert.AreEqual(new[] { new Hero(2, "bob", 80) }, view.Snapshot().ToArray());
    }

    [TestMethod]
    public void Reconcile_NoModelsKept_UnchangedFireNothingChangedUpdateGoneDeleteThenDropsTheModels()
    {
        var (view, oldRows, _) = NewView();
        oldRows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        oldRows.Raise(RowChangeKind.Insert, new PlayerV2(2, "bob", 100, null));
        oldRows.Raise(RowChangeKind.Insert, new PlayerV2(3, "carol", 100, null));
        var seen = new List<string>();
        view.Inserted += c => seen.Add($"+{c.Row.Name}");
        view.Updated += c => seen.Add($"~{c.OldRow!.Name}:{c.OldRow.Score}->{c.Row.Score}");
        view.Deleted += c => seen.Add($"-{c.Row.Name}");
        var newRows = new FakeRows();
        newRows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, "Al"));

        view.BeginReconcile();
        using var binding = view.Attach(newRows, Table(), r => new Hero(r.Id, r.Username, r.Score));
        newRows.Raise(RowChangeKind.Insert, new PlayerV2(2, "bob", 70, null));
        newRows.Raise(RowChangeKind.Insert, new PlayerV2(4, "dave", 100, null));
        Assert.IsTrue(view.KeepsModels);
        view.EndReconcile();

        CollectionAssert.AreEqual(new[] { "~bob:100->70", "+dave", "-carol" }, seen);
        Assert.IsFalse(view.KeepsModels);
    }

    [TestMethod]
    public void EndReconcile_AppReadTheView_KeepsTheModels()
    {
        var (view, oldRows, _) = NewView();
        oldRows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        Assert.AreEqual(1, view.Count);
        var newRows = new FakeRows();
        newRows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));

        view.BeginReconcile();
        using var binding = view.Attach(newRows, Table(), r => new Hero(r.Id, r.Username, r.Score));
        view.EndReconcile();

        Assert.IsTrue(view.KeepsModels);
        Assert.IsTrue(view.TryFind(1UL, out var alice));
        Assert.AreEqual(new Hero(1, "alice", 100), alice);
    }

    [TestMethod]
    public void Count_ReadInsideAHandlerMidTransaction_LaterRowsOfTheTransactionStillFire()
    {
        var (view, rows, _) = NewView();
        var seen = new List<string>();
        view.Inserted += c =>
        {
            seen.Add($"+{c.Row.Name}");
            _ = view.Count; // The first read, while the SDK's cache already holds the whole transaction.
        };

        rows.ApplyInserts(new PlayerV2(1, "alice", 100, null), new PlayerV2(2, "bob", 100, null), new PlayerV2(3, "carol", 100, null));

        CollectionAssert.AreEqual(new[] { "+alice", "+bob", "+carol" }, seen);
        Assert.AreEqual(3, view.Count);
    }

    [TestMethod]
    public void Count_AdapterThrowsForARowWhileBuilding_ReportsItAndSkipsTheRow()
    {
        var (view, rows, faults) = NewView(r => r.Id == 2 ? throw new InvalidOperationException("adapter bug") : new Hero(r.Id, r.Username, r.Score));
        rows.Raise(RowChangeKind.Insert, new PlayerV2(1, "alice", 100, null));
        rows.Raise(RowChangeKind.Insert, new PlayerV2(2, "bob", 100, null), reportFaults: false);

        Assert.AreEqual(1, view.Count);
        CollectionAssert.AreEqual(new[] { "player.RowAdapter" }, faults.Callbacks);
    }

    private static (KeyedModelView<Hero, ulong> View, FakeRows Rows, RecordingFaults Faults) NewView(Func<PlayerV2, Hero>? map = null)
    {
        var faults = new RecordingFaults();
        var table = Table();
        var view = new KeyedModelView<Hero, ulong>(table.WireName, faults);
        var rows = new FakeRows();
        view.Attach(rows, table, map ?? (r => new Hero(r.Id, r.Username, r.Score)));
        return (view, rows, faults);
    }

    private static DriverTable Table() => PathWorld.V2Driver().Tables.Single(t => t.RowType == typeof(PlayerV2));

    private sealed class RecordingFaults : ICallbackFaultSink
    {
        public List<string> Callbacks { get; } = new();

        public void OnCallbackFault(string callback, Exception exception) => Callbacks.Add(callback);
    }

    /// <summary>A generated view the test drives by hand; like a real one it holds its rows, and an update carries the old row.</summary>
    private sealed class FakeRows : ITableView<PlayerV2>
    {
        private readonly Dictionary<ulong, PlayerV2> _rows = new();

        public event Action<RowChange<PlayerV2>>? Inserted;

        public event Action<RowChange<PlayerV2>>? Updated;

        public event Action<RowChange<PlayerV2>>? Deleted;

        public string Name => "player";

        public TableUndecodableException? Fault => null;

        public int Count => _rows.Count;

        public bool HasPrimaryKey => true;

        public IReadOnlyList<PlayerV2> Snapshot() => _rows.Values.ToArray();

        public bool TryFind<TKey>(TKey key, out PlayerV2 row)
            where TKey : notnull => _rows.TryGetValue((ulong)(object)key, out row!);

        /// <summary>Applies a transaction of inserts as the SDK does: every row into the cache first, then the callbacks.</summary>
        public void ApplyInserts(params PlayerV2[] inserted)
        {
            foreach (var row in inserted)
            {
                _rows[row.Id] = row;
            }

            foreach (var row in inserted)
            {
                Inserted?.Invoke(new RowChange<PlayerV2>(RowChangeKind.Insert, row, null, RowOrigin.Subscription));
            }
        }

        /// <summary>Applies a change (a delete of a row it does not hold raises nothing, as in a real view).</summary>
        public void Raise(RowChangeKind kind, PlayerV2 row, bool reportFaults = true)
        {
            _rows.TryGetValue(row.Id, out var old);
            if (kind == RowChangeKind.Delete)
            {
                if (_rows.Remove(row.Id))
                {
                    Invoke(Deleted, new RowChange<PlayerV2>(kind, row, null, RowOrigin.Subscription), reportFaults);
                }

                return;
            }

            _rows[row.Id] = row;
            Invoke(kind == RowChangeKind.Insert ? Inserted : Updated, new RowChange<PlayerV2>(kind, row, kind == RowChangeKind.Update ? old : null, RowOrigin.Subscription), reportFaults);
        }

        private static void Invoke(Action<RowChange<PlayerV2>>? handlers, RowChange<PlayerV2> change, bool reportFaults)
        {
            try
            {
                handlers?.Invoke(change);
            }
            catch (InvalidOperationException) when (!reportFaults)
            {
                // A real view reports a throwing handler to its own fault sink; not what these tests look at.
            }
        }
    }
}
