using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Server;

/// <summary>One stored row: insertion sequence (for a stable order), value and BSATN bytes.</summary>
internal readonly record struct StoredRow(long Seq, SimRow Row, byte[] Bytes);

/// <summary>The rows of one table, keyed by primary key (or by the whole row for tables without one).</summary>
internal sealed class TableState
{
    public TableState(TableDef def)
    {
        Def = def;
    }

    public TableDef Def { get; set; }

    public Dictionary<string, StoredRow> Rows { get; private set; } = new(StringComparer.Ordinal);

    public long NextSeq { get; set; } = 1;

    public long NextAutoInc { get; set; } = 1;

    public TableState Clone() => new(Def)
    {
        Rows = new Dictionary<string, StoredRow>(Rows, StringComparer.Ordinal),
        NextSeq = NextSeq,
        NextAutoInc = NextAutoInc,
    };

    public IEnumerable<StoredRow> Ordered() => Rows.Values.OrderBy(r => r.Seq);

    public string KeyOfRow(SimRow row, byte[] bytes) => Def.HasPrimaryKey ? KeyOfValue(row[Def.PrimaryKeyIndex]) : Convert.ToBase64String(bytes);

    public string KeyOfValue(object? pk) => Convert.ToBase64String(BsatnCodec.Encode(Def.Columns[Def.PrimaryKeyIndex].Type, pk));

    public object NextSequenceValue(SimType type)
    {
        long value = NextAutoInc++;
        return type.Kind switch
        {
            SimTypeKind.U8 => (object)(byte)value,
            SimTypeKind.U16 => (object)(ushort)value,
            SimTypeKind.U32 => (object)(uint)value,
            SimTypeKind.U64 => (object)(ulong)value,
            SimTypeKind.I8 => (object)(sbyte)value,
            SimTypeKind.I16 => (object)(short)value,
            SimTypeKind.I32 => (object)(int)value,
            SimTypeKind.I64 => (object)value,
            _ => (object)new System.Numerics.BigInteger(value),
        };
    }

    public static bool IsZero(object? value) => value switch
    {
        null => false,
        System.Numerics.BigInteger b => b.IsZero,
        IConvertible c when SimValues.IsNumeric(value.GetType()) => c.ToDecimal(CultureInfo.InvariantCulture) == 0m,
        _ => false,
    };
}

/// <summary>A database: its module and its tables.</summary>
internal sealed class DatabaseState
{
    public DatabaseState(string name, SimModule module)
    {
        Name = name;
        Install(module);
    }

    public string Name { get; }

    public ModuleDefVersion ModuleVersion { get; private set; }

    public Dictionary<string, TableState> Tables { get; } = new(StringComparer.Ordinal);

    public List<string> TableOrder { get; } = new();

    public Dictionary<string, (ReducerDef Def, uint Id)> Reducers { get; } = new(StringComparer.Ordinal);

    public List<ServerConnection> Connections { get; } = new();

    public void Install(SimModule module)
    {
        ModuleVersion = module.Version;
        Reducers.Clear();
        uint id = 0;
        foreach (ReducerDef r in module.Reducers)
        {
            Reducers[r.Name] = (r, id++);
        }
    }

    public TableState Table(string name) =>
        Tables.TryGetValue(name, out TableState? table)
            ? table
            : throw new KeyNotFoundException($"Database '{Name}' has no table '{name}'; it has {string.Join(", ", TableOrder)}.");
}

/// <summary>The net row changes of a committed transaction, per table, as BSATN rows.</summary>
internal sealed class ChangeSet
{
    public List<string> TableOrder { get; } = new();

    public Dictionary<string, (List<byte[]> Inserts, List<byte[]> Deletes)> Tables { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Tables.Values.All(t => t.Inserts.Count == 0 && t.Deletes.Count == 0);

    public (List<byte[]> Inserts, List<byte[]> Deletes) For(string table)
    {
        if (!Tables.TryGetValue(table, out var entry))
        {
            entry = (new List<byte[]>(), new List<byte[]>());
            Tables[table] = entry;
            TableOrder.Add(table);
        }

        return entry;
    }
}

/// <summary>A write transaction: copy-on-write snapshots of touched tables, rolled back or diffed at the end.</summary>
internal sealed class Transaction
{
    private readonly Dictionary<string, TableState> _before = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<byte[]>> _events = new(StringComparer.Ordinal);

    public Transaction(DatabaseState db)
    {
        Database = db;
    }

    public DatabaseState Database { get; }

    public bool Completed { get; private set; }

    public TableState Writable(string table)
    {
        EnsureOpen();
        TableState current = Database.Table(table);
        if (!_before.ContainsKey(table))
        {
            _before[table] = current.Clone();
        }

        return current;
    }

    public void AddEvent(string table, byte[] row)
    {
        EnsureOpen();
        if (!_events.TryGetValue(table, out List<byte[]>? rows))
        {
            rows = new List<byte[]>();
            _events[table] = rows;
        }

        rows.Add(row);
    }

    public void Rollback()
    {
        foreach (KeyValuePair<string, TableState> snapshot in _before)
        {
            Database.Tables[snapshot.Key] = snapshot.Value;
        }

        Completed = true;
    }

    public ChangeSet Commit()
    {
        Completed = true;
        var changes = new ChangeSet();
        foreach (string table in Database.TableOrder)
        {
            if (_before.TryGetValue(table, out TableState? before))
            {
                TableState after = Database.Tables[table];
                var deletes = before.Ordered().Where(r => !after.Rows.TryGetValue(before.KeyOfRow(r.Row, r.Bytes), out StoredRow a) || !a.Bytes.AsSpan().SequenceEqual(r.Bytes)).ToList();
                var inserts = after.Ordered().Where(r => !before.Rows.TryGetValue(after.KeyOfRow(r.Row, r.Bytes), out StoredRow b) || !b.Bytes.AsSpan().SequenceEqual(r.Bytes)).ToList();
                if (deletes.Count > 0 || inserts.Count > 0)
                {
                    var entry = changes.For(table);
                    entry.Deletes.AddRange(deletes.Select(r => r.Bytes));
                    entry.Inserts.AddRange(inserts.Select(r => r.Bytes));
                }
            }

            if (_events.TryGetValue(table, out List<byte[]>? events))
            {
                changes.For(table).Inserts.AddRange(events);
            }
        }

        return changes;
    }

    private void EnsureOpen()
    {
        if (Completed)
        {
            throw new InvalidOperationException("The transaction has already completed; table handles from a reducer cannot be used after it returns.");
        }
    }
}
