using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

/// <summary>
/// The copy engine. Protocol per batch: append Intent (durable) → call the reducer → append Written on Committed;
/// on Failed split into single rows, and a single failing row is appended as Rejected with the reducer's reason;
/// on NotConnected wait and retry (never applied); on Dropped/TimedOut probe the target (after the client is
/// Connected and the target ready) and append Written for what is there, retrying only the rest. A rerun first
/// resolves the Intents a killed run left by probing, so nothing is ever sent twice.
/// </summary>
internal sealed class CopyMigrationEngine<TSource, TTarget> : IDataMigration
{
    private readonly ICompatClient _client;
    private readonly MigrationOptions<TSource, TTarget> _options;
    private readonly IMigrationLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CopyMigrationEngine(ICompatClient client, MigrationOptions<TSource, TTarget> options, IMigrationLedger ledger, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _ledger = ledger;
        _time = time;
        _logger = logger;
    }

    public Task<MigrationReport> RunAsync(IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new Run(this, MigrationMode.Copy, progress, cancellationToken).ExecuteAsync();

    public Task<MigrationReport> DryRunAsync(IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new Run(this, MigrationMode.DryRun, progress, cancellationToken).ExecuteAsync();

    public Task<MigrationReport> RollbackAsync(IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_options.RollbackCall is null)
        {
            throw new InvalidOperationException($"Migration '{_options.Name}' has no RollbackCall: set MigrationOptions.RollbackCall to the delete reducer's arguments.");
        }

        return new Run(this, MigrationMode.Rollback, progress, cancellationToken).ExecuteAsync();
    }

    private sealed class StopException : Exception
    {
        public StopException(MigrationRunStatus status, string message)
            : base(message) => Status = status;

        public MigrationRunStatus Status { get; }
    }

    /// <summary>One run: its counters and the ledger state it folds. Abandoning it mid-flight is what a crash looks like.</summary>
    private sealed class Run
    {
        private readonly CopyMigrationEngine<TSource, TTarget> _e;
        private readonly MigrationOptions<TSource, TTarget> _o;
        private readonly MigrationMode _mode;
        private readonly IProgress<MigrationProgress>? _progress;
        private readonly CancellationToken _ct;
        private readonly long _start;
        private readonly List<MigrationRejectedRow> _dryRejected = new();
        private MigrationLedgerState _state = new();
        private long _nextBatch;
        private long _rows;
        private long? _total;
        private long _written;
        private long _already;
        private long _recovered;
        private long _batches;
        private long _retries;
        private long _rejectedThisRun;
        private long _sentRows;

        public Run(CopyMigrationEngine<TSource, TTarget> engine, MigrationMode mode, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
        {
            _e = engine;
            _o = engine._options;
            _mode = mode;
            _progress = progress;
            _ct = cancellationToken;
            _start = engine._time.GetTimestamp();
        }

        public async Task<MigrationReport> ExecuteAsync()
        {
            _state = MigrationLedgerState.From(await _e._ledger.LoadAsync(_ct).ConfigureAwait(false));
            _nextBatch = _state.LastBatch + 1;
            MigrationLog.Starting(_e._logger, _o.Name, _mode, _state.Count);
            var status = MigrationRunStatus.Completed;
            string? reason = null;
            try
            {
                switch (_mode)
                {
                    case MigrationMode.Copy:
                        await CopyAsync().ConfigureAwait(false);
                        break;
                    case MigrationMode.DryRun:
                        DryRun();
                        break;
                    default:
                        await RollbackAsync().ConfigureAwait(false);
                        break;
                }
            }
            catch (StopException ex)
            {
                status = ex.Status;
                reason = ex.Message;
                MigrationLog.Stopped(_e._logger, _o.Name, ex.Message);
            }

            Report();
            var rejected = _mode == MigrationMode.Copy ? _state.Rejected() : _dryRejected;
            var report = new MigrationReport
            {
                Name = _o.Name,
                Mode = _mode,
                Status = status,
                StatusReason = reason,
                SourceRows = _rows,
                Written = _written,
                AlreadyWritten = _already,
                RecoveredFromProbe = _recovered,
                Batches = _batches,
                Retries = _retries,
                Rejected = rejected,
                Duration = _e._time.GetElapsedTime(_start),
            };
            MigrationLog.Ended(_e._logger, _o.Name, status, _written, rejected.Count, _batches, report.Duration.TotalSeconds);
            return report;
        }

        private async Task CopyAsync()
        {
            var pending = _state.Keys(MigrationLedgerEntryKind.Intent);
            if (pending.Count > 0)
            {
                await RecoverAsync(pending).ConfigureAwait(false);
            }

            var source = _o.Source!();
            _total = source is IReadOnlyCollection<TSource> c ? c.Count : null;
            var batch = new List<(string Key, TTarget Row)>(_o.BatchSize);
            Report();
            foreach (var row in source)
            {
                _ct.ThrowIfCancellationRequested();
                _rows++;
                var key = _o.SourceKey!(row);
                if (_state.TryGet(key, out var kind))
                {
                    if (kind == MigrationLedgerEntryKind.Written)
                    {
                        _already++;
                    }

                    continue;
                }

                if (!TryTransform(row, out var target, out var problem))
                {
                    await RejectAsync(0, key, problem!).ConfigureAwait(false);
                    continue;
                }

                batch.Add((key, target));
                if (batch.Count >= _o.BatchSize)
                {
                    await SendAsync(batch).ConfigureAwait(false);
                    batch.Clear();
                    Report();
                }
            }

            if (batch.Count > 0)
            {
                await SendAsync(batch).ConfigureAwait(false);
            }
        }

        private void DryRun()
        {
            var source = _o.Source!();
            _total = source is IReadOnlyCollection<TSource> c ? c.Count : null;
            long wouldWrite = 0;
            foreach (var row in source)
            {
                _ct.ThrowIfCancellationRequested();
                _rows++;
                var key = _o.SourceKey!(row);
                if (_state.TryGet(key, out var kind))
                {
                    _already += kind == MigrationLedgerEntryKind.Written ? 1 : 0;
                    continue;
                }

                if (TryTransform(row, out _, out var problem))
                {
                    wouldWrite++;
                }
                else
                {
                    _dryRejected.Add(new MigrationRejectedRow(key, problem!));
                }
            }

            _written = wouldWrite;
            _batches = (wouldWrite + _o.BatchSize - 1) / _o.BatchSize;
        }

        private bool TryTransform(TSource row, out TTarget target, out string? problem)
        {
            try
            {
                target = _o.Transform!(row);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                target = default!;
                problem = "transform failed: " + ex.Message;
                return false;
            }

            problem = _o.ValidateRow?.Invoke(target) is { } invalid ? "invalid: " + invalid : null;
            return problem is null;
        }

        /// <summary>Resolves the Intents a killed run left: probe what is on the target; the rest was never applied.</summary>
        private async Task RecoverAsync(List<string> pending)
        {
            var wanted = new HashSet<string>(pending, StringComparer.Ordinal);
            var rows = new List<(string Key, TTarget Row)>();
            foreach (var row in _o.Source!())
            {
                _ct.ThrowIfCancellationRequested();
                var key = _o.SourceKey!(row);
                if (wanted.Remove(key) && TryTransform(row, out var target, out _))
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

            // Keys whose source row is gone (or no longer transforms) cannot be probed: they stay unresolved, never resent.
        }

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
            if (++_rejectedThisRun > _o.MaxRejectedRows)
            {
                throw new StopException(MigrationRunStatus.StoppedOnFailures, $"{_rejectedThisRun} rows rejected in this run, more than MaxRejectedRows ({_o.MaxRejectedRows})");
            }
        }

        private async Task RollbackAsync()
        {
            var keys = _state.Keys(MigrationLedgerEntryKind.Written);
            keys.AddRange(_state.Keys(MigrationLedgerEntryKind.RollbackIntent));
            _total = keys.Count;
            var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
            var rows = new Dictionary<string, TTarget>(StringComparer.Ordinal);
            foreach (var row in _o.Source!())
            {
                var key = _o.SourceKey!(row);
                if (wanted.Contains(key) && TryTransform(row, out var target, out _))
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
                        _dryRejected.Add(new MigrationRejectedRow(remaining[0], "rollback failed: " + (outcome.Reason ?? outcome.Kind.ToString())));
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

        private async Task RateLimitAsync(int rows)
        {
            if (_o.RowsPerSecond > 0)
            {
                var due = TimeSpan.FromSeconds(_sentRows / _o.RowsPerSecond) - _e._time.GetElapsedTime(_start);
                await MigrationTime.DelayAsync(_e._time, due, _ct).ConfigureAwait(false);
            }

            _sentRows += rows;
        }

        private async Task AppendAsync(MigrationLedgerEntry entry)
        {
            await _e._ledger.AppendAsync(entry, _ct).ConfigureAwait(false);
            _state.Apply(entry);
        }

        private void Report()
        {
            if (_progress is null)
            {
                return;
            }

            var elapsed = _e._time.GetElapsedTime(_start);
            var handled = _rows;
            var rate = elapsed.TotalSeconds > 0 ? _written / elapsed.TotalSeconds : 0;
            TimeSpan? eta = _total is { } total && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - handled) / rate) : null;
            var failures = _mode == MigrationMode.DryRun ? _dryRejected.Count : _state.RejectedCount;
            try
            {
                _progress.Report(new MigrationProgress(handled, _total, _written, _batches, failures, rate, elapsed, eta));
            }
            catch (Exception ex)
            {
                MigrationLog.ProgressFault(_e._logger, ex, _o.Name);
            }
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
