using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

// CopyMigrationEngine: the engine, one run's state, the copy loop, dry run, row transform and progress reports.
/// <summary>
/// The copy engine. Protocol per batch: append Intent (durable) → call the reducer → append Written on Committed;
/// on Failed split into single rows, and a single failing row is appended as Rejected with the reducer's reason;
/// on NotConnected wait and retry (never applied); on Dropped/TimedOut probe the target (after the client is
/// Connected and the target ready) and append Written for what is there, retrying only the rest. A rerun first
/// resolves the Intents a killed run left by probing, so nothing is ever sent twice.
/// </summary>
internal sealed partial class CopyMigrationEngine<TSource, TTarget> : IDataMigration
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
    private sealed partial class Run
    {
        private readonly CopyMigrationEngine<TSource, TTarget> _e;
        private readonly MigrationOptions<TSource, TTarget> _o;
        private readonly MigrationMode _mode;
        private readonly IProgress<MigrationProgress>? _progress;
        private readonly CancellationToken _ct;
        private readonly long _start;
        // Rejections the ledger does not hold: every one of a dry run, rows whose SourceKey threw, failed rollback deletes.
        private readonly List<MigrationRejectedRow> _runRejected = new();
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
            var rejected = _mode == MigrationMode.Copy ? Concat(_state.Rejected(), _runRejected) : _runRejected;
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
                if (!TryKey(row, _rows, out var key, out var keyProblem))
                {
                    RejectKeyless(key, keyProblem!);
                    continue;
                }

                if (_state.TryGet(key, out var kind))
                {
                    if (kind == MigrationLedgerEntryKind.Written)
                    {
                        _already++;
                    }

                    continue;
                }

                if (!TryTransform(row, key, out var target, out var problem))
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
                if (!TryKey(row, _rows, out var key, out var keyProblem))
                {
                    _runRejected.Add(new MigrationRejectedRow(key, keyProblem!));
                    continue;
                }

                if (_state.TryGet(key, out var kind))
                {
                    _already += kind == MigrationLedgerEntryKind.Written ? 1 : 0;
                    continue;
                }

                if (TryTransform(row, key, out _, out var problem))
                {
                    wouldWrite++;
                }
                else
                {
                    _runRejected.Add(new MigrationRejectedRow(key, problem!));
                }
            }

            _written = wouldWrite;
            _batches = (wouldWrite + _o.BatchSize - 1) / _o.BatchSize;
        }

        // Per-row callbacks: an exception (other than cancellation) rejects that row with the exception in the reason, like
        // a ValidateRow answer or a reducer's refusal; the run goes on, bounded by MaxRejectedRows.
        private bool TryKey(TSource row, long position, out string key, out string? problem)
        {
            try
            {
                key = _o.SourceKey!(row);
                problem = null;
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // No key: the report names the row by its position in this run's source enumeration.
                key = FormattableString.Invariant($"(source row {position})");
                problem = Fault(nameof(MigrationOptions<TSource, TTarget>.SourceKey), key, ex);
                return false;
            }
        }

        private bool TryTransform(TSource row, string key, out TTarget target, out string? problem)
        {
            try
            {
                target = _o.Transform!(row);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                target = default!;
                problem = Fault(nameof(MigrationOptions<TSource, TTarget>.Transform), key, ex);
                return false;
            }

            string? invalid;
            try
            {
                invalid = _o.ValidateRow?.Invoke(target);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problem = Fault(nameof(MigrationOptions<TSource, TTarget>.ValidateRow), key, ex);
                return false;
            }

            problem = invalid is null ? null : "invalid: " + invalid;
            return problem is null;
        }

        private string Fault(string callback, string key, Exception ex)
        {
            MigrationLog.CallbackFault(_e._logger, ex, _o.Name, callback, key);
            return callback + " threw " + ex.GetType().Name + ": " + ex.Message;
        }

        private static List<MigrationRejectedRow> Concat(List<MigrationRejectedRow> first, List<MigrationRejectedRow> second)
        {
            first.AddRange(second);
            return first;
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
            var eta = MigrationTime.Eta(_total, handled, rate);
            var failures = _mode == MigrationMode.DryRun ? _runRejected.Count : _state.RejectedCount + _runRejected.Count;
            try
            {
                _progress.Report(new MigrationProgress(handled, _total, _written, _batches, failures, rate, elapsed, eta));
            }
            catch (Exception ex)
            {
                MigrationLog.ProgressFault(_e._logger, ex, _o.Name);
            }
        }
    }
}
