using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Driver;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Driver;

/// <summary>One session's client cache of one table, applying a message in the SDK's phases.</summary>
internal interface ITableCache
{
    DriverTable Table { get; }

    int Count { get; }

    /// <summary>Parse phase: decodes the rows of one table update of the current message (throws on a bad row).</summary>
    void Stage(WireTableUpdate update);

    /// <summary>Works out inserts, updates and deletes of the staged rows against the cache, without mutating it.</summary>
    void Plan();

    void FireBeforeDelete(in DriverEvent context);

    void Mutate();

    void FireRowCallbacks(in DriverEvent context);

    void Reset();
}

internal sealed class TableCache<TRow> : ITableCache
    where TRow : class
{
    private readonly TableBinding<TRow> _binding;
    private readonly Dictionary<string, Entry> _rows = new(StringComparer.Ordinal);
    private readonly List<IDriverTableListener<TRow>> _listeners = new();
    private readonly List<Staged> _inserts = new();
    private readonly List<Staged> _deletes = new();
    private readonly List<TRow> _planInserts = new();
    private readonly List<(TRow Old, TRow New)> _planUpdates = new();
    private readonly List<TRow> _planDeletes = new();
    private readonly List<(string Key, Entry? Entry)> _planState = new();

    public TableCache(TableBinding<TRow> binding)
    {
        _binding = binding;
    }

    public DriverTable Table => _binding.Table;

    public int Count => _rows.Count;

    public IEnumerable<TRow> Rows => _rows.Values.Select(e => e.Row);

    /// <summary>Adds a listener; a duplicate is ignored, and listeners run last-registered first (SDK 1.2+ / 2.x).</summary>
    public void AddListener(IDriverTableListener<TRow> listener)
    {
        if (!_listeners.Contains(listener))
        {
            _listeners.Add(listener);
        }
    }

    public void Stage(WireTableUpdate update)
    {
        foreach (byte[] bytes in update.Inserts)
        {
            _inserts.Add(Decode(bytes));
        }

        foreach (byte[] bytes in update.Deletes)
        {
            _deletes.Add(Decode(bytes));
        }
    }

    public void Plan()
    {
        if (Table.IsEventTable)
        {
            _planInserts.AddRange(_inserts.Select(s => s.Row));
            return;
        }

        var keys = new List<string>();
        var byKey = new Dictionary<string, (List<Staged> Ins, List<Staged> Del)>(StringComparer.Ordinal);
        foreach ((Staged staged, bool insert) in _deletes.Select(d => (d, false)).Concat(_inserts.Select(i => (i, true))))
        {
            if (!byKey.TryGetValue(staged.Key, out var group))
            {
                group = (new List<Staged>(), new List<Staged>());
                byKey[staged.Key] = group;
                keys.Add(staged.Key);
            }

            (insert ? group.Ins : group.Del).Add(staged);
        }

        foreach (string key in keys)
        {
            var (ins, del) = byKey[key];
            _rows.TryGetValue(key, out Entry? existing);
            int before = existing?.Count ?? 0;
            int after = before + ins.Count - del.Count;
            Staged? latest = ins.Count > 0 ? ins[ins.Count - 1] : null;
            if (before == 0 && after > 0 && latest is not null)
            {
                _planInserts.Add(latest.Value.Row);
                _planState.Add((key, new Entry(latest.Value.Row, latest.Value.Bytes, after)));
            }
            else if (before > 0 && after <= 0)
            {
                _planDeletes.Add(existing!.Row);
                _planState.Add((key, null));
            }
            else if (before > 0 && after > 0)
            {
                if (latest is not null && !latest.Value.Bytes.AsSpan().SequenceEqual(existing!.Bytes))
                {
                    _planUpdates.Add((existing.Row, latest.Value.Row));
                    _planState.Add((key, new Entry(latest.Value.Row, latest.Value.Bytes, after)));
                }
                else
                {
                    _planState.Add((key, new Entry(existing!.Row, existing.Bytes, after)));
                }
            }
        }
    }

    public void FireBeforeDelete(in DriverEvent context)
    {
        foreach (TRow row in _planDeletes)
        {
            Notify(context, row, static (IDriverTableListener<TRow> l, in DriverEvent c, TRow r, TRow _) => l.OnBeforeDelete(c, r));
        }
    }

    public void Mutate()
    {
        foreach ((string key, Entry? entry) in _planState)
        {
            if (entry is null)
            {
                _rows.Remove(key);
            }
            else
            {
                _rows[key] = entry;
            }
        }
    }

    public void FireRowCallbacks(in DriverEvent context)
    {
        try
        {
            foreach (TRow row in _planInserts)
            {
                Notify(context, row, static (IDriverTableListener<TRow> l, in DriverEvent c, TRow r, TRow _) => l.OnInsert(c, r));
            }

            foreach ((TRow oldRow, TRow newRow) in _planUpdates)
            {
                Notify(context, oldRow, static (IDriverTableListener<TRow> l, in DriverEvent c, TRow o, TRow n) => l.OnUpdate(c, o, n), newRow);
            }

            foreach (TRow row in _planDeletes)
            {
                Notify(context, row, static (IDriverTableListener<TRow> l, in DriverEvent c, TRow r, TRow _) => l.OnDelete(c, r));
            }
        }
        finally
        {
            Reset();
        }
    }

    public void Reset()
    {
        _inserts.Clear();
        _deletes.Clear();
        _planInserts.Clear();
        _planUpdates.Clear();
        _planDeletes.Clear();
        _planState.Clear();
    }

    private delegate void Callback(IDriverTableListener<TRow> listener, in DriverEvent context, TRow row, TRow other);

    private void Notify(in DriverEvent context, TRow row, Callback callback, TRow? other = null)
    {
        // One try around all listeners of one row, as the SDK does: a throwing listener skips the rest for that row.
        try
        {
            for (int i = _listeners.Count - 1; i >= 0; i--)
            {
                callback(_listeners[i], context, row, other!);
            }
        }
#pragma warning disable CA1031 // The SDK catches and logs row-callback exceptions.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private Staged Decode(byte[] bytes)
    {
        SimRow values = BsatnCodec.DecodeRow(_binding.Columns, bytes);
        TRow row = _binding.Decode(values);
        string key = _binding.PrimaryKeyIndex >= 0
            ? Convert.ToBase64String(BsatnCodec.Encode(_binding.Columns[_binding.PrimaryKeyIndex].Type, values[_binding.PrimaryKeyIndex]))
            : Convert.ToBase64String(bytes);
        return new Staged(key, row, bytes);
    }

    private readonly record struct Staged(string Key, TRow Row, byte[] Bytes);

    private sealed record Entry(TRow Row, byte[] Bytes, int Count);
}
