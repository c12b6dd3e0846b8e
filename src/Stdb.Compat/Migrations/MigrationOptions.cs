using System;
using System.Collections.Generic;

namespace Stdb.Compat.Migrations;

/// <summary>
/// A copy-with-transform migration plan: read source rows, map each to a target row, write batches through a reducer
/// the app names, exactly once, with a ledger. Validate with <see cref="Validate"/> (done by <see cref="DataMigration.Create{TSource,TTarget}"/>).
/// </summary>
/// <typeparam name="TSource">The source row (e.g. a v1 row from a table view, or a row read over SQL).</typeparam>
/// <typeparam name="TTarget">The target row the transform produces.</typeparam>
public sealed class MigrationOptions<TSource, TTarget>
{
    /// <summary>The migration's name, used in reports and logs. Default "migration".</summary>
    public string Name { get; set; } = "migration";

    /// <summary>Reads the source rows (called once per run). An <see cref="IReadOnlyCollection{T}"/> gives progress an ETA.</summary>
    public Func<IEnumerable<TSource>>? Source { get; set; }

    /// <summary>
    /// A stable, unique text key per source row (what the ledger records). An exception rejects the row: the report names
    /// it "(source row N)" (its position in this run's source), the ledger cannot hold it, so every run tries it again.
    /// </summary>
    public Func<TSource, string>? SourceKey { get; set; }

    /// <summary>Maps a source row to its target row (an adapter, or any function). An exception rejects the row (reason "Transform threw ...").</summary>
    public Func<TSource, TTarget>? Transform { get; set; }

    /// <summary>
    /// Optional check of a transformed row: return null when valid, else the problem (the row is rejected, nothing is
    /// sent). An exception rejects the row too (reason "ValidateRow threw ...").
    /// </summary>
    public Func<TTarget, string?>? ValidateRow { get; set; }

    /// <summary>
    /// Builds the reducer arguments (a bindings' reducer-args object) for one batch of target rows; with
    /// <see cref="BatchSize"/> 1 it receives one row. The reducer should write the batch in one transaction.
    /// </summary>
    public Func<IReadOnlyList<TTarget>, object>? TargetCall { get; set; }

    /// <summary>
    /// The existence probe: true when the target already holds this row. Asked only after an ambiguous outcome
    /// (Dropped, TimedOut) and for batches a killed run left unresolved, so a batch is never applied twice; for
    /// example <c>row =&gt; view.TryFind(row.Id, out _)</c> over the target table's view.
    /// </summary>
    public Func<TTarget, bool>? TargetExists { get; set; }

    /// <summary>
    /// True when <see cref="TargetExists"/> answers from current data, e.g. <c>() =&gt; subscription.IsActive</c> for a
    /// view. Asked together with the client being Connected before probing. Default: always ready.
    /// </summary>
    public Func<bool>? TargetReady { get; set; }

    /// <summary>Builds the arguments of the delete reducer for a batch of source keys (rollback). Optional.</summary>
    public Func<IReadOnlyList<string>, object>? RollbackCall { get; set; }

    /// <summary>The ledger. Default: a <see cref="FileMigrationLedger"/> at <see cref="LedgerPath"/>.</summary>
    public IMigrationLedger? Ledger { get; set; }

    /// <summary>The ledger file when <see cref="Ledger"/> is not set. Default "{Name}.ledger.jsonl" in the working directory.</summary>
    public string? LedgerPath { get; set; }

    /// <summary>Rows per reducer call. Default 100.</summary>
    public int BatchSize { get; set; } = MigrationConstants.BatchSize;

    /// <summary>Rate limit in rows per second; 0 (default) is unlimited.</summary>
    public double RowsPerSecond { get; set; }

    /// <summary>The run stops once more rows than this were rejected (by transform, validation or the target). Default 100.</summary>
    public int MaxRejectedRows { get; set; } = MigrationConstants.MaxRejectedRows;

    /// <summary>Attempts per batch after NotConnected, Dropped or TimedOut before the run fails (resumable). Default 10.</summary>
    public int MaxAttemptsPerBatch { get; set; } = MigrationConstants.MaxAttemptsPerBatch;

    /// <summary>First retry delay; doubles per attempt up to <see cref="MaxRetryDelay"/>. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = MigrationConstants.RetryDelay;

    /// <summary>Longest retry delay. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = MigrationConstants.MaxRetryDelay;

    /// <summary>How long to wait for the client to be Connected and the target ready before giving up. Default 2 min.</summary>
    public TimeSpan ReadyTimeout { get; set; } = MigrationConstants.ReadyTimeout;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the option at fault.</summary>
    public void Validate()
    {
        static void Require(object? value, string name)
        {
            if (value is null)
            {
                throw new ArgumentException($"MigrationOptions.{name} is required.", name);
            }
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("MigrationOptions.Name is empty.", nameof(Name));
        }

        Require(Source, nameof(Source));
        Require(SourceKey, nameof(SourceKey));
        Require(Transform, nameof(Transform));
        Require(TargetCall, nameof(TargetCall));
        Require(TargetExists, nameof(TargetExists));
        if (BatchSize < 1)
        {
            throw new ArgumentException($"MigrationOptions.BatchSize must be at least 1 (was {BatchSize}).", nameof(BatchSize));
        }

        if (RowsPerSecond < 0 || double.IsNaN(RowsPerSecond) || double.IsInfinity(RowsPerSecond))
        {
            throw new ArgumentException($"MigrationOptions.RowsPerSecond must be 0 (unlimited) or positive (was {RowsPerSecond}).", nameof(RowsPerSecond));
        }

        if (MaxRejectedRows < 0)
        {
            throw new ArgumentException($"MigrationOptions.MaxRejectedRows must not be negative (was {MaxRejectedRows}).", nameof(MaxRejectedRows));
        }

        if (MaxAttemptsPerBatch < 1)
        {
            throw new ArgumentException($"MigrationOptions.MaxAttemptsPerBatch must be at least 1 (was {MaxAttemptsPerBatch}).", nameof(MaxAttemptsPerBatch));
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay || ReadyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("MigrationOptions: RetryDelay must be >= 0, MaxRetryDelay >= RetryDelay and ReadyTimeout > 0.", nameof(RetryDelay));
        }
    }
}
