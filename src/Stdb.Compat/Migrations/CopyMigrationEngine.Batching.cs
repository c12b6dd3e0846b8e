using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

// CopyMigrationEngine: sending batches — retries, splitting failed batches into rows, rejections and rate limiting.
internal sealed partial class CopyMigrationEngine<TSource, TTarget>
{
    private sealed partial class Run
    {
        private async Task SendAsync(IReadOnlyList<(string Key, TTarget Row)> items)
        {
            var batch = _nextBatch++;
            await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, batch, Keys(items))).ConfigureAwait(false);
            var remaining = items;
            var ambiguous = false;
            for (var attempt = 1; ; attempt++)
            {
                await RateLimitAsync(remaining.Count).ConfigureAwait(false);
                var args = _o.TargetCall!(Rows(remaining));
                var outcome = await _e._client.CallReducerAsync(args, _ct).ConfigureAwait(false);
                switch (outcome.Kind)
                {
                    case ReducerOutcomeKind.Committed:
                        await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, batch, Keys(remaining))).ConfigureAwait(false);
                        _written += remaining.Count;
                        _batches++;
                        return;
                    case ReducerOutcomeKind.Failed:
                    case ReducerOutcomeKind.OutOfEnergy:
                        if (ambiguous)
                        {
                            // An earlier attempt may have been applied after all (e.g. it arrived late): the target decides.
                            remaining = await KeepAbsentAsync(batch, remaining).ConfigureAwait(false);
                            if (remaining.Count == 0)
                            {
                                _batches++;
                                return;
                            }
                        }

                        if (remaining.Count > 1)
                        {
                            MigrationLog.Splitting(_e._logger, _o.Name, batch, remaining.Count);
                            await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.NotApplied, batch, Keys(remaining))).ConfigureAwait(false);
                            foreach (var item in remaining)
                            {
                                await SendAsync(new[] { item }).ConfigureAwait(false);
                            }

                            return;
                        }

                        await RejectAsync(batch, remaining[0].Key, outcome.Reason ?? outcome.Kind.ToString()).ConfigureAwait(false);
                        return;
                    case ReducerOutcomeKind.NotConnected:
                        await BeforeRetryAsync(batch, attempt, outcome).ConfigureAwait(false);
                        continue;
                    default:
                        ambiguous = true;
                        MigrationLog.Ambiguous(_e._logger, _o.Name, batch, outcome.Kind);
                        await WaitReadyAsync(batch).ConfigureAwait(false);
                        remaining = await KeepAbsentAsync(batch, remaining).ConfigureAwait(false);
                        if (remaining.Count == 0)
                        {
                            _batches++;
                            return;
                        }

                        await BeforeRetryAsync(batch, attempt, outcome).ConfigureAwait(false);
                        continue;
                }
            }
        }

        private async Task BeforeRetryAsync(long batch, int attempt, ReducerOutcome outcome)
        {
            if (attempt >= _o.MaxAttemptsPerBatch)
            {
                throw new StopException(
                    MigrationRunStatus.Failed,
                    $"batch {batch} ended {outcome.Kind} {attempt} time(s) ({outcome.Reason}); the ledger keeps it and the next run resolves it");
            }

            _retries++;
            await MigrationTime.DelayAsync(_e._time, MigrationTime.Backoff(_o.RetryDelay, _o.MaxRetryDelay, attempt), _ct).ConfigureAwait(false);
            await WaitReadyAsync(batch).ConfigureAwait(false);
        }

        private async Task RejectAsync(long batch, string key, string reason)
        {
            await AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Rejected, batch, new[] { key }, reason)).ConfigureAwait(false);
            MigrationLog.Rejected(_e._logger, _o.Name, key, reason);
            CountRejection();
        }

        /// <summary>
        /// A row whose SourceKey threw: it has no key the ledger could hold, so only this run's report names it (by its
        /// position) and every run tries it again.
        /// </summary>
        private void RejectKeyless(string label, string reason)
        {
            _runRejected.Add(new MigrationRejectedRow(label, reason));
            MigrationLog.Rejected(_e._logger, _o.Name, label, reason);
            CountRejection();
        }

        private void CountRejection()
        {
            if (++_rejectedThisRun > _o.MaxRejectedRows)
            {
                throw new StopException(MigrationRunStatus.StoppedOnFailures, $"{_rejectedThisRun} rows rejected in this run, more than MaxRejectedRows ({_o.MaxRejectedRows})");
            }
        }

        private async Task RateLimitAsync(int rows)
        {
            if (_o.RowsPerSecond > 0)
            {
                var due = MigrationTime.Seconds(_sentRows / _o.RowsPerSecond) - _e._time.GetElapsedTime(_start);
                await MigrationTime.DelayAsync(_e._time, due, _ct).ConfigureAwait(false);
            }

            _sentRows += rows;
        }

        private static List<string> Keys(IReadOnlyList<(string Key, TTarget Row)> items)
        {
            var keys = new List<string>(items.Count);
            foreach (var item in items)
            {
                keys.Add(item.Key);
            }

            return keys;
        }

        private static TTarget[] Rows(IReadOnlyList<(string Key, TTarget Row)> items)
        {
            var rows = new TTarget[items.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = items[i].Row;
            }

            return rows;
        }
    }
}
