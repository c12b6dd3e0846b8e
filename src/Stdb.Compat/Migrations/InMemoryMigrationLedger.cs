using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Migrations;

/// <summary>A ledger kept in memory: for tests, benchmarks and dry runs. It survives a rerun in the same process only.</summary>
public sealed class InMemoryMigrationLedger : IMigrationLedger
{
    private readonly List<MigrationLedgerEntry> _entries = new();
    private readonly object _gate = new();

    /// <summary>A copy of the records so far.</summary>
    public IReadOnlyList<MigrationLedgerEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MigrationLedgerEntry>> LoadAsync(CancellationToken cancellationToken = default) =>
        new(Entries);

    /// <inheritdoc />
    public ValueTask AppendAsync(MigrationLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry is null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        lock (_gate)
        {
            _entries.Add(entry);
        }

        return default;
    }
}
