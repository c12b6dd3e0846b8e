namespace Stdb.Compat.Migrations;

/// <summary>How a run ended. Every status but <see cref="Completed"/> is resumable: run again with the same ledger.</summary>
public enum MigrationRunStatus
{
    /// <summary>Every source row is written or recorded as rejected.</summary>
    Completed = 0,

    /// <summary>More rows were rejected than <c>MaxRejectedRows</c> allows.</summary>
    StoppedOnFailures = 1,

    /// <summary>A batch could not be delivered (not connected, or ambiguous outcomes beyond the attempts allowed).</summary>
    Failed = 2,
}
