using System;
using System.Collections.Generic;

namespace Stdb.Compat;

/// <summary>
/// Several tables of the bindings share the asked row type (e.g. a table and the views declared over it) and none of
/// them is named after it: name the table with <c>Table&lt;TRow&gt;("wire_name")</c> (or
/// <c>Rows&lt;TRow, TModel&gt;(adapter, table: "wire_name")</c> on a schema path).
/// </summary>
public sealed class AmbiguousTableException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rowType">The row type that was asked for.</param>
    /// <param name="candidates">The wire names of every table with that row type.</param>
    public AmbiguousTableException(string rowType, IReadOnlyList<string> candidates)
        : base($"Several tables have the row type '{rowType}': {string.Join(", ", candidates ?? throw new ArgumentNullException(nameof(candidates)))}. Name one: call Table<TRow>(\"{(candidates.Count > 0 ? candidates[0] : "wire_name")}\") (or Rows<TRow, TModel>(adapter, table: \"...\") on a schema path).")
    {
        RowType = rowType;
        Candidates = candidates;
    }

    /// <summary>The row type that was asked for.</summary>
    public string RowType { get; }

    /// <summary>The wire names of every table with that row type.</summary>
    public IReadOnlyList<string> Candidates { get; }
}
