// Mirrors the column handles the codegen's <Table>Cols / <Table>IxCols classes construct: Col<TRow, TValue> and
// IxCol<TRow, TValue> of sdks/csharp/src/QueryBuilder.cs at v1.12.0 and crates/bindings-csharp/BSATN.Runtime/QueryBuilder.cs
// at v2.8.0 (readonly structs built from (tableName, columnName)). Only the constructor shape is reproduced; the real
// query-building operators (Eq, Neq, Lt, …, joins) are not, since no fixture or driver uses them (stand-in gap).
// Generic constraints as in the real source (where TValue : notnull); 1.12 adds NullableCol / NullableIxCol, which the
// 1.12 codegen emits for Option columns (2.x codegen emits Col/IxCol over the inner type). 2.x adds Table<TRow, TCols,
// TIxCols> (what the 2.x codegen's From class returns): construction and ToSql only, no Where/Filter/semijoins (stand-in gap).
namespace SpacetimeDB;

public readonly struct Col<TRow, TValue>
    where TValue : notnull
{
    private readonly string _tableName;
    private readonly string _columnName;

    public Col(string tableName, string columnName)
    {
        _tableName = tableName;
        _columnName = columnName;
    }

    public override string ToString() => $"\"{_tableName}\".\"{_columnName}\"";
}

public readonly struct IxCol<TRow, TValue>
    where TValue : notnull
{
    private readonly string _tableName;
    private readonly string _columnName;

    public IxCol(string tableName, string columnName)
    {
        _tableName = tableName;
        _columnName = columnName;
    }

    public override string ToString() => $"\"{_tableName}\".\"{_columnName}\"";
}

#if SDK_V1
/// <summary>1.12: the column handle the codegen emits for an <c>Option</c> column (inner type as <typeparamref name="TValue"/>).</summary>
public readonly struct NullableCol<TRow, TValue>
    where TValue : notnull
{
    private readonly string _tableName;
    private readonly string _columnName;

    public NullableCol(string tableName, string columnName)
    {
        _tableName = tableName;
        _columnName = columnName;
    }

    public override string ToString() => $"\"{_tableName}\".\"{_columnName}\"";
}

/// <summary>1.12: the indexed column handle the codegen emits for an <c>Option</c> column.</summary>
public readonly struct NullableIxCol<TRow, TValue>
    where TValue : notnull
{
    private readonly string _tableName;
    private readonly string _columnName;

    public NullableIxCol(string tableName, string columnName)
    {
        _tableName = tableName;
        _columnName = columnName;
    }

    public override string ToString() => $"\"{_tableName}\".\"{_columnName}\"";
}

/// <summary>1.12: a table source of the typed query builder (the generated <c>From</c> class returns one per table).</summary>
/// <remarks>Only construction, <c>ToSql</c> and <c>Build</c> are reproduced; <c>Where</c>/<c>Filter</c>/semijoins are not (stand-in gap).</remarks>
public sealed class Table<TRow, TCols, TIxCols>
{
    private readonly string _tableName;

    public Table(string tableName, TCols cols, TIxCols ixCols)
    {
        _tableName = tableName;
        _ = cols;
        _ = ixCols;
    }

    public string ToSql() => "SELECT * FROM \"" + _tableName.Replace("\"", "\"\"") + "\"";

    public Query<TRow> Build() => new(ToSql());
}
#endif

#if SDK_V2
/// <summary>
/// 2.x: the table handle the codegen's <c>From</c> class returns for each table (built from the SQL name and the
/// table's Cols / IxCols). Only construction and <see cref="ToSql"/> are reproduced; Where / Filter / semijoins are not
/// (no fixture or driver uses them).
/// </summary>
public sealed class Table<TRow, TCols, TIxCols> : IQuery<TRow>
{
    private readonly string _tableName;

    public Table(string tableName, TCols cols, TIxCols ixCols)
    {
        _tableName = tableName;
        Cols = cols;
        IxCols = ixCols;
    }

    internal TCols Cols { get; }

    internal TIxCols IxCols { get; }

    public string ToSql() => $"SELECT * FROM \"{_tableName.Replace("\"", "\"\"")}\"";
}
#endif
