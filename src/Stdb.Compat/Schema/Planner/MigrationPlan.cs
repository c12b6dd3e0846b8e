using System;
using System.Collections.Generic;
using Stdb.Compat.Schema.Diff;

namespace Stdb.Compat.Schema.Planner;

/// <summary>
/// The steps of an automatic migration, named and ordered as SpacetimeDB's planner (<c>auto_migrate.rs</c>, release
/// 2.8) orders them: every removal before every addition.
/// </summary>
public enum MigrationStepKind
{
    /// <summary>Drop an index.</summary>
    RemoveIndex,
    /// <summary>Drop a unique constraint.</summary>
    RemoveConstraint,
    /// <summary>Drop a sequence (auto-increment).</summary>
    RemoveSequence,
    /// <summary>Drop a table's schedule.</summary>
    RemoveSchedule,
    /// <summary>Drop a view and its backing table.</summary>
    RemoveView,
    /// <summary>Drop a row-level-security filter (every old filter is dropped and re-added).</summary>
    RemoveRowLevelSecurity,
    /// <summary>Drop a table; the engine refuses when the table still has rows.</summary>
    RemoveTable,
    /// <summary>Change column types in a layout-compatible way (sum types gained variants).</summary>
    ChangeColumns,
    /// <summary>Re-create an event table with a new row type (event tables keep no rows).</summary>
    ReschemaEventTable,
    /// <summary>Append columns with default values and rewrite the table.</summary>
    AddColumns,
    /// <summary>Create a table with its indexes, constraints and sequences.</summary>
    AddTable,
    /// <summary>Create an index.</summary>
    AddIndex,
    /// <summary>Add a unique constraint to an existing table (the engine checks the rows).</summary>
    AddConstraint,
    /// <summary>Add a sequence (after a range precheck).</summary>
    AddSequence,
    /// <summary>Add a schedule to a table.</summary>
    AddSchedule,
    /// <summary>Create a view and its backing table.</summary>
    AddView,
    /// <summary>Add a row-level-security filter.</summary>
    AddRowLevelSecurity,
    /// <summary>Change the access (public/private) of a table or view.</summary>
    ChangeAccess,
    /// <summary>Change a table's primary key.</summary>
    ChangePrimaryKey,
    /// <summary>Recompute a view whose shape did not change.</summary>
    UpdateView,
    /// <summary>Disconnect every client (publishing needs <c>--break-clients</c>).</summary>
    DisconnectAllUsers,
}

/// <summary>Why SpacetimeDB's planner refuses an automatic migration; each needs a manual migration.</summary>
public enum MigrationErrorKind
{
    /// <summary>A column was added without a default value.</summary>
    AddColumn,
    /// <summary>A column was removed (or renamed: columns are matched by name).</summary>
    RemoveColumn,
    /// <summary>An existing column moved to another position.</summary>
    ReorderTable,
    /// <summary>A column's type changed.</summary>
    ChangeColumnType,
    /// <summary>A type nested in a column changed.</summary>
    ChangeWithinColumnType,
    /// <summary>A column's sum type lost variants.</summary>
    ChangeColumnTypeFewerVariants,
    /// <summary>A sum type nested in a column lost variants.</summary>
    ChangeWithinColumnTypeFewerVariants,
    /// <summary>A variant of a column's sum type was renamed.</summary>
    ChangeColumnTypeRenamedVariant,
    /// <summary>A variant of a nested sum type was renamed.</summary>
    ChangeWithinColumnTypeRenamedVariant,
    /// <summary>A column's sum type changed its size in the row.</summary>
    ChangeColumnTypeSizeMismatch,
    /// <summary>A nested sum type changed its size in the row.</summary>
    ChangeWithinColumnTypeSizeMismatch,
    /// <summary>A column's sum type changed its alignment in the row.</summary>
    ChangeColumnTypeAlignMismatch,
    /// <summary>A nested sum type changed its alignment in the row.</summary>
    ChangeWithinColumnTypeAlignMismatch,
    /// <summary>A column's product type has another number of fields.</summary>
    ChangeColumnTypeFewerFields,
    /// <summary>A nested product type has another number of fields.</summary>
    ChangeWithinColumnTypeFewerFields,
    /// <summary>A field of a column's product type was renamed.</summary>
    ChangeColumnTypeRenamedField,
    /// <summary>A field of a nested product type was renamed.</summary>
    ChangeWithinColumnTypeRenamedField,
    /// <summary>A unique constraint with the same name covers other columns.</summary>
    ChangeUniqueConstraint,
    /// <summary>User ↔ system table.</summary>
    ChangeTableType,
    /// <summary>Event table ↔ ordinary table.</summary>
    ChangeTableEventFlag,
    /// <summary>An index kept its name but changed its accessor name.</summary>
    ChangeIndexAccessor,
}

/// <summary>One step of an automatic migration plan.</summary>
/// <param name="Kind">The step.</param>
/// <param name="Subject">
/// What it acts on: a table or view name; an index, constraint, sequence or schedule name (as the server derives
/// them, e.g. <c>Apples_id_idx_btree</c>, <c>Apples_id_key</c>, <c>Apples_id_seq</c>, <c>Apples_sched</c>); the SQL
/// of a row-level-security filter; <see langword="null"/> for <see cref="MigrationStepKind.DisconnectAllUsers"/>.
/// </param>
public sealed record MigrationStep(MigrationStepKind Kind, string? Subject)
{
    /// <summary>Renders <c>Kind(Subject)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Subject is null ? Kind.ToString() : Kind + "(" + Subject + ")";
}

/// <summary>One reason the planner refuses an automatic migration.</summary>
/// <param name="Kind">The reason.</param>
/// <param name="Subject">The table (or index, constraint) concerned.</param>
/// <param name="Column">The column concerned, when any.</param>
/// <param name="Message">A human explanation.</param>
public sealed record MigrationError(MigrationErrorKind Kind, string Subject, string? Column, string Message);

/// <summary>A step the planner accepts but the server's engine (release 2.8) fails to execute.</summary>
/// <param name="Step">The step.</param>
/// <param name="Always">Whether it always fails; otherwise it fails only in some database states.</param>
/// <param name="Reason">Why, in the engine's terms.</param>
public sealed record MigrationExecutionRisk(MigrationStep Step, bool Always, string Reason);

/// <summary>
/// The outcome of running SpacetimeDB's automatic-migration planner over two module definitions: what
/// <c>spacetime publish</c> would do (steps), refuse (errors), check first (prechecks) and then fail on (risks).
/// </summary>
public sealed record MigrationPlan
{
    /// <summary>Automatic, automatic but disconnecting every client, or refused (manual migration).</summary>
    public MigrationOutcome Outcome { get; init; }

    /// <summary>The plan's steps, sorted as the planner sorts them; empty when refused.</summary>
    public IReadOnlyList<MigrationStep> Steps { get; init; } = Array.Empty<MigrationStep>();

    /// <summary>Every reason the planner refuses; empty when it accepts.</summary>
    public IReadOnlyList<MigrationError> Errors { get; init; } = Array.Empty<MigrationError>();

    /// <summary>Sequences whose range the server checks against existing rows before migrating.</summary>
    public IReadOnlyList<string> SequencePrechecks { get; init; } = Array.Empty<string>();

    /// <summary>Accepted steps the engine fails to execute (always, or in some database states).</summary>
    public IReadOnlyList<MigrationExecutionRisk> ExecutionRisks { get; init; } = Array.Empty<MigrationExecutionRisk>();

    /// <summary>Whether the planner refuses the migration.</summary>
    public bool IsManual => Outcome == MigrationOutcome.ManualMigration;

    /// <summary>Whether the accepted plan disconnects every client.</summary>
    public bool DisconnectsClients => Outcome == MigrationOutcome.AutomaticDisconnectsClients;
}
