using System;
using System.Collections.Generic;
using System.Threading;

namespace Stdb.Compat.Tables;

/// <content>Reads: from the view's own copy when it keeps one, else from the SDK's cache as pump work.</content>
internal sealed partial class TableView<TRow>
{
    public int Count
    {
        get
        {
            while (true)
            {
                lock (_gate)
                {
                    _appReads = true;
                    if (_store is { } store)
                    {
                        return store.Count;
                    }
                }

                MaterializeForApp();
            }
        }
    }

    public IReadOnlyList<TRow> Snapshot()
    {
        var rows = new List<TRow>();
        while (true)
        {
            lock (_gate)
            {
                _appReads = true;
                if (_store is { } store)
                {
                    store.CopyTo(rows);
                    return rows;
                }
            }

            MaterializeForApp();
        }
    }

    public bool TryFind<TKey>(TKey key, out TRow row)
        where TKey : notnull
    {
        while (true)
        {
            lock (_gate)
            {
                _appReads = true;
                if (_store is { } store)
                {
                    return store.TryFind(key, out row);
                }
            }

            MaterializeForApp();
        }
    }

    /// <summary>
    /// A snapshot for a library feature (a model view filling itself from this view): unlike <see cref="Snapshot"/>
    /// it does not count as the app reading the view, so no copy is kept because of it; rows that live only in the
    /// SDK's cache are read from it as pump work.
    /// </summary>
    internal IReadOnlyList<TRow> SnapshotForFeature()
    {
        var rows = new List<TRow>();
        lock (_gate)
        {
            if (_store is { } store)
            {
                store.CopyTo(rows);
                return rows;
            }
        }

        OnPump(() =>
        {
            if (Volatile.Read(ref _store) is { } store)
            {
                lock (_gate)
                {
                    store.CopyTo(rows);
                }
            }
            else
            {
                _source?.CopyRows(_table, rows);
            }
        });
        return rows;
    }

    /// <summary>Runs a library feature's <paramref name="work"/> as this view's pump work: no row event of this view interleaves (a model view building its store).</summary>
    internal void RunAsPumpWork(Action work) => OnPump(work);

    /// <summary>
    /// The app reads a view whose rows live only in the SDK's cache: copies them once, as pump work (the cache is
    /// pump-only).
    /// </summary>
    private void MaterializeForApp() => OnPump(Materialize);

    /// <summary>
    /// Runs <paramref name="work"/> as pump work: on the pump thread, or when no pump runs, right here; otherwise this
    /// waits for the running tick to end (a read from another thread waits at most one tick).
    /// </summary>
    private void OnPump(Action work)
    {
        if (_pump.IsHeldByCurrentThread)
        {
            work();
            return;
        }

        var spin = default(SpinWait);
        while (!_pump.TryEnter())
        {
            spin.SpinOnce();
        }

        try
        {
            work();
        }
        finally
        {
            _pump.Exit();
        }
    }

    /// <summary>Pump: builds the copy from the source's cache (an empty one without a source).</summary>
    private void Materialize()
    {
        _pump.AssertOnPump();
        if (Volatile.Read(ref _store) is not null)
        {
            return;
        }

        var store = _newStore();
        if (_source is { } source)
        {
            var rows = new List<TRow>();
            source.CopyRows(_table, rows);
            foreach (var row in rows)
            {
                store.Insert(row);
            }
        }

        lock (_gate)
        {
            Volatile.Write(ref _store, store);
        }
    }
}
