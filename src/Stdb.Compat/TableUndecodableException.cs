using System;

namespace Stdb.Compat;

/// <summary>
/// A table whose rows the bindings can no longer decode (the live module appended, removed or retyped a column, or
/// dropped the table): the client never subscribes to it, so the SDK's decoder never sees its rows. Carried by
/// <see cref="Tables.ITableView{TRow}.Fault"/>; the compatibility snapshot lists every such table.
/// </summary>
public sealed class TableUndecodableException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="table">The table's wire name.</param>
    /// <param name="reason">Why its rows no longer decode (the schema change).</param>
    public TableUndecodableException(string table, string reason)
        : base($"Table '{table}' is not subscribed: its rows no longer decode with the bindings ({reason}). Regenerate the bindings against the live module.")
    {
        Table = table;
        Reason = reason;
    }

    /// <summary>The table's wire name.</summary>
    public string Table { get; }

    /// <summary>Why its rows no longer decode.</summary>
    public string Reason { get; }
}
