// Mirrors the column handles the codegen's <Table>Cols / <Table>IxCols classes construct: Col<TRow, TValue> and
// IxCol<TRow, TValue> of sdks/csharp/src/QueryBuilder.cs at v1.12.0 and crates/bindings-csharp/BSATN.Runtime/QueryBuilder.cs
// at v2.8.0 (readonly structs built from (tableName, columnName)). Only the constructor shape is reproduced; the real
// query-building operators (Eq, Neq, Lt, …, joins) are not, since no fixture or driver uses them (stand-in gap).
// Generic constraints as in the real source (where TValue : notnull); 1.12 adds NullableCol / NullableIxCol, which the
// 1.12 codegen emits for Option columns (2.x codegen emits Col/IxCol over the inner type). Both add Table<TRow, TCols,
// TIxCols> (what the codegen's From class returns): construction and ToSql (+ Build at 1.12), no Where/Filter/semijoins (stand-in gap).
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
#endif

/// <summary>
/// A table source of the typed query builder: the codegen's <c>From</c> class returns one per table, built from the SQL
/// name and the table's Cols / IxCols (sdks/csharp/src/QueryBuilder.cs at v1.12.0: a plain class with <c>Build</c>;
/// crates/bindings-csharp/BSATN.Runtime/QueryBuilder.cs at v2.8.0: an <c>IQuery&lt;TRow&gt;</c>). Only construction,
/// <see cref="ToSql"/> and (1.12) <c>Build</c> are reproduced; Where / Filter / semijoins are not (no fixture or driver
/// uses them).
/// </summary>
public sealed class Table<TRow, TCols, TIxCols>
#if SDK_V2
    : IQuery<TRow>
#endif
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
#if SDK_V1

    public Query<TRow> Build() => new(ToSql());
#endif
}
