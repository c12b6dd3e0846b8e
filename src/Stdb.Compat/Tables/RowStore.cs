using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Tables;

/// <summary>What reconciling one replayed row against the store found.</summary>
internal enum ReconcileResult
{
    /// <summary>The same row is already there: nothing to tell the app.</summary>
    Unchanged,

    /// <summary>A row with the same key changed (keyed tables).</summary>
    Updated,

    /// <summary>A new row.</summary>
    Inserted,
}

/// <summary>
/// The rows of one table as the app last saw them. A reconnect starts a new epoch: from then until the sweep, the store
/// remembers which rows the server confirmed (replayed, inserted or updated), and the sweep removes the rest. Outside
/// reconciliation the store holds the rows and nothing else (no per-row epoch), so its only steady cost is one
/// dictionary entry per row; confirming an unchanged row allocates nothing once the confirmation set has grown.
/// </summary>
internal abstract class RowStore<TRow>
    where TRow : class
{
    public abstract int Count { get; }

    public abstract bool HasPrimaryKey { get; }

    public abstract void Insert(TRow row);

    public abstract void Update(TRow oldRow, TRow newRow);

    public abstract bool Delete(TRow row);

    /// <summary>Confirms a replayed row: unchanged rows are only marked; <paramref name="previous"/> is the replaced row of an update.</summary>
    public abstract ReconcileResult Reconcile(TRow row, out TRow? previous);

    /// <summary>Removes every row not confirmed since <see cref="NextEpoch"/>, adding them to <paramref name="removed"/>; ends the epoch.</summary>
    public abstract void Sweep(List<TRow> removed);

    public abstract void CopyTo(List<TRow> destination);

    public abstract bool TryFind<TKey>(TKey key, out TRow row)
        where TKey : notnull;

    /// <summary>Starts a new epoch: every row is unconfirmed until replayed (or inserted or updated) again.</summary>
    public abstract void NextEpoch();
}

/// <summary>Rows keyed by primary key.</summary>
internal sealed class KeyedRowStore<TRow, TKey> : RowStore<TRow>
    where TRow : class
    where TKey : notnull
{
    private readonly DriverTable<TRow, TKey> _table;
    private readonly Dictionary<TKey, TRow> _rows = new();
    private readonly List<TKey> _stale = new();

    /// <summary>Keys confirmed in the current epoch; null outside reconciliation.</summary>
    private HashSet<TKey>? _confirmed;

    public KeyedRowStore(DriverTable<TRow, TKey> table) => _table = table;

    public override int Count => _rows.Count;

    public override bool HasPrimaryKey => true;

    public override void Insert(TRow row)
    {
        var key = _table.GetKey(row);
        _rows[key] = row;
        _confirmed?.Add(key);
    }

    public override void Update(TRow oldRow, TRow newRow)
    {
        var oldKey = _table.GetKey(oldRow);
        var newKey = _table.GetKey(newRow);
        if (!EqualityComparer<TKey>.Default.Equals(oldKey, newKey))
        {
            _rows.Remove(oldKey);
        }

        _rows[newKey] = newRow;
        _confirmed?.Add(newKey);
    }

    public override bool Delete(TRow row) => _rows.Remove(_table.GetKey(row));

    public override ReconcileResult Reconcile(TRow row, out TRow? previous)
    {
        var key = _table.GetKey(row);
        _confirmed?.Add(key);
        if (_rows.TryGetValue(key, out var known))
        {
            if (EqualityComparer<TRow>.Default.Equals(known, row))
            {
                previous = null;
                return ReconcileResult.Unchanged; // Keep the instance the app already holds.
            }

            previous = known;
            _rows[key] = row;
            return ReconcileResult.Updated;
        }

        previous = null;
        _rows[key] = row;
        return ReconcileResult.Inserted;
    }

    public override void NextEpoch()
    {
        if (_confirmed is null)
        {
            _confirmed = new HashSet<TKey>(_rows.Count); // One allocation per reconnect, sized to the replay.
        }
        else
        {
            _confirmed.Clear();
        }
    }

    public override void Sweep(List<TRow> removed)
    {
        var confirmed = _confirmed;
        if (confirmed is null)
        {
            return;
        }

        foreach (var pair in _rows)
        {
            if (!confirmed.Contains(pair.Key))
            {
                _stale.Add(pair.Key);
                removed.Add(pair.Value);
            }
        }

        foreach (var key in _stale)
        {
            _rows.Remove(key);
        }

        _stale.Clear();
        _confirmed = null; // Released: the confirmation set only lives while reconciling.
    }

    public override void CopyTo(List<TRow> destination) => destination.AddRange(_rows.Values);

    public override bool TryFind<TLookup>(TLookup key, out TRow row)
    {
        if (typeof(TLookup) != typeof(TKey))
        {
            throw new ArgumentException(
                $"Table '{_table.WireName}' is keyed by {typeof(TKey).Name} ({_table.PrimaryKey}), not {typeof(TLookup).Name}.",
                nameof(key));
        }

        return _rows.TryGetValue((TKey)(object)key, out row!);
    }
}

/// <summary>Rows of a table without a primary key, identified by value (the SDK ref-counts duplicates itself).</summary>
internal sealed class ValueRowStore<TRow> : RowStore<TRow>
    where TRow : class
{
    private readonly string _name;
    private readonly HashSet<TRow> _rows = new();
    private readonly List<TRow> _stale = new();

    /// <summary>Rows confirmed in the current epoch; null outside reconciliation.</summary>
    private HashSet<TRow>? _confirmed;

    public ValueRowStore(string name) => _name = name;

    public override int Count => _rows.Count;

    public override bool HasPrimaryKey => false;

    public override void Insert(TRow row)
    {
        _rows.Add(row); // An existing equal row keeps its original instance.
        _confirmed?.Add(row);
    }

    public override void Update(TRow oldRow, TRow newRow)
    {
        _rows.Remove(oldRow);
        _rows.Add(newRow);
        _confirmed?.Add(newRow);
    }

    public override bool Delete(TRow row) => _rows.Remove(row);

    public override ReconcileResult Reconcile(TRow row, out TRow? previous)
    {
        previous = null;
        _confirmed?.Add(row);
        return _rows.Add(row) ? ReconcileResult.Inserted : ReconcileResult.Unchanged; // An existing equal row keeps its original instance.
    }

    public override void NextEpoch()
    {
        if (_confirmed is null)
        {
            _confirmed = new HashSet<TRow>(_rows.Count); // One allocation per reconnect, sized to the replay.
        }
        else
        {
            _confirmed.Clear();
        }
    }

    public override void Sweep(List<TRow> removed)
    {
        var confirmed = _confirmed;
        if (confirmed is null)
        {
            return;
        }

        foreach (var row in _rows)
        {
            if (!confirmed.Contains(row))
            {
                _stale.Add(row);
            }
        }

        foreach (var row in _stale)
        {
            _rows.Remove(row);
            removed.Add(row);
        }

        _stale.Clear();
        _confirmed = null; // Released: the confirmation set only lives while reconciling.
    }

    public override void CopyTo(List<TRow> destination) => destination.AddRange(_rows);

    public override bool TryFind<TKey>(TKey key, out TRow row) =>
        throw new InvalidOperationException($"Table '{_name}' has no primary key; look rows up through Snapshot().");
}
