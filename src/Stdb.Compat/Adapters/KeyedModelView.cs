using System;
using System.Collections.Generic;
using System.Linq;
#if NET
using System.Runtime.InteropServices;
#endif
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Adapters;

/// <summary>A model view keyed by the table's primary key (the same key type on every path).</summary>
internal sealed class KeyedModelView<TModel, TKey> : ModelView<TModel>
    where TModel : class
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<TKey, TModel> _rows = new();
    private HashSet<TKey>? _unconfirmed;

    public KeyedModelView(string name, ICallbackFaultSink faults)
        : base(name, faults)
    {
    }

    public override int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    public override IReadOnlyList<TModel> Snapshot()
    {
        lock (_gate)
        {
            return _rows.Values.ToArray();
        }
    }

    public override bool TryFind<TFind>(TFind key, out TModel row)
    {
        if (key is not TKey typed)
        {
            throw new ArgumentException($"The primary key of {Name} is {typeof(TKey).Name}, not {typeof(TFind).Name}.", nameof(key));
        }

        lock (_gate)
        {
            return _rows.TryGetValue(typed, out row!);
        }
    }

    public override IDisposable Attach<TRow>(ITableView<TRow> rows, DriverTable table, Func<TRow, TModel> map)
    {
        FaultSource = () => rows.Fault;
        if (table is not DriverTable<TRow, TKey> keyed)
        {
            throw new InvalidOperationException($"Table {table.WireName} has no primary key of type {typeof(TKey).Name} on this path, unlike {Name} on the others.");
        }

        var binding = new Binding<TRow>(this, rows, keyed, map);
        // A model view filling itself is no app read: the generated view need not keep a copy because of it.
        foreach (var row in rows is TableView<TRow> view ? view.SnapshotForFeature() : rows.Snapshot())
        {
            Upsert(keyed.GetKey(row), map(row), RowOrigin.Subscription);
        }

        return binding;
    }

    public override void BeginReconcile()
    {
        lock (_gate)
        {
            _unconfirmed = new HashSet<TKey>(_rows.Keys);
        }
    }

    public override void EndReconcile()
    {
        List<TModel>? gone = null;
        lock (_gate)
        {
            if (_unconfirmed is { Count: > 0 } unconfirmed)
            {
                gone = new List<TModel>(unconfirmed.Count);
                foreach (var key in unconfirmed)
                {
                    gone.Add(_rows[key]);
                    _rows.Remove(key);
                }
            }

            _unconfirmed = null;
        }

        if (gone is not null)
        {
            foreach (var model in gone)
            {
                DeletedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Delete, model, null, RowOrigin.Subscription), Faults, DeletedCallback);
            }
        }
    }

    private void Upsert(TKey key, TModel model, RowOrigin origin)
    {
        TModel? old;
        lock (_gate)
        {
            _unconfirmed?.Remove(key);
#if NET
            // One hash lookup per row change: the slot is found (or added) once and written in place.
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_rows, key, out var exists);
            old = exists ? slot : null;
            if (exists && EqualityComparer<TModel>.Default.Equals(old, model))
            {
                return; // The same model: nothing changed in the app's world.
            }

            slot = model;
#else
            if (_rows.TryGetValue(key, out old) && EqualityComparer<TModel>.Default.Equals(old, model))
            {
                return; // The same model: nothing changed in the app's world.
            }

            _rows[key] = model;
#endif
        }

        if (old is null)
        {
            InsertedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Insert, model, null, origin), Faults, InsertedCallback);
        }
        else
        {
            UpdatedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Update, model, old, origin), Faults, UpdatedCallback);
        }
    }

    private void Remove(TKey key, RowOrigin origin)
    {
        TModel? old;
        lock (_gate)
        {
            if (!_rows.Remove(key, out old))
            {
                return;
            }
        }

        DeletedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Delete, old, null, origin), Faults, DeletedCallback);
    }

    private sealed class Binding<TRow> : IDisposable
        where TRow : class
    {
        private readonly ITableView<TRow> _rows;
        private readonly Action<RowChange<TRow>> _upsert;
        private readonly Action<RowChange<TRow>> _remove;

        public Binding(KeyedModelView<TModel, TKey> view, ITableView<TRow> rows, DriverTable<TRow, TKey> table, Func<TRow, TModel> map)
        {
            _rows = rows;
            _upsert = c => view.Upsert(table.GetKey(c.Row), map(c.Row), c.Origin);
            _remove = c => view.Remove(table.GetKey(c.Row), c.Origin);
            rows.Inserted += _upsert;
            rows.Updated += _upsert;
            rows.Deleted += _remove;
        }

        public void Dispose()
        {
            _rows.Inserted -= _upsert;
            _rows.Updated -= _upsert;
            _rows.Deleted -= _remove;
        }
    }
}
