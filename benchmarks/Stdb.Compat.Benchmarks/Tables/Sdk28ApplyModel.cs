using System;
using System.Collections.Generic;
using System.Linq;
using SpacetimeDB.Types;

namespace Stdb.Compat.Benchmarks.Tables;

/// <summary>
/// What the generated bindings at v2.8.0 make of a table with a primary key <c>id</c> (codegen
/// <c>crates/codegen/src/csharp.rs</c>; compare <c>examples~/regression-tests/client/module_bindings/Tables/Player.g.cs</c>):
/// a sealed handle overriding <c>GetPrimaryKey</c> with the boxed key, and one <c>IdUniqueIndex</c> (the primary key
/// column is unique, so it gets a unique index). GUESS: the benchmark's <c>Player</c> has no other unique or indexed
/// column (the fixture's bindings, <c>tests/SdkStandIns/Fixtures/V2Module.Sdk2/Tables</c>, have only <c>Id</c>); each
/// further index would add one more dictionary insert per row to the SDK's side.
/// </summary>
internal sealed class Sdk28PlayerTable<TCase> : Sdk28TableModel<RowApplyBenchmarks.DriverEventBox, Player, TCase>
    where TCase : struct
{
    public Sdk28PlayerTable() => Id = new IdUniqueIndex(this);

    public IdUniqueIndex Id { get; }

    protected override object? GetPrimaryKey(Player row) => row.Id;

    internal sealed class IdUniqueIndex : Sdk28UniqueIndex<RowApplyBenchmarks.DriverEventBox, Player, ulong, TCase>
    {
        public IdUniqueIndex(Sdk28PlayerTable<TCase> table)
            : base(table)
        {
        }

        protected override ulong GetKey(Player row) => row.Id;
    }
}

/// <summary>
/// A model of what SDK 2.8's table handle does per row after decoding, written for this benchmark from reading
/// <c>sdks/csharp/src/Table.cs</c>, <c>MultiDictionary.cs</c>, <c>EventHandling/*.cs</c> and
/// <c>SpacetimeDBClient.cs</c> at v2.8.0 (no SDK code is copied). Each step names the SDK member it stands for:
/// <list type="number">
///   <item><see cref="Parse"/> = <c>RemoteTableHandleBase.Parse</c>/<c>ParseInsertOnly</c> after <c>DecodeValue</c>:
///   <c>GetPrimaryKey(row)</c> (a virtual call the generated handle overrides, boxing the key) and
///   <c>MultiDictionaryDelta.Add(pk, row)</c> into the message's fresh <c>ParsedTableUpdate</c> (a new delta per
///   message, from <c>ParsedDatabaseUpdate.UpdateForTable</c> → <c>MakeParsedTableUpdate</c>). In the SDK this runs on
///   its network parse thread ("SpacetimeDB Network Thread"), not in <c>FrameTick</c>.</item>
///   <item><see cref="Apply"/> = <c>SpacetimeDBClient.ApplyUpdate</c> on the <c>FrameTick</c> thread:
///   <c>PreApply</c> (<c>MultiDictionary.WillRemove</c>: a LINQ Where/Select over every delta entry, nothing found for
///   inserts), <c>Apply</c> (<c>MultiDictionary.Apply</c> enumerating the delta through <c>IEnumerable</c>, a lookup per
///   key, the new entry, <c>wasInserted.Add</c>; then the index pass: <c>value is Row</c> and
///   <c>OnInternalInsertHandler.Invoke</c>, which the generated <c>UniqueIndexBase</c> listens to with
///   <c>cache.Add(GetKey(row), row)</c>), then <c>PostApply</c> (per row <c>InvokeInsert</c>: one try/catch around
///   <c>CustomRowEventHandler.Invoke</c>, which casts the context and row and calls every listener, last registered
///   first, through <c>EventListeners</c>).</item>
/// </list>
/// GUESS: exceptions from listeners are swallowed here; the SDK passes them to <c>Log.Exception</c> (not on the
/// measured path: no listener throws). The SDK's try/catch is per row around all listeners, not per listener.
/// <typeparamref name="TCase"/>: see <see cref="IApplyModel{TRow}"/>.
/// </summary>
internal abstract class Sdk28TableModel<TContext, TRow, TCase> : IParsedApplyModel<TRow>
    where TContext : class
    where TRow : class
    where TCase : struct
{
    private readonly Dictionary<object, (TRow Value, uint Multiplicity)> _entries = new(EqualityComparer<object>.Default);
    private readonly IEqualityComparer<TRow> _rowComparer = EqualityComparer<TRow>.Default;
    private readonly Sdk28Listeners<Action<TRow>> _internalInsert = new();
    private readonly Sdk28Listeners<Action<TRow>> _internalDelete = new();
    private readonly Sdk28Listeners<Sdk28RowHandler<TContext, TRow>> _onInsert = new();
    private readonly List<KeyValuePair<object, TRow>> _wasInserted = new();
    private readonly List<(object Key, TRow OldValue, TRow NewValue)> _wasUpdated = new();
    private readonly List<KeyValuePair<object, TRow>> _wasRemoved = new();
    private Sdk28Delta<TRow>? _parsed;

    public event Sdk28RowHandler<TContext, TRow> OnInsert
    {
        add => _onInsert.Add(value);
        remove => _onInsert.Remove(value);
    }

    /// <summary>What the generated unique indices subscribe to (the SDK's private <c>OnInternalInsert</c>).</summary>
    internal event Action<TRow> OnInternalInsert
    {
        add => _internalInsert.Add(value);
        remove => _internalInsert.Remove(value);
    }

    internal event Action<TRow> OnInternalDelete
    {
        add => _internalDelete.Add(value);
        remove => _internalDelete.Remove(value);
    }

    /// <summary>Benchmark-only: empties the cache and the indices between iterations (not measured).</summary>
    internal event Action? OnInternalClear;

    public int Count => _entries.Count;

    /// <summary>Overridden by the generated handle of a table with a primary key (<c>row.Id</c>, boxed).</summary>
    protected virtual object? GetPrimaryKey(TRow row) => null;

    /// <summary>Parse phase then apply phase, as one message takes them.</summary>
    public void ApplyInserts(TRow[] rows, object context)
    {
        Parse(rows);
        Apply(context);
    }

    /// <summary>The post-decode share of the SDK's parse (network thread): a fresh delta per message.</summary>
    public void Parse(TRow[] rows)
    {
        var delta = new Sdk28Delta<TRow>(_rowComparer);
        foreach (var row in rows)
        {
            var key = GetPrimaryKey(row) ?? row;
            delta.Add(key, row);
        }

        _parsed = delta;
    }

    /// <summary>The <c>FrameTick</c> share: PreApply, Apply (with index maintenance), PostApply.</summary>
    public void Apply(object context)
    {
        var delta = _parsed ?? throw new InvalidOperationException("Parse first.");
        _parsed = null;
        PreApply(delta);
        ApplyDelta(delta);
        PostApply(context);
    }

    public void Clear()
    {
        _entries.Clear();
        OnInternalClear?.Invoke();
    }

    private void PreApply(Sdk28Delta<TRow> delta)
    {
        foreach (var removed in WillRemove(delta))
        {
            InvokeBeforeDelete(removed.Value);
        }
    }

    private IEnumerable<KeyValuePair<object, TRow>> WillRemove(Sdk28Delta<TRow> delta)
    {
        var entries = _entries;
        return delta.Entries
            .Where(change => !change.Value.IsValueChange && change.Value.NonValueChange.Delta < 0 && entries.TryGetValue(change.Key, out var mine) && (int)mine.Multiplicity + change.Value.NonValueChange.Delta <= 0)
            .Select(change => new KeyValuePair<object, TRow>(change.Key, change.Value.NonValueChange.Value));
    }

    private void InvokeBeforeDelete(TRow row) => GC.KeepAlive(row); // No OnBeforeDelete listener in this benchmark.

    private void ApplyDelta(Sdk28Delta<TRow> delta)
    {
        foreach (var (key, change) in delta.Entries)
        {
            if (_entries.TryGetValue(key, out var mine))
            {
                if (change.IsValueChange)
                {
                    var (before, after) = change.ValueChange;
                    _ = before;
                    _entries[key] = (after.Value, (uint)after.Delta);
                    _wasUpdated.Add((key, mine.Value, after.Value));
                    continue;
                }

                var single = change.NonValueChange;
                var multiplicity = (int)mine.Multiplicity + single.Delta;
                if (multiplicity > 0)
                {
                    _entries[key] = (mine.Value, (uint)multiplicity);
                }
                else
                {
                    _entries.Remove(key);
                    _wasRemoved.Add(new KeyValuePair<object, TRow>(key, single.Value));
                }
            }
            else if (!change.IsValueChange && change.NonValueChange.Delta > 0)
            {
                var single = change.NonValueChange;
                _entries[key] = (single.Value, (uint)single.Delta);
                _wasInserted.Add(new KeyValuePair<object, TRow>(key, single.Value));
            }
        }

        // Index maintenance (Table.cs Apply after Entries.Apply): removals first, then inserts, then updates.
        foreach (var (_, value) in _wasRemoved)
        {
            _internalDelete.Invoke(value);
        }

        foreach (var (_, value) in _wasInserted)
        {
            if (value is TRow row)
            {
                _internalInsert.Invoke(row);
            }
            else
            {
                throw new InvalidOperationException("Invalid row type.");
            }
        }

        foreach (var (_, oldValue, newValue) in _wasUpdated)
        {
            _internalDelete.Invoke(oldValue);
            _internalInsert.Invoke(newValue);
        }
    }

    private void PostApply(object context)
    {
        foreach (var (_, value) in _wasInserted)
        {
            InvokeInsert(context, value);
        }

        _wasInserted.Clear();
        _wasUpdated.Clear();
        _wasRemoved.Clear();
    }

    private void InvokeInsert(object context, object row)
    {
        try
        {
            var typedContext = (TContext)context;
            var typedRow = (TRow)row;
            for (var i = _onInsert.Count - 1; i >= 0; i--)
            {
                _onInsert[i]?.Invoke(typedContext, typedRow);
            }
        }
#pragma warning disable CA1031 // The SDK logs and swallows listener exceptions (Log.Exception).
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>The SDK's <c>RowEventHandler(EventContext context, Row row)</c> delegate.</summary>
internal delegate void Sdk28RowHandler<in TContext, in TRow>(TContext context, TRow row);

/// <summary>The SDK's <c>EventListeners&lt;T&gt;</c>: a list plus a listener → index map (for removal).</summary>
internal sealed class Sdk28Listeners<T>
    where T : Delegate
{
    private readonly List<T> _list = new();
    private readonly Dictionary<T, int> _indices = new();

    public int Count => _list.Count;

    public T this[int index] => _list[index];

    public void Add(T listener)
    {
        if (_indices.TryAdd(listener, _list.Count))
        {
            _list.Add(listener);
        }
    }

    public void Remove(T listener)
    {
        if (!_indices.Remove(listener, out var index))
        {
            return;
        }

        var last = _list[^1];
        if (!ReferenceEquals(last, listener))
        {
            _indices[last] = index;
            _list[index] = last;
        }

        _list.RemoveAt(_list.Count - 1);
    }
}

/// <summary>Invokes a one-argument listener list, last registered first (the SDK's <c>AbstractEventHandler&lt;T&gt;.Invoke</c>).</summary>
internal static class Sdk28ListenersExtensions
{
    public static void Invoke<TArg>(this Sdk28Listeners<Action<TArg>> listeners, TArg argument)
    {
        for (var i = listeners.Count - 1; i >= 0; i--)
        {
            listeners[i]?.Invoke(argument);
        }
    }
}

/// <summary>
/// The SDK's <c>MultiDictionaryDelta&lt;object, Row&gt;</c>: per key up to two values with signed multiplicities
/// (<c>KeyDelta</c> of <c>ValueDelta</c>s), read back through <c>IEnumerable</c> as the SDK's <c>Entries</c> does.
/// </summary>
internal sealed class Sdk28Delta<TRow>
    where TRow : class
{
    private readonly Dictionary<object, Sdk28KeyDelta<TRow>> _raw = new(EqualityComparer<object>.Default);
    private readonly IEqualityComparer<TRow> _rowComparer;

    public Sdk28Delta(IEqualityComparer<TRow> rowComparer) => _rowComparer = rowComparer;

    public IEnumerable<KeyValuePair<object, Sdk28KeyDelta<TRow>>> Entries => _raw;

    public void Add(object key, TRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_raw.TryGetValue(key, out var change))
        {
            change.Add(row, _rowComparer);
        }
        else
        {
            change = new Sdk28KeyDelta<TRow>(new Sdk28ValueDelta<TRow>(row, +1));
        }

        _raw[key] = change;
    }
}

internal struct Sdk28ValueDelta<TRow>
{
    public TRow Value;
    public int Delta;

    public Sdk28ValueDelta(TRow value, int delta)
    {
        Value = value;
        Delta = delta;
    }
}

/// <summary>The SDK's <c>KeyDelta</c>: one value, or an old and a new value once a second one arrives.</summary>
internal struct Sdk28KeyDelta<TRow>
{
    private Sdk28ValueDelta<TRow> _first;
    private Sdk28ValueDelta<TRow>? _second;

    public Sdk28KeyDelta(Sdk28ValueDelta<TRow> first)
    {
        _first = first;
        _second = null;
    }

    public readonly bool IsValueChange => _second is { } second && _first.Delta < 0 && second.Delta > 0;

    public readonly (Sdk28ValueDelta<TRow> Before, Sdk28ValueDelta<TRow> After) ValueChange =>
        IsValueChange ? (_first, _second!.Value) : throw new InvalidOperationException("Not a value change.");

    public readonly Sdk28ValueDelta<TRow> NonValueChange
    {
        get
        {
            if (IsValueChange)
            {
                throw new InvalidOperationException("A value change.");
            }

            if (_second is not { } second)
            {
                return _first;
            }

            return _first.Delta == 0 && second.Delta != 0 ? second
                : _first.Delta != 0 && second.Delta == 0 ? _first
                : throw new InvalidOperationException("Ambiguous key delta.");
        }
    }

    public void Add(TRow row, IEqualityComparer<TRow> comparer)
    {
        if (comparer.Equals(row, _first.Value))
        {
            _first.Delta++;
        }
        else if (_second is { } second)
        {
            second.Delta++;
            _second = second;
        }
        else
        {
            _second = new Sdk28ValueDelta<TRow>(row, +1);
        }

        if (_second is { } normalized && normalized.Delta < _first.Delta)
        {
            _second = _first;
            _first = normalized;
        }
    }
}

/// <summary>The SDK's <c>UniqueIndexBase&lt;Column&gt;</c>: a dictionary kept by the table's internal insert/delete events.</summary>
internal abstract class Sdk28UniqueIndex<TContext, TRow, TColumn, TCase>
    where TContext : class
    where TRow : class
    where TColumn : notnull, IEquatable<TColumn>
    where TCase : struct
{
    private readonly Dictionary<TColumn, TRow> _cache = new();

    protected Sdk28UniqueIndex(Sdk28TableModel<TContext, TRow, TCase> table)
    {
        table.OnInternalInsert += row => _cache.Add(GetKey(row), row);
        table.OnInternalDelete += row => _cache.Remove(GetKey(row));
        table.OnInternalClear += () => _cache.Clear();
    }

    public TRow? Find(TColumn value) => _cache.TryGetValue(value, out var row) ? row : null;

    protected abstract TColumn GetKey(TRow row);
}

/// <summary>
/// A model of the SDK's apply loop, as the benchmarks drive it. Every model is generic over an empty struct "case"
/// type so that each benchmark case gets its own compiled copy of the loop (struct type arguments are never shared):
/// in one process, a loop compiled and profiled while calling one listener (say the bare handler) would otherwise be
/// reused, with that profile, by the cases calling another listener (our tap) — or run before it was ever promoted to
/// tier 1 by the first case. With its own copy each case behaves like the SDK in an app: one listener per table.
/// </summary>
internal interface IApplyModel<TRow>
{
    void ApplyInserts(TRow[] rows, object context);

    void Clear();
}

/// <summary>A model whose parse (network thread) and apply (FrameTick) phases can be measured apart.</summary>
internal interface IParsedApplyModel<TRow> : IApplyModel<TRow>
{
    void Parse(TRow[] rows);

    void Apply(object context);
}

/// <summary>Benchmark cases, one compiled copy of the SDK model each (see <see cref="IApplyModel{TRow}"/>).</summary>
internal struct SharedCase
{
}

internal struct BareCase
{
}

internal struct ViewCase
{
}

internal struct NoCopyCase
{
}

internal struct DirectCase
{
}
