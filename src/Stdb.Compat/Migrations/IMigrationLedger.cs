using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Migrations;

/// <summary>
/// The persisted, append-only record of which source keys a migration wrote. A rerun reads it back and writes only
/// what it does not hold, so a process killed at any point writes every row exactly once. The default is
/// <see cref="FileMigrationLedger"/>; implement this to keep the ledger elsewhere (a blob, a database).
/// </summary>
public interface IMigrationLedger
{
    /// <summary>Reads every record in append order. A record torn by a crash mid-append is skipped.</summary>
    ValueTask<IReadOnlyList<MigrationLedgerEntry>> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends one record durably: when this completes, a later <see cref="LoadAsync"/> returns it.</summary>
    ValueTask AppendAsync(MigrationLedgerEntry entry, CancellationToken cancellationToken = default);
}
