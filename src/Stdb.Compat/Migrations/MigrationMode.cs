namespace Stdb.Compat.Migrations;

/// <summary>What a run did.</summary>
public enum MigrationMode
{
    /// <summary>Copied rows to the target.</summary>
    Copy = 0,

    /// <summary>Transformed and validated every row; wrote nothing.</summary>
    DryRun = 1,

    /// <summary>Deleted the rows the ledger holds, through the delete reducer.</summary>
    Rollback = 2,
}
