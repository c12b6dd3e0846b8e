using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Driver;

/// <summary>A bound table: description plus how to decode its rows.</summary>
internal abstract class TableBinding
{
    protected TableBinding(DriverTable table, IReadOnlyList<SimColumn> columns, int primaryKeyIndex)
    {
        Table = table;
        Columns = columns;
        PrimaryKeyIndex = primaryKeyIndex;
    }

    public DriverTable Table { get; }

    public IReadOnlyList<SimColumn> Columns { get; }

    public int PrimaryKeyIndex { get; }

    public abstract ITableCache CreateCache();
}

internal sealed class TableBinding<TRow> : TableBinding
    where TRow : class
{
    public TableBinding(DriverTable<TRow> table, IReadOnlyList<SimColumn> columns, Func<SimRow, TRow> decode, int primaryKeyIndex)
        : base(table, columns, primaryKeyIndex)
    {
        Decode = decode;
    }

    public Func<SimRow, TRow> Decode { get; }

    public override ITableCache CreateCache() => new TableCache<TRow>(this);
}

/// <summary>A bound reducer: description plus argument encoding.</summary>
internal sealed class ReducerBinding
{
    public ReducerBinding(DriverReducer reducer, IReadOnlyList<SimColumn> parameters, Func<object, SimRow> encode, Func<SimRow, object> decode, bool noSuccessNotify)
    {
        Reducer = reducer;
        Parameters = parameters;
        Encode = encode;
        Decode = decode;
        NoSuccessNotify = noSuccessNotify;
    }

    public DriverReducer Reducer { get; }

    public IReadOnlyList<SimColumn> Parameters { get; }

    public Func<object, SimRow> Encode { get; }

    public Func<SimRow, object> Decode { get; }

    public bool NoSuccessNotify { get; }
}
