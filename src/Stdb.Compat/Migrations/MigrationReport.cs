using System;
using System.Collections.Generic;

namespace Stdb.Compat.Migrations;

/// <summary>The final report of a run: what moved, what failed and why, the verification result and the time taken.</summary>
public sealed record MigrationReport
{
    /// <summary>The migration's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What the run did.</summary>
    public MigrationMode Mode { get; init; }

    /// <summary>How the run ended.</summary>
    public MigrationRunStatus Status { get; init; }

    /// <summary>Why the run did not complete, else null.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Source rows read.</summary>
    public long SourceRows { get; init; }

    /// <summary>Rows written (or deleted, for a rollback; would be written, for a dry run) by this run.</summary>
    public long Written { get; init; }

    /// <summary>Rows an earlier run had already written (skipped).</summary>
    public long AlreadyWritten { get; init; }

    /// <summary>Rows of unresolved batches from a killed run that the probe found on the target.</summary>
    public long RecoveredFromProbe { get; init; }

    /// <summary>Reducer calls that committed.</summary>
    public long Batches { get; init; }

    /// <summary>Calls repeated after NotConnected, or after Dropped/TimedOut with the probe finding the rows absent.</summary>
    public long Retries { get; init; }

    /// <summary>Every rejected row recorded in the ledger, with the reason.</summary>
    public IReadOnlyList<MigrationRejectedRow> Rejected { get; init; } = Array.Empty<MigrationRejectedRow>();

    /// <summary>The verification results, when verification ran.</summary>
    public IReadOnlyList<TableVerification> Verification { get; init; } = Array.Empty<TableVerification>();

    /// <summary>Time taken by the run.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>True when the run completed and every verification matched.</summary>
    public bool Succeeded => Status == MigrationRunStatus.Completed && Verification.TrueForAll(v => v.Matches);

    /// <summary>The report as indented JSON (stable property names, camelCase).</summary>
    public string ToJson() => MigrationReportWriter.Json(this);

    /// <summary>The report as a Markdown section.</summary>
    public string ToMarkdown() => MigrationReportWriter.Markdown(this);
}
