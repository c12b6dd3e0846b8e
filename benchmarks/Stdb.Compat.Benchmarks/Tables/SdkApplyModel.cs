using System;
using System.Collections.Generic;
using SpacetimeDB.Types;

namespace Stdb.Compat.Benchmarks.Tables;

/// <summary>
/// The LEAN baseline ("LeanModel" categories): leaner than SDK 2.8's real apply loop (<see cref="Sdk28TableModel{TContext, TRow}"/>
/// is the faithful one). Per row: one insert into a cache keyed by the boxed primary key with a ref-count, the "was
/// inserted" list, then every OnInsert listener (last registered first) in a try/catch per listener. Left out on
/// purpose, compared with the SDK: the per-message delta (<c>MultiDictionaryDelta</c>) and its enumeration,
/// PreApply's <c>WillRemove</c> pass, the unique-index update, the context/row casts. Kept as a second, stricter
/// baseline. Written for this benchmark, not taken from the SDK. <typeparamref name="TCase"/>: see
/// <see cref="IApplyModel{TRow}"/>.
/// </summary>
internal class SdkApplyModel<TCase> : IApplyModel<Player>
    where TCase : struct
{
    private readonly Dictionary<object, Entry> _entries = new();
    private readonly List<Player> _wasInserted = new();
    private readonly List<Action<object, Player>> _listeners = new();

    public event Action<object, Player> OnInsert
    {
        add => _listeners.Add(value);
        remove => _listeners.Remove(value);
    }

    public int Count => _entries.Count;

    public void ApplyInserts(Player[] rows, object context)
    {
        foreach (var row in rows)
        {
            object key = row.Id; // The SDK keys its cache by the primary key as object.
            if (_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = new Entry(entry.Row, entry.Count + 1);
                continue;
            }

            _entries[key] = new Entry(row, 1);
            _wasInserted.Add(row);
        }

        foreach (var row in _wasInserted)
        {
            for (var i = _listeners.Count - 1; i >= 0; i--)
            {
                try
                {
                    _listeners[i](context, row);
                }
#pragma warning disable CA1031 // The SDK logs and swallows listener exceptions.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        _wasInserted.Clear();
    }

    public void Clear() => _entries.Clear();

    private readonly struct Entry
    {
        public Entry(Player row, int count)
        {
            Row = row;
            Count = count;
        }

        public Player Row { get; }

        public int Count { get; }
    }
}

/// <summary>The lean model with code shared by every user (breakdown, adapter and kept-bytes measurements).</summary>
internal sealed class SdkApplyModel : SdkApplyModel<SharedCase>
{
}
