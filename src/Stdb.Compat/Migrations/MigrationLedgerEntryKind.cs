namespace Stdb.Compat.Migrations;

/// <summary>What one ledger record says about its keys. The latest record for a key decides the key's state.</summary>
public enum MigrationLedgerEntryKind
{
    /// <summary>A batch with these keys is about to be sent; until resolved, whether it was applied is unknown.</summary>
    Intent = 0,

    /// <summary>The target committed these rows.</summary>
    Written = 1,

    /// <summary>The target rejected this row; <see cref="MigrationLedgerEntry.Reason"/> says why (the reducer's text).</summary>
    Rejected = 2,

    /// <summary>The batch was certainly not applied (rejected as a whole and split, or found absent after an ambiguous outcome).</summary>
    NotApplied = 3,

    /// <summary>A rollback batch with these keys is about to be sent.</summary>
    RollbackIntent = 4,

    /// <summary>The target deleted these rows during a rollback: they are no longer written.</summary>
    RolledBack = 5,
}
