using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Tables;

/// <summary>The rows of one table as the app last saw them.</summary>
internal abstract class RowStore<TRow>
    where TRow : class
{
    public abstract int Count { get; }

    public abstract bool HasPrimaryKey { get; }

    public abstract void Insert(TRow row);

    public abstract void Update(TRow oldRow, TRow newRow);

    public abstract bool Delete(TRow row);

    public abstract void CopyTo(List<TRow> destination);

    public abstract bool TryFind<TKey>(TKey key, out TRow row)
        where TKey : notnull;

    public abstract void Clear();
}

/// <summary>Rows keyed by primary key.</summary>
internal sealed class KeyedRowStore<TRow, TKey> : RowStore<TRow>
    where TRow : class
    where TKey : notnull
{
    private readonly DriverTable<TRow, TKey> _table;
    private readonly Dictionary<TKey, TRow> _rows = new();

    public KeyedRowStore(DriverTable<TRow, TKey> table) => _table = table;

    public override int Count => _rows.Count;

    public override bool HasPrimaryKey => true;

    public override void Insert(TRow row) => _rows[_table.GetKey(row)] = row;

    public override void Update(TRow oldRow, TRow newRow)
    {
        var oldKey = _table.GetKey(oldRow);
        var newKey = _table.GetKey(newRow);
        if (!EqualityComparer<TKey>.Default.Equals(oldKey, newKey))
        {
            _rows.Remove(oldKey);
        }

        _rows[newKey] = newRow;
    }

    public override bool Delete(TRow row) => _rows.Remove(_table.GetKey(row));

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

    public override void Clear() => _rows.Clear();
}

/// <summary>Rows of a table without a primary key, identified by value (the SDK ref-counts duplicates itself).</summary>
internal sealed class ValueRowStore<TRow> : RowStore<TRow>
    where TRow : class
{
    private readonly string _name;
    private readonly HashSet<TRow> _rows = new();

    public ValueRowStore(string name) => _name = name;

    public override int Count => _rows.Count;

    public override bool HasPrimaryKey => false;

    public override void Insert(TRow row) => _rows.Add(row);

    public override void Update(TRow oldRow, TRow newRow)
    {
        _rows.Remove(oldRow);
        _rows.Add(newRow);
    }

    public override bool Delete(TRow row) => _rows.Remove(row);

    public override void CopyTo(List<TRow> destination) => destination.AddRange(_rows);

    public override bool TryFind<TKey>(TKey key, out TRow row) =>
        throw new InvalidOperationException($"Table '{_name}' has no primary key; look rows up through Snapshot().");

    public override void Clear() => _rows.Clear();
}
