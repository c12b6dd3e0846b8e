using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Internal;

/// <summary>Finds tables and reducers of the bindings by the names apps write: exact wire name first, then loosely.</summary>
internal static class BindingLookup
{
    public static DriverTable? FindTable(IReadOnlyList<DriverTable> tables, string name) =>
        Find(tables, name, static t => t.WireName, static t => t.AccessorName);

    /// <summary>
    /// The one ordinary table whose row type is <paramref name="rowType"/>, or null when none. Tables (and views) that
    /// share a row type resolve to the one whose accessor is named after the row type (codegen names a row type after
    /// the table it was declared for); otherwise the choice is the app's to make.
    /// </summary>
    /// <exception cref="AmbiguousTableException">Several share it and not exactly one is named after it.</exception>
    public static DriverTable? FindTableByRowType(IReadOnlyList<DriverTable> tables, Type rowType)
    {
        DriverTable? only = null;
        List<DriverTable>? several = null;
        foreach (var table in tables)
        {
            if (table.IsEventTable || table.RowType != rowType)
            {
                continue;
            }

            if (only is null)
            {
                only = table;
            }
            else
            {
                (several ??= new List<DriverTable> { only }).Add(table);
            }
        }

        if (several is null)
        {
            return only;
        }

        DriverTable? named = null;
        var count = 0;
        var candidates = new List<string>(several.Count);
        foreach (var table in several)
        {
            candidates.Add(table.WireName);
            if (string.Equals(table.AccessorName, rowType.Name, StringComparison.Ordinal))
            {
                named = table;
                count++;
            }
        }

        return count == 1 ? named : throw new AmbiguousTableException(rowType.FullName ?? rowType.Name, candidates);
    }

    /// <summary>The ordinary table named <paramref name="name"/> (wire or accessor name), whose row type must be <paramref name="rowType"/>.</summary>
    /// <exception cref="UnknownTableException">No table has that name, or it is an event table.</exception>
    /// <exception cref="ArgumentException">The table's row type is another type.</exception>
    public static DriverTable FindTableOfRowType(IReadOnlyList<DriverTable> tables, string name, Type rowType)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var table = FindTable(tables, name) ?? throw new UnknownTableException(name, DescribeTables(tables));
        if (table.IsEventTable)
        {
            throw EventTable(table);
        }

        if (table.RowType != rowType)
        {
            throw new ArgumentException($"Table '{table.WireName}' has the row type {table.RowType.FullName}, not {rowType.FullName}.", nameof(rowType));
        }

        return table;
    }

    /// <summary>The error for a view asked of an event table.</summary>
    public static UnknownTableException EventTable(DriverTable table) =>
        new(table.WireName, $"'{table.WireName}' is an event table: its rows are never cached; declare an event stream with FromEventTable(\"{table.WireName}\") and use Events<T>()");

    public static DriverReducer? FindReducer(IReadOnlyList<DriverReducer> reducers, string name) =>
        Find(reducers, name, static r => r.WireName, static r => r.AccessorName);

    public static string DescribeTables(IReadOnlyList<DriverTable> tables) => Describe(tables, static t => t.WireName);

    public static string DescribeReducers(IReadOnlyList<DriverReducer> reducers) => Describe(reducers, static r => r.WireName);

    private static T? Find<T>(IReadOnlyList<T> items, string name, Func<T, string> wireName, Func<T, string> accessorName)
        where T : class
    {
        T? loose = null;
        foreach (var item in items)
        {
            if (NameMatch.IsExact(name, wireName(item)))
            {
                return item;
            }

            if (loose is null && NameMatch.Matches(name, wireName(item), accessorName(item)))
            {
                loose = item;
            }
        }

        return loose;
    }

    private static string Describe<T>(IReadOnlyList<T> items, Func<T, string> wireName)
    {
        var names = new List<string>(items.Count);
        foreach (var item in items)
        {
            names.Add(wireName(item));
        }

        return names.Count == 0 ? "(none)" : string.Join(", ", names);
    }
}
