// Mirrors the column handles the codegen's <Table>Cols / <Table>IxCols classes construct: Col<TRow, TValue> and
// IxCol<TRow, TValue> of sdks/csharp/src/QueryBuilder.cs at v1.12.0 and crates/bindings-csharp/BSATN.Runtime/QueryBuilder.cs
// at v2.8.0 (readonly structs built from (tableName, columnName)). Only the constructor shape is reproduced; the real
// query-building operators (Eq, Neq, Lt, …, joins) are not, since no fixture or driver uses them (stand-in gap).
namespace SpacetimeDB;

public readonly struct Col<TRow, TValue>
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
