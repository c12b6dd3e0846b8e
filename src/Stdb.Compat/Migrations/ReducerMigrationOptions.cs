using System;

namespace Stdb.Compat.Migrations;

/// <summary>
/// A one-off migration reducer driven batch by batch until its status row says done (the <c>MigrationStatus</c>
/// pattern: the reducer migrates the rows after the cursor, advances the cursor and sets done, in one transaction).
/// Resumable: each step starts from the cursor the status row holds, so a killed driver just runs again.
/// </summary>
public sealed class ReducerMigrationOptions
{
    /// <summary>The name in logs and results. Default "reducer-migration".</summary>
    public string Name { get; set; } = "reducer-migration";

    /// <summary>The migration reducer's arguments for one step, from the status row's cursor (null before the first step).</summary>
    public Func<string?, object>? StepCall { get; set; }

    /// <summary>Reads the status row (e.g. from the status table's view); null while the row does not exist.</summary>
    public Func<ReducerMigrationStatus?>? ReadStatus { get; set; }

    /// <summary>True when <see cref="ReadStatus"/> answers from current data, e.g. <c>() =&gt; subscription.IsActive</c>. Default: always.</summary>
    public Func<bool>? StatusReady { get; set; }

    /// <summary>Consecutive failed steps (any outcome but Committed) before the driver gives up (resumable). Default 10.</summary>
    public int MaxConsecutiveFailures { get; set; } = MigrationConstants.MaxAttemptsPerBatch;

    /// <summary>First delay after a failed step; doubles up to <see cref="MaxRetryDelay"/>. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = MigrationConstants.RetryDelay;

    /// <summary>Longest delay after a failed step. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = MigrationConstants.MaxRetryDelay;

    /// <summary>How long to wait for the client to be Connected and the status ready. Default 2 min.</summary>
    public TimeSpan ReadyTimeout { get; set; } = MigrationConstants.ReadyTimeout;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the option at fault.</summary>
    public void Validate()
    {
        if (StepCall is null)
        {
            throw new ArgumentException("ReducerMigrationOptions.StepCall is required.", nameof(StepCall));
        }

        if (ReadStatus is null)
        {
            throw new ArgumentException("ReducerMigrationOptions.ReadStatus is required.", nameof(ReadStatus));
        }

        if (MaxConsecutiveFailures < 1)
        {
            throw new ArgumentException($"ReducerMigrationOptions.MaxConsecutiveFailures must be at least 1 (was {MaxConsecutiveFailures}).", nameof(MaxConsecutiveFailures));
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay || ReadyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ReducerMigrationOptions: RetryDelay must be >= 0, MaxRetryDelay >= RetryDelay and ReadyTimeout > 0.", nameof(RetryDelay));
        }
    }
}

/// <summary>What the status row says.</summary>
/// <param name="Done">True when the migration reducer has nothing left to do.</param>
/// <param name="Cursor">Where the next step starts (e.g. the last migrated key), or null.</param>
/// <param name="Processed">Rows migrated so far, when the row counts them.</param>
/// <param name="Total">Rows to migrate in all, when known (gives progress an ETA).</param>
public sealed record ReducerMigrationStatus(bool Done, string? Cursor, long? Processed = null, long? Total = null);

/// <summary>The result of driving a migration reducer.</summary>
/// <param name="Name">The migration's name.</param>
/// <param name="Done">True when the status row says done.</param>
/// <param name="Steps">Steps that committed in this run.</param>
/// <param name="Failures">Steps that did not commit in this run.</param>
/// <param name="Cursor">The status row's cursor at the end.</param>
/// <param name="LastError">The last failure's outcome and reason, else null.</param>
/// <param name="Duration">Time taken.</param>
public sealed record ReducerMigrationResult(string Name, bool Done, long Steps, long Failures, string? Cursor, string? LastError, TimeSpan Duration);
