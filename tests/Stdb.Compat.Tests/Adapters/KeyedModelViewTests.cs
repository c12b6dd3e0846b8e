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

    private static (KeyedModelView<Hero, ulong> View, FakeRows Rows, RecordingFaults Faults) NewView()
    {
        var faults = new RecordingFaults();
        var table = PathWorld.V2Driver().Tables.Single(t => t.RowType == typeof(PlayerV2));
        var view = new KeyedModelView<Hero, ulong>(table.WireName, faults);
        var rows = new FakeRows();
        view.Attach(rows, table, r => new Hero(r.Id, r.Username, r.Score));
        return (view, rows, faults);
    }

    private sealed class RecordingFaults : ICallbackFaultSink
    {
        public List<string> Callbacks { get; } = new();

        public void OnCallbackFault(string callback, Exception exception) => Callbacks.Add(callback);
    }

    /// <summary>A generated view the test drives by hand.</summary>
    private sealed class FakeRows : ITableView<PlayerV2>
    {
        public event Action<RowChange<PlayerV2>>? Inserted;

        public event Action<RowChange<PlayerV2>>? Updated;

        public event Action<RowChange<PlayerV2>>? Deleted;

        public string Name => "player";

        public TableUndecodableException? Fault => null;

        public int Count => 0;

        public bool HasPrimaryKey => true;

        public IReadOnlyList<PlayerV2> Snapshot() => Array.Empty<PlayerV2>();

        public bool TryFind<TKey>(TKey key, out PlayerV2 row)
            where TKey : notnull
        {
            row = null!;
            return false;
        }

        public void Raise(RowChangeKind kind, PlayerV2 row)
        {
            var change = new RowChange<PlayerV2>(kind, row, null, RowOrigin.Subscription);
            var handlers = kind switch { RowChangeKind.Insert => Inserted, RowChangeKind.Update => Updated, _ => Deleted };
            handlers?.Invoke(change);
        }
    }
}
