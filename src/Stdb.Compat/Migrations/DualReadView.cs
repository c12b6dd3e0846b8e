using System;
using System.Collections.Generic;
using System.Threading;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Migrations;

/// <summary>
/// A read-through view for an incremental migration: rows of the new table first, the old table as fallback by key,
/// both mapped to the app's model. <see cref="RowsServedFromOld"/> says how much is left to migrate.
/// </summary>
/// <typeparam name="TModel">The app's model.</typeparam>
/// <typeparam name="TKey">The model's key.</typeparam>
public interface IDualReadView<TModel, TKey>
    where TKey : notnull
{
    /// <summary>Rows in the union (new rows, plus old rows whose key the new table lacks).</summary>
    int Count { get; }

    /// <summary>Old rows whose key the new table does not hold yet: what is still served from the old table.</summary>
    int RowsServedFromOld { get; }

    /// <summary>Lookups through <see cref="TryFind"/> answered by the old table so far.</summary>
    long FallbackLookups { get; }

    /// <summary>The union, new rows first.</summary>
    IReadOnlyList<TModel> Snapshot();

    /// <summary>Finds a row by key: in the new table, else in the old one.</summary>
    bool TryFind(TKey key, out TModel model);
}

/// <summary>Creates dual-read views.</summary>
public static class DualRead
{
    /// <summary>A dual-read view over a new and an old table view.</summary>
    public static IDualReadView<TModel, TKey> Create<TNew, TOld, TModel, TKey>(
        ITableView<TNew> newTable,
        Func<TNew, TModel> fromNew,
        ITableView<TOld> oldTable,
        Func<TOld, TModel> fromOld,
        Func<TModel, TKey> key)
        where TNew : class
        where TOld : class
        where TKey : notnull =>
        new DualReadView<TNew, TOld, TModel, TKey>(
            newTable ?? throw new ArgumentNullException(nameof(newTable)),
            fromNew ?? throw new ArgumentNullException(nameof(fromNew)),
            oldTable ?? throw new ArgumentNullException(nameof(oldTable)),
            fromOld ?? throw new ArgumentNullException(nameof(fromOld)),
            key ?? throw new ArgumentNullException(nameof(key)));
}

/// <summary>The dual-read view: computes from the two views on each call (they are the source of truth).</summary>
internal sealed class DualReadView<TNew, TOld, TModel, TKey> : IDualReadView<TModel, TKey>
    where TNew : class
    where TOld : class
    where TKey : notnull
{
    private readonly ITableView<TNew> _new;
    private readonly Func<TNew, TModel> _fromNew;
    private readonly ITableView<TOld> _old;
    private readonly Func<TOld, TModel> _fromOld;
    private readonly Func<TModel, TKey> _key;
    private long _fallbacks;

    public DualReadView(ITableView<TNew> newTable, Func<TNew, TModel> fromNew, ITableView<TOld> oldTable, Func<TOld, TModel> fromOld, Func<TModel, TKey> key)
    {
        _new = newTable;
        _fromNew = fromNew;
        _old = oldTable;
        _fromOld = fromOld;
        _key = key;
    }

    public int Count => Snapshot().Count;

    public int RowsServedFromOld
    {
        get
        {
            var keys = NewKeys();
            var count = 0;
            foreach (var row in _old.Snapshot())
            {
                count += keys.Contains(_key(_fromOld(row))) ? 0 : 1;
            }

            return count;
        }
    }

    public long FallbackLookups => Interlocked.Read(ref _fallbacks);

    public IReadOnlyList<TModel> Snapshot()
    {
        var result = new List<TModel>();
        var keys = new HashSet<TKey>();
        foreach (var row in _new.Snapshot())
        {
            var model = _fromNew(row);
            keys.Add(_key(model));
            result.Add(model);
        }

        foreach (var row in _old.Snapshot())
        {
            var model = _fromOld(row);
            if (!keys.Contains(_key(model)))
            {
                result.Add(model);
            }
        }

        return result;
    }

    public bool TryFind(TKey key, out TModel model)
    {
        if (Find(_new, _fromNew, key, out model))
        {
            return true;
        }

        if (Find(_old, _fromOld, key, out model))
        {
            Interlocked.Increment(ref _fallbacks);
            return true;
        }

        return false;
    }

    private bool Find<TRow>(ITableView<TRow> view, Func<TRow, TModel> map, TKey key, out TModel model)
        where TRow : class
    {
        if (view.HasPrimaryKey)
        {
            try
            {
                if (view.TryFind(key, out var row))
                {
                    model = map(row);
                    if (EqualityComparer<TKey>.Default.Equals(_key(model), key))
                    {
                        return true;
                    }
                }
                else
                {
                    model = default!;
                    return false;
                }
            }
            catch (ArgumentException)
            {
                // The model's key is not the table's primary-key type: scan instead.
            }
        }

        foreach (var row in view.Snapshot())
        {
            var candidate = map(row);
            if (EqualityComparer<TKey>.Default.Equals(_key(candidate), key))
            {
                model = candidate;
                return true;
            }
        }

        model = default!;
        return false;
    }

    private HashSet<TKey> NewKeys()
    {
        var keys = new HashSet<TKey>();
        foreach (var row in _new.Snapshot())
        {
            keys.Add(_key(_fromNew(row)));
        }

        return keys;
    }
}
