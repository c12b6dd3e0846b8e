using System;

namespace Stdb.Compat;

/// <summary>A table name or row type that the bindings do not know.</summary>
public sealed class UnknownTableException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public UnknownTableException(string table, string knownTables)
        : base($"The bindings have no table named '{table}'. Known tables: {knownTables}.")
    {
        Table = table;
    }

    /// <summary>The name (or row type) that was asked for.</summary>
    public string Table { get; }
}
