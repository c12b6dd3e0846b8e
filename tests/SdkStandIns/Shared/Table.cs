// Mirrors sdks/csharp/src/Table.cs at v1.12.0 (SDK_V1: RemoteTableHandle<E,R> holds everything, RemoteTableName
// protected) and v2.8.0 (SDK_V2: RemoteTableHandleBase<E,R> holds the cache, indexes and OnInsert; RemoteTableHandle<E,R>
// adds OnDelete/OnBeforeDelete/OnUpdate; RemoteEventTableHandle<E,R> has OnInsert only and never caches; RemoteTableName
// public). IndexBase / UniqueIndexBase / BTreeIndexBase with their constraints as in the real source.
// Guessed / simplified: the parsed-update plumbing (IParsedTableUpdate, MultiDictionary) is the stand-in's own, keyed by
// row bytes; RemoteQuery fails (the simulated server has no one-off queries); the index Filter overloads over ranges
// are not reproduced.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace SpacetimeDB;

public interface IRemoteTableHandle
{
    internal string RemoteTableNameInternal { get; }

    internal ParsedTableUpdate Parse(IReadOnlyList<byte[]> inserts, IReadOnlyList<byte[]> deletes, bool eventRows);

    internal void PreApply(IEventContext context, ParsedTableUpdate update);

    internal void Apply(ParsedTableUpdate update);

    internal void PostApply(IEventContext context, ParsedTableUpdate update);
}

/// <summary>One table's rows of one message, decoded on the "parse thread" (the server's thread here).</summary>
internal abstract class ParsedTableUpdate
{
}

/// <summary>Cache key of a table without a primary key: the row's BSATN bytes.</summary>
internal sealed class RowBytesKey : IEquatable<RowBytesKey>
{
    private readonly byte[] _bytes;
    private readonly int _hash;

    public RowBytesKey(byte[] bytes)
    {
        _bytes = bytes;
        var hash = default(HashCode);
        NetStandardPolyfills.AddBytes(ref hash, bytes);
        _hash = hash.ToHashCode();
    }

    public bool Equals(RowBytesKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as RowBytesKey);

    public override int GetHashCode() => _hash;
}

#if SDK_V1
public abstract class RemoteTableHandle<EventContext, Row> : RemoteBase, IRemoteTableHandle
#else
public abstract class RemoteTableHandleBase<EventContext, Row> : RemoteBase, IRemoteTableHandle
#endif
    where EventContext : class, IEventContext
    where Row : class, BSATN.IStructuralReadWrite, new()
{
    public abstract class IndexBase<Column>
        where Column : IEquatable<Column>
    {
        protected abstract Column GetKey(Row row);

        internal Column KeyOf(Row row) => GetKey(row);
    }

    public abstract class UniqueIndexBase<Column> : IndexBase<Column>
        where Column : IEquatable<Column>
    {
#if SDK_V1
        private readonly RemoteTableHandle<EventContext, Row> _table;

        public UniqueIndexBase(RemoteTableHandle<EventContext, Row> table)
#else
        private readonly RemoteTableHandleBase<EventContext, Row> _table;

        public UniqueIndexBase(RemoteTableHandleBase<EventContext, Row> table)
#endif
        {
            _table = table;
        }

        public Row? Find(Column value)
        {
            foreach (var entry in _table._cache.Values)
            {
                if (KeyOf(entry.Row).Equals(value))
                {
                    return entry.Row;
                }
            }

            return null;
        }
    }

    public abstract class BTreeIndexBase<Column> : IndexBase<Column>
        where Column : IEquatable<Column>, IComparable<Column>
    {
#if SDK_V1
        private readonly RemoteTableHandle<EventContext, Row> _table;

        public BTreeIndexBase(RemoteTableHandle<EventContext, Row> table)
#else
        private readonly RemoteTableHandleBase<EventContext, Row> _table;

        public BTreeIndexBase(RemoteTableHandleBase<EventContext, Row> table)
#endif
        {
            _table = table;
        }

        public IEnumerable<Row> Filter(Column value)
        {
            foreach (var entry in _table._cache.Values.ToArray())
            {
                if (KeyOf(entry.Row).Equals(value))
                {
                    yield return entry.Row;
                }
            }
        }
    }

    public delegate void RowEventHandler(EventContext context, Row row);

    public delegate void UpdateEventHandler(EventContext context, Row oldRow, Row newRow);

    private readonly Dictionary<object, CacheEntry> _cache = new();
    private readonly bool _isEventTable;
    private readonly EventListeners<RowEventHandler> _onInsert = new();
    private protected readonly EventListeners<RowEventHandler> _onDelete = new();
    private protected readonly EventListeners<RowEventHandler> _onBeforeDelete = new();
    private protected readonly EventListeners<UpdateEventHandler> _onUpdate = new();

#if SDK_V1
    protected abstract string RemoteTableName { get; }

    public RemoteTableHandle(IDbConnection conn)
        : base(conn)
    {
        _isEventTable = false;
    }
#else
    public abstract string RemoteTableName { get; }

    public RemoteTableHandleBase(IDbConnection conn, bool isEventTable = false)
        : base(conn)
    {
        _isEventTable = isEventTable;
    }
#endif

    string IRemoteTableHandle.RemoteTableNameInternal => RemoteTableName;

    protected virtual object? GetPrimaryKey(Row row) => null;

    public Row Decode(BinaryReader reader, out object primaryKey)
    {
        var row = BSATN.IStructuralReadWrite.Read<Row>(reader);
        primaryKey = GetPrimaryKey(row) ?? row;
        return row;
    }

    public event RowEventHandler OnInsert
    {
        add => _onInsert.Add(value);
        remove => _onInsert.Remove(value);
    }

#if SDK_V1
    public event RowEventHandler OnDelete
    {
        add => _onDelete.Add(value);
        remove => _onDelete.Remove(value);
    }

    public event RowEventHandler OnBeforeDelete
    {
        add => _onBeforeDelete.Add(value);
        remove => _onBeforeDelete.Remove(value);
    }

    public event UpdateEventHandler OnUpdate
    {
        add => _onUpdate.Add(value);
        remove => _onUpdate.Remove(value);
    }
#endif

    public int Count => _cache.Count;

    public IEnumerable<Row> Iter() => _cache.Values.Select(static entry => entry.Row).ToArray();

    /// <summary>One-off query. The simulated wire has no one-off query message, so the task faults (stand-in limitation).</summary>
    public Task<Row[]> RemoteQuery(string query)
    {
        var sql = $"SELECT {RemoteTableName}.* FROM {RemoteTableName} {query}";
        return Task.FromException<Row[]>(new NotSupportedException($"One-off queries are not supported by the simulated server: {sql}"));
    }

    // ---------------------------------------------------------------- message application

    ParsedTableUpdate IRemoteTableHandle.Parse(IReadOnlyList<byte[]> inserts, IReadOnlyList<byte[]> deletes, bool eventRows)
    {
        var parsed = new Parsed { IsEvent = eventRows || _isEventTable };
        foreach (var bytes in inserts)
        {
            parsed.Inserts.Add(DecodeRow(bytes));
        }

        foreach (var bytes in deletes)
        {
            parsed.Deletes.Add(DecodeRow(bytes));
        }

        return parsed;
    }

    private ParsedRow DecodeRow(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream);
        var row = BSATN.IStructuralReadWrite.Read<Row>(reader);
        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException(
                $"Row of table {RemoteTableName} ({typeof(Row).Name}) left {stream.Length - stream.Position} of {stream.Length} bytes unread; the bindings do not match the module's schema.");
        }

        return new ParsedRow(row, GetPrimaryKey(row) ?? new RowBytesKey(bytes), bytes);
    }

    void IRemoteTableHandle.PreApply(IEventContext context, ParsedTableUpdate update)
    {
        var parsed = (Parsed)update;
        if (parsed.IsEvent)
        {
            return;
        }

        Plan(parsed);
        if (parsed.PlannedDeletes.Count == 0 || _onBeforeDelete.Count == 0)
        {
            return;
        }

        var ctx = (EventContext)context;
        foreach (var row in parsed.PlannedDeletes)
        {
            try
            {
                for (var i = _onBeforeDelete.Count - 1; i >= 0; i--)
                {
                    _onBeforeDelete[i](ctx, row);
                }
            }
            catch (Exception e)
            {
                Log.Exception(e);
            }
        }
    }

    void IRemoteTableHandle.Apply(ParsedTableUpdate update)
    {
        var parsed = (Parsed)update;
        if (parsed.IsEvent)
        {
            return;
        }

        foreach (var (key, entry) in parsed.CacheWrites)
        {
            if (entry is null)
            {
                _cache.Remove(key);
            }
            else
            {
                _cache[key] = entry;
            }
        }
    }

    void IRemoteTableHandle.PostApply(IEventContext context, ParsedTableUpdate update)
    {
        var parsed = (Parsed)update;
        var ctx = (EventContext)context;
        if (parsed.IsEvent)
        {
            foreach (var row in parsed.Inserts)
            {
                FireRow(_onInsert, ctx, row.Row);
            }

            return;
        }

        foreach (var row in parsed.PlannedInserts)
        {
            FireRow(_onInsert, ctx, row);
        }

        foreach (var (oldRow, newRow) in parsed.PlannedUpdates)
        {
            if (_onUpdate.Count == 0)
            {
                continue;
            }

            try
            {
                for (var i = _onUpdate.Count - 1; i >= 0; i--)
                {
                    _onUpdate[i](ctx, oldRow, newRow);
                }
            }
            catch (Exception e)
            {
                Log.Exception(e);
            }
        }

        foreach (var row in parsed.PlannedDeletes)
        {
            FireRow(_onDelete, ctx, row);
        }
    }

    private static void FireRow(EventListeners<RowEventHandler> listeners, EventContext ctx, Row row)
    {
        if (listeners.Count == 0)
        {
            return;
        }

        try
        {
            for (var i = listeners.Count - 1; i >= 0; i--)
            {
                listeners[i](ctx, row);
            }
        }
        catch (Exception e)
        {
            Log.Exception(e);
        }
    }

    /// <summary>
    /// Computes the callbacks and cache writes of one message against the current cache. Rows are reference-counted
    /// (overlapping subscriptions); a delete and an insert with the same key and different bytes form an update.
    /// </summary>
    private void Plan(Parsed parsed)
    {
        var deletes = new Dictionary<object, (ParsedRow Row, int Count)>();
        var order = new List<object>();
        foreach (var row in parsed.Deletes)
        {
            if (deletes.TryGetValue(row.Key, out var existing))
            {
                deletes[row.Key] = (existing.Row, existing.Count + 1);
            }
            else
            {
                deletes[row.Key] = (row, 1);
                order.Add(row.Key);
            }
        }

        var inserts = new Dictionary<object, (ParsedRow Row, int Count)>();
        foreach (var row in parsed.Inserts)
        {
            if (inserts.TryGetValue(row.Key, out var existing))
            {
                inserts[row.Key] = (row, existing.Count + 1);
            }
            else
            {
                inserts[row.Key] = (row, 1);
                if (!deletes.ContainsKey(row.Key))
                {
                    order.Add(row.Key);
                }
            }
        }

        foreach (var key in order)
        {
            var hasDelete = deletes.TryGetValue(key, out var del);
            var hasInsert = inserts.TryGetValue(key, out var ins);
            _cache.TryGetValue(key, out var cached);
            if (cached is null)
            {
                if (hasInsert)
                {
                    parsed.PlannedInserts.Add(ins.Row.Row);
                    parsed.CacheWrites.Add((key, new CacheEntry(ins.Row.Row, ins.Row.Bytes, ins.Count)));
                }
                else
                {
                    Log.Warn($"Deleting a row of table {RemoteTableName} that is not in the client cache.");
                }

                continue;
            }

            var refCount = cached.RefCount - (hasDelete ? del.Count : 0) + (hasInsert ? ins.Count : 0);
            if (refCount <= 0)
            {
                parsed.PlannedDeletes.Add(cached.Row);
                parsed.CacheWrites.Add((key, null));
            }
            else if (hasInsert && !ins.Row.Bytes.AsSpan().SequenceEqual(cached.Bytes))
            {
                parsed.PlannedUpdates.Add((cached.Row, ins.Row.Row));
                parsed.CacheWrites.Add((key, new CacheEntry(ins.Row.Row, ins.Row.Bytes, refCount)));
            }
            else
            {
                parsed.CacheWrites.Add((key, new CacheEntry(cached.Row, cached.Bytes, refCount)));
            }
        }
    }

    private sealed class CacheEntry
    {
        public CacheEntry(Row row, byte[] bytes, int refCount)
        {
            Row = row;
            Bytes = bytes;
            RefCount = refCount;
        }

        public Row Row { get; }

        public byte[] Bytes { get; }

        public int RefCount { get; }
    }

    private readonly record struct ParsedRow(Row Row, object Key, byte[] Bytes);

    private sealed class Parsed : ParsedTableUpdate
    {
        public bool IsEvent { get; init; }

        public List<ParsedRow> Inserts { get; } = new();

        public List<ParsedRow> Deletes { get; } = new();

        public List<Row> PlannedInserts { get; } = new();

        public List<Row> PlannedDeletes { get; } = new();

        public List<(Row Old, Row New)> PlannedUpdates { get; } = new();

        public List<(object Key, CacheEntry? Entry)> CacheWrites { get; } = new();
    }
}

#if SDK_V2
public abstract class RemoteTableHandle<EventContext, Row> : RemoteTableHandleBase<EventContext, Row>
    where EventContext : class, IEventContext
    where Row : class, BSATN.IStructuralReadWrite, new()
{
    protected RemoteTableHandle(IDbConnection conn)
        : base(conn)
    {
    }

    public event RowEventHandler OnDelete
    {
        add => _onDelete.Add(value);
        remove => _onDelete.Remove(value);
    }

    public event RowEventHandler OnBeforeDelete
    {
        add => _onBeforeDelete.Add(value);
        remove => _onBeforeDelete.Remove(value);
    }

    public event UpdateEventHandler OnUpdate
    {
        add => _onUpdate.Add(value);
        remove => _onUpdate.Remove(value);
    }
}

public abstract class RemoteEventTableHandle<EventContext, Row> : RemoteTableHandleBase<EventContext, Row>
    where EventContext : class, IEventContext
    where Row : class, BSATN.IStructuralReadWrite, new()
{
    protected RemoteEventTableHandle(IDbConnection conn)
        : base(conn, isEventTable: true)
    {
    }
}
#endif
