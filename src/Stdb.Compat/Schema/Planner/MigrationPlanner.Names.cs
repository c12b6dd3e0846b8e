using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Planner;

// MigrationPlanner: the server's names for indexes, constraints and schedules, and by-name lookups.
internal static partial class MigrationPlanner
{
    // ---- names -------------------------------------------------------------------------------------------------

    /// <summary>The index name the server keys it by: the given name in V9, else <c>{table}_{columns}_idx_{algorithm}</c>.</summary>
    internal static string IndexName(ModuleSchema schema, TableSchema table, IndexSchema index)
    {
        if (schema.Source != SchemaSource.ModuleDefV10 && index.Name is not null)
        {
            return index.Name;
        }

        return table.Name + "_" + ColumnNames(table, index.Columns) + "_idx_" + index.AlgorithmName.ToLowerInvariant();
    }

    /// <summary>The constraint name the server keys it by: the given name in V9, else <c>{table}_{columns}_key</c> (always in V10).</summary>
    internal static string ConstraintName(ModuleSchema schema, TableSchema table, ConstraintSchema constraint)
    {
        if (schema.Source != SchemaSource.ModuleDefV10 && constraint.Name is not null)
        {
            return constraint.Name;
        }

        return table.Name + "_" + ColumnNames(table, constraint.Columns) + "_key";
    }

    private static string? ScheduleKey(TableSchema table, ModuleSchema schema) =>
        table.Schedule is null ? null
        : schema.Source != SchemaSource.ModuleDefV10 && table.Schedule.Name is not null ? table.Schedule.Name : table.Name + "_sched";

    private static bool SameSchedule(ScheduleSchema? o, string? oKey, ScheduleSchema? n, string? nKey)
    {
        if (o is null || n is null)
        {
            return o is null && n is null;
        }

        return string.Equals(oKey, nKey, StringComparison.Ordinal) && string.Equals(o.FunctionName, n.FunctionName, StringComparison.Ordinal)
            && o.Column == n.Column;
    }

    private static string ColumnNames(TableSchema table, IReadOnlyList<int> columns)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('_');
            }

            sb.Append(ColumnName(table, columns[i]));
        }

        return sb.ToString();
    }

    private static string ColumnName(TableSchema table, int position) =>
        position < table.Columns.Count ? ColumnName(table.Columns[position]) : "col_" + position.ToString(CultureInfo.InvariantCulture);

    private static string ColumnName(ColumnSchema column) => column.Name ?? "col_" + column.Position.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, ColumnSchema> ColumnsByName(IReadOnlyList<ColumnSchema> columns)
    {
        var d = new Dictionary<string, ColumnSchema>(columns.Count, StringComparer.Ordinal);
        foreach (var c in columns)
        {
            d[ColumnName(c)] = c;
        }

        return d;
    }

    private static Dictionary<string, T> ByName<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var d = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            d[name(item)] = item;
        }

        return d;
    }

    private static Dictionary<string, (string Table, T Item)> SubObjects<T>(ModuleSchema schema, Func<TableSchema, IReadOnlyList<T>> items,
        Func<TableSchema, T, string> name)
    {
        var d = new Dictionary<string, (string, T)>(StringComparer.Ordinal);
        foreach (var t in schema.Tables)
        {
            foreach (var item in items(t))
            {
                d[name(t, item)] = (t.Name, item);
            }
        }

        return d;
    }
}
