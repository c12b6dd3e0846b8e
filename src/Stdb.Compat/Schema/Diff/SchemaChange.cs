using System;
using System.Collections.Generic;

namespace Stdb.Compat.Schema.Diff;

/// <summary>How bad a change is for a client built against the expected schema (GraphQL Inspector's levels).</summary>
public enum ChangeCriticality
{
    /// <summary>Safe for such clients.</summary>
    NonBreaking = 0,
    /// <summary>Works, but may break clients that did not program defensively (e.g. new enum variants).</summary>
    Dangerous = 1,
    /// <summary>Clients that use the changed item fail.</summary>
    Breaking = 2,
}

/// <summary>What SpacetimeDB's migration planner (<c>auto_migrate.rs</c>) does with the module change behind a schema change.</summary>
public enum MigrationOutcome
{
    /// <summary>An automatic plan step; connected clients keep working.</summary>
    Automatic = 0,
    /// <summary>An automatic plan that contains <c>DisconnectAllUsers</c>; publishing needs <c>--break-clients</c>.</summary>
    AutomaticDisconnectsClients = 1,
    /// <summary>The planner refuses it; a manual (incremental) migration or <c>--delete-data</c> is needed.</summary>
    ManualMigration = 2,
}

/// <summary>Whether the server's engine (release 2.8) carries out a step its planner accepted.</summary>
public enum MigrationExecution
{
    /// <summary>The step runs (or nothing runs: the planner refused or no step is needed).</summary>
    Succeeds = 0,
    /// <summary>The step fails while the table still has rows (removing a table).</summary>
    FailsWhenTableHasRows = 1,
    /// <summary>The step always fails (adding or removing a schedule on an existing table is not implemented).</summary>
    AlwaysFails = 2,
}

/// <summary>What the SpacetimeDB C# SDK will do about a change at run time.</summary>
public enum SdkRuntimeEffect
{
    /// <summary>Nothing observable.</summary>
    None = 0,
    /// <summary>Updates for a table the bindings do not know are logged and skipped.</summary>
    UnknownTableSkipped,
    /// <summary>Subscription queries naming the item are rejected by the server; its rows never arrive.</summary>
    SubscriptionRejected,
    /// <summary>Rows no longer decode with the compiled row type; parsing fails and the 2.x SDK disconnects (1.x may crash the process).</summary>
    RowDecodeFailureDisconnects,
    /// <summary>Rows decode until one carries a new sum variant; that row fails to parse and the SDK disconnects.</summary>
    NewVariantDecodeFailure,
    /// <summary>Calls to the reducer are rejected by the server (unknown reducer or undecodable arguments).</summary>
    ReducerCallRejected,
    /// <summary>Without the old primary key, the client cache sees updates as a delete plus an insert.</summary>
    UpdatesBecomeDeleteInsert,
    /// <summary>The client can no longer read the table's rows (it became private).</summary>
    RowsNoLongerDelivered,
    /// <summary>Event-table semantics changed: rows are delivered as transient events or as persistent rows, not as the bindings expect.</summary>
    EventDeliveryChanged,
    /// <summary>Subscriptions keep working but may behave differently (visibility filters, semijoin indexes).</summary>
    SubscriptionBehaviourChanges,
}

/// <summary>The kind of a schema change, named after SpacetimeDB's migration-planner steps and errors.</summary>
public enum SchemaChangeKind
{
    /// <summary>A table exists only in the live module.</summary>
    AddTable,
    /// <summary>A table exists only in the expected schema.</summary>
    RemoveTable,
    /// <summary>Columns were appended to a table.</summary>
    AddColumns,
    /// <summary>Columns were removed from the end of a table.</summary>
    RemoveColumn,
    /// <summary>The same columns appear in another order.</summary>
    ReorderTable,
    /// <summary>A column's type changed incompatibly (or nested fields/variants were renamed).</summary>
    ChangeColumnType,
    /// <summary>A sum-typed column gained variants at the end, same layout otherwise.</summary>
    ChangeColumns,
    /// <summary>A column was renamed in place (same position and type).</summary>
    ChangeColumnAccessorName,
    /// <summary>The accessor name of a table changed while its canonical name stayed.</summary>
    ChangeTableAccessorName,
    /// <summary>User ↔ system table.</summary>
    ChangeTableType,
    /// <summary>Event table ↔ ordinary table.</summary>
    ChangeTableEventFlag,
    /// <summary>An event table's columns changed.</summary>
    ReschemaEventTable,
    /// <summary>Public ↔ private.</summary>
    ChangeAccess,
    /// <summary>The primary key changed.</summary>
    ChangePrimaryKey,
    /// <summary>An index was added.</summary>
    AddIndex,
    /// <summary>An index was removed.</summary>
    RemoveIndex,
    /// <summary>An index's accessor name changed.</summary>
    ChangeIndexAccessor,
    /// <summary>A constraint was added.</summary>
    AddConstraint,
    /// <summary>A unique constraint kept its name but covers other columns (only possible with explicit V9 names).</summary>
    ChangeUniqueConstraint,
    /// <summary>A sequence was added.</summary>
    AddSequence,
    /// <summary>A sequence was removed.</summary>
    RemoveSequence,
    /// <summary>A sequence's range or increment changed.</summary>
    ChangeSequence,
    /// <summary>A schedule was added.</summary>
    AddSchedule,
    /// <summary>A schedule was removed.</summary>
    RemoveSchedule,
    /// <summary>A reducer exists only in the live module.</summary>
    AddReducer,
    /// <summary>A reducer exists only in the expected schema.</summary>
    RemoveReducer,
    /// <summary>A reducer's parameters changed.</summary>
    ChangeReducerParams,
    /// <summary>A reducer's lifecycle role changed.</summary>
    ChangeReducerLifecycle,
    /// <summary>A reducer became private or client-callable.</summary>
    ChangeReducerVisibility,
    /// <summary>A view was added.</summary>
    AddView,
    /// <summary>A view was removed.</summary>
    RemoveView,
    /// <summary>A view's row columns, parameters, anonymity or primary key changed: the planner re-creates it and disconnects clients.</summary>
    ChangeView,
    /// <summary>Row-level-security filters changed.</summary>
    ChangeRowLevelSecurity,
    /// <summary>A unique constraint was removed (constraint names derive from their columns, so moving one is a removal plus an addition).</summary>
    RemoveConstraint,
    /// <summary>A view changed only its return kind (<c>Option</c> ↔ <c>Vec</c>): the planner recomputes it in place (<c>UpdateView</c>).</summary>
    UpdateView,
}

/// <summary>One difference between the expected schema (the bindings) and the live module.</summary>
public sealed record SchemaChange
{
    /// <summary>The kind, named after SpacetimeDB's planner steps and errors.</summary>
    public SchemaChangeKind Kind { get; init; }

    /// <summary>
    /// The client-impact dimension: how bad it is for clients built against the expected schema (does an old client
    /// still decode?). Independent of <see cref="Migration"/>: a change can be automatic for the planner and break
    /// old clients (a table made private), or refused by the planner while old clients still decode (a column renamed).
    /// </summary>
    public ChangeCriticality Criticality { get; init; }

    /// <summary>A human reason for the criticality.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Where, e.g. <c>tables/player/columns/3</c>.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The canonical name of the table, reducer or view concerned, when any.</summary>
    public string? Subject { get; init; }

    /// <summary>Whether it touches something this app uses (subscribed tables, called reducers, event tables listened to).</summary>
    public bool AffectsApp { get; init; }

    /// <summary>What the SDK will do about it at run time.</summary>
    public SdkRuntimeEffect RuntimeEffect { get; init; }

    /// <summary>The planner dimension: what SpacetimeDB's planner does with the module change behind it.</summary>
    public MigrationOutcome Migration { get; init; }

    /// <summary>Whether the server's engine carries out the step the planner accepted; the reason is in <see cref="Reason"/>.</summary>
    public MigrationExecution Execution { get; init; }

    /// <summary>The expected side, rendered, when meaningful.</summary>
    public string? Expected { get; init; }

    /// <summary>The live side, rendered, when meaningful.</summary>
    public string? Live { get; init; }
}

/// <summary>What the app uses of the schema; changes elsewhere are reported but do not make the app incompatible.</summary>
public sealed record SchemaAppUsage
{
    /// <summary>Every table and reducer of the expected schema counts as used.</summary>
    public static SchemaAppUsage All { get; } = new();

    /// <summary>Canonical names of tables the app subscribes to; <see langword="null"/> means all tables of the bindings.</summary>
    public IReadOnlyCollection<string>? Tables { get; init; }

    /// <summary>Canonical names of reducers the app calls; <see langword="null"/> means all reducers of the bindings.</summary>
    public IReadOnlyCollection<string>? Reducers { get; init; }

    /// <summary>Canonical names of event tables the app listens to; <see langword="null"/> means all event tables of the bindings.</summary>
    public IReadOnlyCollection<string>? EventTables { get; init; }

    internal bool UsesTable(string name, bool isEvent)
    {
        if (isEvent)
        {
            return EventTables is null || Contains(EventTables, name) || (Tables is not null && Contains(Tables, name));
        }

        return Tables is null || Contains(Tables, name);
    }

    internal bool UsesReducer(string name) => Reducers is null || Contains(Reducers, name);

    private static bool Contains(IReadOnlyCollection<string> set, string name)
    {
        foreach (var s in set)
        {
            if (string.Equals(s, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
