using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Server;

/// <summary>
/// Access to one table of a simulated database: inside a reducer (part of the reducer's transaction) or from a test
/// through <see cref="SimDatabase"/> (each write is its own transaction without a caller, like SQL).
/// </summary>
public sealed class SimTable
{
    private readonly SimulatedServer _server;
    private readonly DatabaseState _db;
    private readonly Transaction? _tx;

    internal SimTable(SimulatedServer server, DatabaseState db, string name, Transaction? tx)
    {
        _server = server;
        _db = db;
        _tx = tx;
        _ = db.Table(name);
        Name = name;
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>The table's columns.</summary>
    public IReadOnlyList<SimColumn> Columns => _server.Read(() => _db.Table(Name).Def.Columns);

    /// <summary>Number of stored rows (always 0 for an event table).</summary>
    public int Count => _server.Read(() => _db.Table(Name).Rows.Count);

    /// <summary>Finds a row by primary key.</summary>
    /// <exception cref="InvalidOperationException">The table has no primary key.</exception>
    public SimRow? Find(object key) => _server.Read(() =>
    {
        TableState table = _db.Table(Name);
        RequirePrimaryKey(table, "Find");
        return table.Rows.TryGetValue(table.KeyOfValue(key), out StoredRow row) ? row.Row : null;
    });

    /// <summary>All rows in insertion order (empty for an event table).</summary>
    public IReadOnlyList<SimRow> Iter() => _server.Read(() => _db.Table(Name).Ordered().Select(r => r.Row).ToArray());

    /// <summary>
    /// Inserts a row and returns it as stored (an auto-increment column given as 0 takes the next sequence value).
    /// In an event table the row is only delivered to subscribers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The primary key is taken.</exception>
    public SimRow Insert(SimRow row)
    {
        if (row is null)
        {
            throw new ArgumentNullException(nameof(row));
        }

        return Write(tx =>
        {
            TableState table = tx.Writable(Name);
            TableDef def = table.Def;
            if (row.Count != def.Columns.Count)
            {
                throw new ArgumentException($"Insert into '{Name}': the row has {row.Count} values but the table has {def.Columns.Count} columns ({string.Join(", ", def.Columns.Select(c => c.Name))}).", nameof(row));
            }

            SimRow stored = row.WithColumns(def.Columns);
            if (def.AutoIncIndex >= 0 && TableState.IsZero(stored[def.AutoIncIndex]))
            {
                stored = stored.With(def.AutoIncIndex, table.NextSequenceValue(def.Columns[def.AutoIncIndex].Type));
            }

            byte[] bytes = Encode(def, stored);
            stored = BsatnCodec.DecodeRow(def.Columns, bytes);
            if (def.IsEvent)
            {
                tx.AddEvent(Name, bytes);
                return stored;
            }

            string key = table.KeyOfRow(stored, bytes);
            if (table.Rows.ContainsKey(key))
            {
                if (!def.HasPrimaryKey)
                {
                    return stored; // tables are sets: an identical row is already there
                }

                throw new InvalidOperationException($"Unique constraint violation: table '{Name}' already has a row with {def.Columns[def.PrimaryKeyIndex].Name} = {SimValues.Format(stored[def.PrimaryKeyIndex])}.");
            }

            table.Rows[key] = new StoredRow(table.NextSeq++, stored, bytes);
            return stored;
        });
    }

    /// <summary>Replaces the row with the same primary key.</summary>
    /// <exception cref="InvalidOperationException">No row has that key, or the table has no primary key.</exception>
    public SimRow Update(SimRow row)
    {
        if (row is null)
        {
            throw new ArgumentNullException(nameof(row));
        }

        return Write(tx =>
        {
            TableState table = tx.Writable(Name);
            TableDef def = table.Def;
            RequirePrimaryKey(table, "Update");
            if (row.Count != def.Columns.Count)
            {
                throw new ArgumentException($"Update of '{Name}': the row has {row.Count} values but the table has {def.Columns.Count} columns.", nameof(row));
            }

            byte[] bytes = Encode(def, row.WithColumns(def.Columns));
            SimRow stored = BsatnCodec.DecodeRow(def.Columns, bytes);
            string key = table.KeyOfRow(stored, bytes);
            if (!table.Rows.TryGetValue(key, out StoredRow existing))
            {
                throw new InvalidOperationException($"Update of '{Name}': no row with {def.Columns[def.PrimaryKeyIndex].Name} = {SimValues.Format(stored[def.PrimaryKeyIndex])}.");
            }

            table.Rows[key] = new StoredRow(existing.Seq, stored, bytes);
            return stored;
        });
    }

    /// <summary>Deletes a row (by its primary key when the table has one, else by value). Returns whether a row was deleted.</summary>
    public bool Delete(SimRow row)
    {
        if (row is null)
        {
            throw new ArgumentNullException(nameof(row));
        }

        return Write(tx =>
        {
            TableState table = tx.Writable(Name);
            if (table.Def.HasPrimaryKey)
            {
                return table.Rows.Remove(table.KeyOfValue(row[table.Def.PrimaryKeyIndex]));
            }

            byte[] bytes = Encode(table.Def, row.WithColumns(table.Def.Columns));
            return table.Rows.Remove(table.KeyOfRow(row, bytes));
        });
    }

    /// <summary>Deletes the row with this primary key. Returns whether a row was deleted.</summary>
    public bool DeleteByKey(object key) => Write(tx =>
    {
        TableState table = tx.Writable(Name);
        RequirePrimaryKey(table, "DeleteByKey");
        return table.Rows.Remove(table.KeyOfValue(key));
    });

    private static byte[] Encode(TableDef def, SimRow row)
    {
        try
        {
            return BsatnCodec.EncodeRow(def.Columns, row);
        }
        catch (BsatnException ex)
        {
            throw new ArgumentException($"Row {row} does not match table '{def.Name}': {ex.Message}", nameof(row), ex);
        }
    }

    private static void RequirePrimaryKey(TableState table, string operation)
    {
        if (!table.Def.HasPrimaryKey)
        {
            throw new InvalidOperationException($"{operation} needs a primary key, but table '{table.Def.Name}' has none.");
        }
    }

    private T Write<T>(Func<Transaction, T> write) => _tx is not null ? write(_tx) : _server.RunSystemTransaction(_db, write);
}
