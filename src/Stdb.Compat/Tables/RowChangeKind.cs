namespace Stdb.Compat.Tables;

/// <summary>The kind of a row change.</summary>
public enum RowChangeKind
{
    /// <summary>A row appeared.</summary>
    Insert = 0,

    /// <summary>A row with the same primary key changed.</summary>
    Update = 1,

    /// <summary>A row disappeared.</summary>
    Delete = 2,
}
