using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Internal;

/// <summary>Finds tables and reducers of the bindings by the names apps write: exact wire name first, then loosely.</summary>
internal static class BindingLookup
{
    public static DriverTable? FindTable(IReadOnlyList<DriverTable> tables, string name) =>
        Find(tables, name, static t => t.WireName, static t => t.AccessorName);

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
