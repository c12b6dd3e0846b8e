namespace Stdb.Compat.Tables;

/// <summary>One row change, passed by value to handlers; creating it allocates nothing.</summary>
/// <typeparam name="TRow">The row type.</typeparam>
public readonly struct RowChange<TRow>
    where TRow : class
{
    /// <summary>Creates a change.</summary>
    public RowChange(RowChangeKind kind, TRow row, TRow? oldRow, RowOrigin origin)
    {
        Kind = kind;
        Row = row;
        OldRow = oldRow;
        Origin = origin;
    }

    /// <summary>Insert, update or delete.</summary>
    public RowChangeKind Kind { get; }

    /// <summary>The inserted row, the new row of an update, or the deleted row.</summary>
    public TRow Row { get; }

    /// <summary>The previous row of an update; null otherwise.</summary>
    public TRow? OldRow { get; }

    /// <summary>What caused the change.</summary>
    public RowOrigin Origin { get; }
}
