using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Internal;

/// <summary>Finds tables and reducers of the bindings by the names apps write: exact wire name first, then loosely.</summary>
internal static class BindingLookup
{
    public static DriverTable? FindTable(IReadOnlyList<DriverTable> tables, string name)
    {
        DriverTable? loose = null;
        foreach (var table in tables)
        {
            if (NameMatch.IsExact(name, table.WireName))
            {
                return table;
            }

            if (loose is null && NameMatch.Matches(name, table.WireName, table.AccessorName))
            {
                loose = table;
            }
        }

        return loose;
    }

    public static DriverReducer? FindReducer(IReadOnlyList<DriverReducer> reducers, string name)
    {
        DriverReducer? loose = null;
        foreach (var reducer in reducers)
        {
            if (NameMatch.IsExact(name, reducer.WireName))
            {
                return reducer;
            }

            if (loose is null && NameMatch.Matches(name, reducer.WireName, reducer.AccessorName))
            {
                loose = reducer;
            }
        }

        return loose;
    }

    public static string DescribeTables(IReadOnlyList<DriverTable> tables)
    {
        var names = new List<string>(tables.Count);
        foreach (var table in tables)
        {
            names.Add(table.WireName);
        }

        return names.Count == 0 ? "(none)" : string.Join(", ", names);
    }

    public static string DescribeReducers(IReadOnlyList<DriverReducer> reducers)
    {
        var names = new List<string>(reducers.Count);
        foreach (var reducer in reducers)
        {
            names.Add(reducer.WireName);
        }

        return names.Count == 0 ? "(none)" : string.Join(", ", names);
    }
}
