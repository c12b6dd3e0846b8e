using System;
using System.Collections.Generic;

namespace Stdb.Compat.Driver;

/// <summary>A table the bindings know: its names, row type, key and kind.</summary>
public abstract class DriverTable
{
    private protected DriverTable(string wireName, string accessorName, Type rowType, bool isEventTable, IReadOnlyList<DriverField> fields)
    {
        if (string.IsNullOrEmpty(wireName))
        {
            throw new ArgumentException("A table needs a wire name.", nameof(wireName));
        }

        if (string.IsNullOrEmpty(accessorName))
        {
            throw new ArgumentException("A table needs an accessor name.", nameof(accessorName));
        }

        WireName = wireName;
        AccessorName = accessorName;
        RowType = rowType;
        IsEventTable = isEventTable;
        Fields = fields ?? Array.Empty<DriverField>();
    }

    /// <summary>Name the server knows the table by (the handle's <c>RemoteTableName</c>).</summary>
    public string WireName { get; }

    /// <summary>Name of the handle on <c>RemoteTables</c>, e.g. <c>Player</c>.</summary>
    public string AccessorName { get; }

    /// <summary>The generated row type.</summary>
    public Type RowType { get; }

    /// <summary>True for a 2.x event table: rows are delivered once through inserts and never cached.</summary>
    public bool IsEventTable { get; }

    /// <summary>Columns in positional (BSATN) order.</summary>
    public IReadOnlyList<DriverField> Fields { get; }

    /// <summary>Name of the primary-key column, or null when the table has none.</summary>
    public abstract string? PrimaryKeyColumn { get; }

    /// <summary>Dispatches to the visitor method that matches this table's static shape, without reflection.</summary>
    public abstract TResult Accept<TResult>(IDriverTableVisitor<TResult> visitor);

    /// <inheritdoc />
    public override string ToString() => WireName;
}

/// <summary>A table whose rows are identified by their whole value (no primary key), or an event table.</summary>
/// <typeparam name="TRow">The generated row type.</typeparam>
public class DriverTable<TRow> : DriverTable
    where TRow : class
{
    /// <summary>Creates a table description without a primary key.</summary>
    public DriverTable(string wireName, string accessorName, bool isEventTable, IReadOnlyList<DriverField> fields)
        : base(wireName, accessorName, typeof(TRow), isEventTable, fields)
    {
    }

    /// <inheritdoc />
    public override string? PrimaryKeyColumn => null;

    /// <inheritdoc />
    public override TResult Accept<TResult>(IDriverTableVisitor<TResult> visitor)
    {
        if (visitor is null)
        {
            throw new ArgumentNullException(nameof(visitor));
        }

        return visitor.VisitUnkeyed(this);
    }
}

/// <summary>A table with a primary key.</summary>
/// <typeparam name="TRow">The generated row type.</typeparam>
/// <typeparam name="TKey">The primary-key type.</typeparam>
public sealed class DriverTable<TRow, TKey> : DriverTable<TRow>
    where TRow : class
    where TKey : notnull
{
    private readonly Func<TRow, TKey> _getKey;

    /// <summary>Creates a table description with a primary key.</summary>
    public DriverTable(string wireName, string accessorName, IReadOnlyList<DriverField> fields, string primaryKeyColumn, Func<TRow, TKey> getKey)
        : base(wireName, accessorName, isEventTable: false, fields)
    {
        if (string.IsNullOrEmpty(primaryKeyColumn))
        {
            throw new ArgumentException("A keyed table needs its primary-key column name.", nameof(primaryKeyColumn));
        }

        PrimaryKey = primaryKeyColumn;
        _getKey = getKey ?? throw new ArgumentNullException(nameof(getKey));
    }

    /// <summary>Name of the primary-key column.</summary>
    public string PrimaryKey { get; }

    /// <inheritdoc />
    public override string? PrimaryKeyColumn => PrimaryKey;

    /// <summary>Extracts the primary key of a row.</summary>
    public TKey GetKey(TRow row) => _getKey(row);

    /// <inheritdoc />
    public override TResult Accept<TResult>(IDriverTableVisitor<TResult> visitor)
    {
        if (visitor is null)
        {
            throw new ArgumentNullException(nameof(visitor));
        }

        return visitor.VisitKeyed(this);
    }
}

/// <summary>Double dispatch over the static shape of a <see cref="DriverTable"/>.</summary>
/// <typeparam name="TResult">What the visit produces.</typeparam>
public interface IDriverTableVisitor<out TResult>
{
    /// <summary>Visits a table without a primary key (or an event table).</summary>
    TResult VisitUnkeyed<TRow>(DriverTable<TRow> table)
        where TRow : class;

    /// <summary>Visits a table with a primary key.</summary>
    TResult VisitKeyed<TRow, TKey>(DriverTable<TRow, TKey> table)
        where TRow : class
        where TKey : notnull;
}
