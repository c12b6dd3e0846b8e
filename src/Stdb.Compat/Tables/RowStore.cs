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
/// The rows of one table as the app last saw them. Every row carries the epoch in which it was last confirmed by the
/// server; a reconnect starts a new epoch, replayed rows confirm themselves, and a sweep removes the rest. Confirming
/// an unchanged row allocates nothing.
/// </summary>
internal abstract class RowStore<TRow>
    where TRow : class
{
    protected int Epoch { get; private set; }

    public abstract int Count { get; }

    public abstract bool HasPrimaryKey { get; }

    public abstract void Insert(TRow row);

    public abstract void Update(TRow oldRow, TRow newRow);

    public abstract bool Delete(TRow row);

    /// <summary>Confirms a replayed row: unchanged rows are only marked; <paramref name="previous"/> is the replaced row of an update.</summary>
    public abstract ReconcileResult Reconcile(TRow row, out TRow? previous);

    /// <summary>Removes every row not confirmed in the current epoch, adding them to <paramref name="removed"/>.</summary>
    public abstract void Sweep(List<TRow> removed);

    public abstract void CopyTo(List<TRow> destination);

    public abstract bool TryFind<TKey>(TKey key, out TRow row)
        where TKey : notnull;

    /// <summary>Starts a new epoch: every row is unconfirmed until replayed again.</summary>
    public void NextEpoch() => Epoch++;
}

/// <summary>Rows keyed by primary key.</summary>
internal sealed class KeyedRowStore<TRow, TKey> : RowStore<TRow>
    where TRow : class
    where TKey : notnull
{
    private readonly DriverTable<TRow, TKey> _table;
    private readonly Dictionary<TKey, Slot> _rows = new();
    private readonly List<TKey> _stale = new();

    public KeyedRowStore(DriverTable<TRow, TKey> table) => _table = table;

    public override int Count => _rows.Count;

    public override bool HasPrimaryKey => true;

    public override void Insert(TRow row) => _rows[_table.GetKey(row)] = new Slot(row, Epoch);

    public override void Update(TRow oldRow, TRow newRow)
    {
        var oldKey = _table.GetKey(oldRow);
        var newKey = _table.GetKey(newRow);
        if (!EqualityComparer<TKey>.Default.Equals(oldKey, newKey))
        {
            _rows.Remove(oldKey);
        }

        _rows[newKey] = new Slot(newRow, Epoch);
    }

    public override bool Delete(TRow row) => _rows.Remove(_table.GetKey(row));

    public override ReconcileResult Reconcile(TRow row, out TRow? previous)
    {
        var key = _table.GetKey(row);
        if (_rows.TryGetValue(key, out var slot))
        {
            if (EqualityComparer<TRow>.Default.Equals(slot.Row, row))
            {
                previous = null;
                _rows[key] = new Slot(slot.Row, Epoch); // Keep the instance the app already holds.
                return ReconcileResult.Unchanged;
            }

            previous = slot.Row;
            _rows[key] = new Slot(row, Epoch);
            return ReconcileResult.Updated;
        }

        previous = null;
        _rows[key] = new Slot(row, Epoch);
        return ReconcileResult.Inserted;
    }

    public override void Sweep(List<TRow> removed)
    {
        foreach (var pair in _rows)
        {
            if (pair.Value.Epoch != Epoch)
            {
                _stale.Add(pair.Key);
                removed.Add(pair.Value.Row);
            }
        }

        foreach (var key in _stale)
        {
            _rows.Remove(key);
        }

        _stale.Clear();
    }

    public override void CopyTo(List<TRow> destination)
    {
        foreach (var slot in _rows.Values)
        {
            destination.Add(slot.Row);
        }
    }

    public override bool TryFind<TLookup>(TLookup key, out TRow row)
    {
        if (typeof(TLookup) != typeof(TKey))
        {
            throw new ArgumentException(
                $"Table '{_table.WireName}' is keyed by {typeof(TKey).Name} ({_table.PrimaryKey}), not {typeof(TLookup).Name}.",
                nameof(key));
        }

        if (_rows.TryGetValue((TKey)(object)key, out var slot))
        {
            row = slot.Row;
            return true;
        }

        row = null!;
        return false;
    }

    private readonly struct Slot
    {
        public Slot(TRow row, int epoch)
        {
            Row = row;
            Epoch = epoch;
        }

        public TRow Row { get; }

        public int Epoch { get; }
    }
}

/// <summary>Rows of a table without a primary key, identified by value (the SDK ref-counts duplicates itself).</summary>
internal sealed class ValueRowStore<TRow> : RowStore<TRow>
    where TRow : class
{
    private readonly string _name;
    private readonly Dictionary<TRow, int> _rows = new();
    private readonly List<TRow> _stale = new();

    public ValueRowStore(string name) => _name = name;

    public override int Count => _rows.Count;

    public override bool HasPrimaryKey => false;

    public override void Insert(TRow row) => _rows[row] = Epoch;

    public override void Update(TRow oldRow, TRow newRow)
    {
        _rows.Remove(oldRow);
        _rows[newRow] = Epoch;
    }

    public override bool Delete(TRow row) => _rows.Remove(row);

    public override ReconcileResult Reconcile(TRow row, out TRow? previous)
    {
        previous = null;
        var known = _rows.ContainsKey(row);
        _rows[row] = Epoch; // An existing equal key keeps its original instance.
        return known ? ReconcileResult.Unchanged : ReconcileResult.Inserted;
    }

    public override void Sweep(List<TRow> removed)
    {
        foreach (var pair in _rows)
        {
            if (pair.Value != Epoch)
            {
                _stale.Add(pair.Key);
            }
        }

        foreach (var row in _stale)
        {
            _rows.Remove(row);
            removed.Add(row);
        }

        _stale.Clear();
    }

    public override void CopyTo(List<TRow> destination) => destination.AddRange(_rows.Keys);

    public override bool TryFind<TKey>(TKey key, out TRow row) =>
        throw new InvalidOperationException($"Table '{_name}' has no primary key; look rows up through Snapshot().");
}
