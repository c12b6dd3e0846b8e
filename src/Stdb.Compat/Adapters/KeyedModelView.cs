using System;
using System.Collections.Generic;
using System.Linq;
#if NET
using System.Runtime.InteropServices;
#endif
using System.Threading;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Adapters;

/// <summary>
/// A model view keyed by the table's primary key (the same key type on every path). It keeps no models of its own
/// unless a feature needs them: a row change is mapped and dispatched, nothing more. A store of the models exists only
/// (1) once the app has read the view (built from the generated view's rows on the first read, as pump work, then kept
/// current) and (2) during a path switch (the old path's models, taken at the switch, dropped after the sweep).
/// </summary>
/// <remarks>
/// Without a store a model is a fresh mapping wherever it appears: <see cref="RowChange{TRow}.OldRow"/> of an update is
/// the previous generated row mapped again, a deleted model is the deleted row mapped, and a first read maps the rows
/// the generated view holds. Models are equal by value to the ones handlers saw (records), not the same instances.
/// </remarks>
internal sealed partial class KeyedModelView<TModel, TKey> : ModelView<TModel>
    where TModel : class
    where TKey : notnull
{
    private readonly object _gate = new();

    /// <summary>The models; null while no feature needs them. Written under the gate (pump, or a first read holding the bound lane's pump).</summary>
    private Dictionary<TKey, TModel>? _store;

    /// <summary>Set (under the gate) by the app's first read: from then on the store is kept.</summary>
    private bool _appReads;

    /// <summary>Keys of the old path's models not yet confirmed by the new path; non-null while a switch reconciles. Under the gate.</summary>
    private HashSet<TKey>? _unconfirmed;

    /// <summary>The binding to the path in use (null before the first). Written under the gate.</summary>
    private Binding? _binding;

    public KeyedModelView(string name, ICallbackFaultSink faults)
        : base(name, faults)
    {
        AdapterCallback = name + ".RowAdapter";
    }

    /// <summary>True while the view keeps its own models (tests and benchmarks).</summary>
    internal bool KeepsModels => Volatile.Read(ref _store) is not null;

    /// <summary>The fault-report name of a row adapter that throws while a store is built.</summary>
    private string AdapterCallback { get; }

    public override int Count
    {
        get
        {
            lock (StoreForApp())
            {
                return _store!.Count;
            }
        }
    }

    public override IReadOnlyList<TModel> Snapshot()
    {
        lock (StoreForApp())
        {
            return _store!.Values.ToArray();
        }
    }

    public override bool TryFind<TFind>(TFind key, out TModel row)
    {
        if (key is not TKey typed)
        {
            throw new ArgumentException($"The primary key of {Name} is {typeof(TKey).Name}, not {typeof(TFind).Name}.", nameof(key));
        }

        lock (StoreForApp())
        {
            return _store!.TryGetValue(typed, out row!);
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
        lock (_gate)
        {
            _binding = binding;
        }

        // The rows the new path's view already holds, as inserts: while a switch reconciles, against the old path's
        // models (an unchanged model fires nothing).
        foreach (var row in binding.Rows())
        {
            binding.Seed(row);
        }

        return binding;
    }

    public override void BeginReconcile()
    {
        Binding? binding;
        lock (_gate)
        {
            binding = _store is null ? _binding : null;
        }

        // The old path's models, mapped once from its rows when none are kept (rows only the SDK's cache holds are
        // read as that lane's pump work).
        var models = new Dictionary<TKey, TModel>();
        binding?.CopyModels(models);
        lock (_gate)
        {
            var store = _store ?? models;
            Volatile.Write(ref _store, store);
            _unconfirmed = new HashSet<TKey>(store.Keys);
        }
    }

    public override void EndReconcile()
    {
        List<TModel>? gone = null;
        lock (_gate)
        {
            if (_unconfirmed is { Count: > 0 } unconfirmed && _store is { } store)
            {
                gone = new List<TModel>(unconfirmed.Count);
                foreach (var key in unconfirmed)
                {
                    gone.Add(store[key]);
                    store.Remove(key);
                }
            }

            _unconfirmed = null;
            if (!_appReads)
            {
                Volatile.Write(ref _store, null); // Swept: no feature needs the models any more.
            }
        }

        if (gone is not null)
        {
            foreach (var model in gone)
            {
                DeletedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Delete, model, null, RowOrigin.Subscription), Faults, DeletedCallback);
            }
        }
    }

    /// <summary>
    /// Marks the view as read by the app and builds the store when there is none; returns the gate to read it under
    /// (once the app reads, the store is never dropped).
    /// </summary>
    private object StoreForApp()
    {
        while (true)
        {
            Binding? binding;
            lock (_gate)
            {
                _appReads = true;
                if (_store is not null)
                {
                    return _gate;
                }

                binding = _binding;
                if (binding is null)
                {
                    Volatile.Write(ref _store, new Dictionary<TKey, TModel>()); // No path yet: no rows.
                    return _gate;
                }
            }

            BuildForApp(binding);
        }
    }

    /// <summary>The app's first read: maps the bound view's rows as that lane's pump work (no row event interleaves).</summary>
    private void BuildForApp(Binding binding) => binding.RunAsPumpWork(() =>
    {
        var models = new Dictionary<TKey, TModel>();
        binding.CopyModels(models);
        lock (_gate)
        {
            if (_store is null && _binding == binding)
            {
                Volatile.Write(ref _store, models); // Else a switch replaced the binding or built a store meanwhile: read again.
            }
        }
    });

    private void OnInserted(TKey key, TModel model, RowOrigin origin)
    {
        lock (_gate)
        {
            if (_unconfirmed is not null)
            {
                UpsertLocked(key, model, out var old, out var changed);
                Dispatch(model, old, origin, changed);
                return;
            }

            _store![key] = model;
        }

        InsertedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Insert, model, null, origin), Faults, InsertedCallback);
    }

    private void OnUpdated(TKey key, TModel model, TModel? mappedOld, RowOrigin origin)
    {
        TModel? old;
        bool changed;
        lock (_gate)
        {
            if (_unconfirmed is not null)
            {
                UpsertLocked(key, model, out old, out changed);
            }
            else
            {
                // The decision is the generated change's (old row mapped vs new), as without a store: a store built by a
                // read inside a handler may already hold this transaction's later rows.
                _store![key] = model;
                old = mappedOld;
                changed = old is null || !EqualityComparer<TModel>.Default.Equals(old, model);
            }
        }

        Dispatch(model, old, origin, changed);
    }

    private void OnDeleted<TRow>(TKey key, TRow row, Func<TRow, TModel> map, RowOrigin origin)
    {
        TModel? old;
        bool reconciling;
        lock (_gate)
        {
            reconciling = _unconfirmed is not null;
            _unconfirmed?.Remove(key);
            _store!.Remove(key, out old);
        }

        if (old is null && reconciling)
        {
            return; // Never part of the app's world.
        }

        DeletedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Delete, old ?? map(row), null, origin), Faults, DeletedCallback);
    }

    /// <summary>Under the gate: writes <paramref name="model"/> unless the store holds an equal one (then nothing changed in the app's world).</summary>
    private void UpsertLocked(TKey key, TModel model, out TModel? old, out bool changed)
    {
        var store = _store!;
        _unconfirmed?.Remove(key);
#if NET
        // One hash lookup per row change: the slot is found (or added) once and written in place.
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(store, key, out var exists);
        old = exists ? slot : null;
        changed = !exists || !EqualityComparer<TModel>.Default.Equals(old, model);
        if (changed)
        {
            slot = model;
        }
#else
        changed = !store.TryGetValue(key, out old) || !EqualityComparer<TModel>.Default.Equals(old, model);
        if (changed)
        {
            store[key] = model;
        }
#endif
    }

    private void Dispatch(TModel model, TModel? old, RowOrigin origin, bool changed)
    {
        if (!changed)
        {
            return;
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
}
