using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

// CopyMigrationEngine: rollback — deleting what the ledger says was written.
internal sealed partial class CopyMigrationEngine<TSource, TTarget>
{
    private sealed partial class Run
    {
        private async Task RollbackAsync()
        {
            var keys = _state.Keys(MigrationLedgerEntryKind.Written);
            keys.AddRange(_state.Keys(MigrationLedgerEntryKind.RollbackIntent));
            _total = keys.Count;
            var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
            var rows = new Dictionary<string, TTarget>(StringComparer.Ordinal);
            long position = 0;
            foreach (var row in _o.Source!())
            {
                // A row whose callbacks throw has no target row to probe: the delete is still sent by key, but a failed or
                // ambiguous outcome cannot be confirmed for it and the key stays Written.
                if (TryKey(row, ++position, out var key, out _) && wanted.Contains(key) && TryTransform(row, key, out var target, out _))
                {
                    rows[key] = target;
                }
            }

            Report();
            for (var i = 0; i < keys.Count; i += _o.BatchSize)
            {
                _ct.ThrowIfCancellationRequested();
                var chunk = keys.GetRange(i, Math.Min(_o.BatchSize, keys.Count - i));
                await DeleteAsync(chunk, rows).ConfigureAwait(false);
                _rows += chunk.Count;
                Report();
            }
        }

        private async Task DeleteAsync(List<string> keys, Dictionary<string, TTarget> rows)
        {
            var batch = _nextBatch++;
            await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.RollbackIntent, batch, keys)).ConfigureAwait(false);
            var remaining = keys;
            for (var attempt = 1; ; attempt++)
            {
                await RateLimitAsync(remaining.Count).ConfigureAwait(false);
                var outcome = await _e._client.CallReducerAsync(_o.RollbackCall!(remaining), _ct).ConfigureAwait(false);
                if (outcome.Kind == ReducerOutcomeKind.NotConnected)
                {
                    await BeforeRetryAsync(batch, attempt, outcome).ConfigureAwait(false);
                    continue;
                }

                if (outcome.Kind != ReducerOutcomeKind.Committed)
                {
                    // Failed or ambiguous: the target decides which rows are still there.
                    await WaitReadyAsync(batch).ConfigureAwait(false);
                    var gone = remaining.FindAll(k => rows.TryGetValue(k, out var row) && !_o.TargetExists!(row));
                    if (gone.Count > 0)
                    {
                        await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.RolledBack, batch, gone)).ConfigureAwait(false);
                        _written += gone.Count;
                    }

                    remaining = remaining.FindAll(k => !gone.Contains(k));
                    if (remaining.Count == 0)
                    {
                        _batches++;
                        return;
                    }

                    if (outcome.Kind is ReducerOutcomeKind.Failed or ReducerOutcomeKind.OutOfEnergy)
                    {
                        if (remaining.Count > 1)
                        {
                            await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, batch, remaining)).ConfigureAwait(false);
                            foreach (var key in remaining)
                            {
                                await DeleteAsync(new List<string> { key }, rows).ConfigureAwait(false);
                            }

                            return;
                        }

                        // The row stays written; the ledger says so, and the report names it.
                        await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, batch, remaining)).ConfigureAwait(false);
                        MigrationLog.Rejected(_e._logger, _o.Name, remaining[0], outcome.Reason ?? outcome.Kind.ToString());
                        _runRejected.Add(new MigrationRejectedRow(remaining[0], "rollback failed: " + (outcome.Reason ?? outcome.Kind.ToString())));
                        return;
                    }

                    await BeforeRetryAsync(batch, attempt, outcome).ConfigureAwait(false);
                    continue;
                }

                await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.RolledBack, batch, remaining)).ConfigureAwait(false);
                _written += remaining.Count;
                _batches++;
                return;
            }
        }
    }
}
