using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

// CopyMigrationEngine: ambiguity — probing the target and resolving the Intents the ledger holds.
internal sealed partial class CopyMigrationEngine<TSource, TTarget>
{
    private sealed partial class Run
    {
        /// <summary>Resolves the Intents a killed run left: probe what is on the target; the rest was never applied.</summary>
        private async Task RecoverAsync(List<string> pending)
        {
            var wanted = new HashSet<string>(pending, StringComparer.Ordinal);
            var rows = new List<(string Key, TTarget Row)>();
            long position = 0;
            foreach (var row in _o.Source!())
            {
                _ct.ThrowIfCancellationRequested();
                if (TryKey(row, ++position, out var key, out _) && wanted.Remove(key) && TryTransform(row, key, out var target, out _))
                {
                    rows.Add((key, target));
                }
            }

            if (rows.Count > 0)
            {
                var batch = _nextBatch++;
                var (present, absent) = await ProbeAsync(batch, rows).ConfigureAwait(false);
                if (present.Count > 0)
                {
                    await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, batch, present)).ConfigureAwait(false);
                    _recovered += present.Count;
                }

                if (absent.Count > 0)
                {
                    await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.NotApplied, batch, Keys(absent))).ConfigureAwait(false);
                }
            }

            // Keys whose source row is gone (or no longer has a key or transforms) cannot be probed: they stay unresolved, never resent.
        }

        /// <summary>Probes <paramref name="items"/>, appends Written for those present, returns the absent ones.</summary>
        private async Task<IReadOnlyList<(string Key, TTarget Row)>> KeepAbsentAsync(long batch, IReadOnlyList<(string Key, TTarget Row)> items)
        {
            var (present, absent) = await ProbeAsync(batch, items).ConfigureAwait(false);
            if (present.Count > 0)
            {
                await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, batch, present)).ConfigureAwait(false);
                _written += present.Count;
            }

            return absent;
        }

        private async Task<(List<string> Present, List<(string Key, TTarget Row)> Absent)> ProbeAsync(long batch, IReadOnlyList<(string Key, TTarget Row)> items)
        {
            await WaitReadyAsync(batch).ConfigureAwait(false);
            var present = new List<string>();
            var absent = new List<(string Key, TTarget Row)>();
            foreach (var item in items)
            {
                if (_o.TargetExists!(item.Row))
                {
                    present.Add(item.Key);
                }
                else
                {
                    absent.Add(item);
                }
            }

            MigrationLog.Probed(_e._logger, _o.Name, batch, present.Count, items.Count);
            return (present, absent);
        }

        private async Task WaitReadyAsync(long batch)
        {
            if (!await MigrationTime.WaitReadyAsync(_e._client, _o.TargetReady, _e._time, _o.ReadyTimeout, _ct).ConfigureAwait(false))
            {
                throw new StopException(
                    MigrationRunStatus.Failed,
                    $"the client was not Connected with the target ready within {_o.ReadyTimeout} (state {_e._client.State}); batch {batch} is kept in the ledger and resolved by the next run");
            }
        }

        private async Task AppendAsync(MigrationLedgerEntry entry)
        {
            await _e._ledger.AppendAsync(entry, _ct).ConfigureAwait(false);
            _state.Apply(entry);
        }
    }
}
