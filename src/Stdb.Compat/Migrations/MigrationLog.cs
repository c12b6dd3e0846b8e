using Microsoft.Extensions.Logging;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

/// <summary>Source-generated logs of the migrations toolkit (category Stdb.Compat.Migrations); ids in docs/diagnostics/logging.md.</summary>
internal static partial class MigrationLog
{
    [LoggerMessage(7001, LogLevel.Information, "Migration {Name} ({Mode}) starting; the ledger holds {Keys} key(s)")]
    public static partial void Starting(ILogger logger, string name, MigrationMode mode, int keys);

    [LoggerMessage(7002, LogLevel.Information, "Migration {Name} ended {Status}: {Written} written, {Rejected} rejected, {Batches} batch(es) in {Seconds:F1} s")]
    public static partial void Ended(ILogger logger, string name, MigrationRunStatus status, long written, int rejected, long batches, double seconds);

    [LoggerMessage(7003, LogLevel.Warning, "Migration {Name}: batch {Batch} ended {Kind}; probing the target before any retry")]
    public static partial void Ambiguous(ILogger logger, string name, long batch, ReducerOutcomeKind kind);

    [LoggerMessage(7004, LogLevel.Information, "Migration {Name}: probe of batch {Batch} found {Present} of {Total} row(s) on the target")]
    public static partial void Probed(ILogger logger, string name, long batch, int present, int total);

    [LoggerMessage(7005, LogLevel.Warning, "Migration {Name}: row {Key} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string name, string key, string reason);

    [LoggerMessage(7006, LogLevel.Information, "Migration {Name}: batch {Batch} of {Rows} row(s) failed as a whole; retrying its rows one by one")]
    public static partial void Splitting(ILogger logger, string name, long batch, int rows);

    [LoggerMessage(7007, LogLevel.Warning, "Migration {Name} stopped: {Reason}")]
    public static partial void Stopped(ILogger logger, string name, string reason);

    [LoggerMessage(7008, LogLevel.Warning, "Reducer migration {Name}: step {Step} ended {Kind} ({Reason}); retrying in {Delay}")]
    public static partial void StepRetry(ILogger logger, string name, long step, ReducerOutcomeKind kind, string? reason, System.TimeSpan delay);

    [LoggerMessage(7009, LogLevel.Error, "A progress callback of migration {Name} threw; the run continues")]
    public static partial void ProgressFault(ILogger logger, System.Exception exception, string name);

    [LoggerMessage(7010, LogLevel.Warning, "Migration {Name}: the {Callback} callback threw for row {Key}; the row is rejected")]
    public static partial void CallbackFault(ILogger logger, System.Exception exception, string name, string callback, string key);
}
