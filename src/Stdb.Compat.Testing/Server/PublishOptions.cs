using System;
using System.Collections.Generic;

namespace Stdb.Compat.Testing.Server;

/// <summary>Options of <see cref="SimulatedServer.Publish"/>, mirroring <c>spacetime publish</c> flags.</summary>
public sealed class PublishOptions
{
    /// <summary><c>--break-clients</c>: accept a plan that disconnects all clients. Default false (such a publish is refused).</summary>
    public bool BreakClients { get; init; }

    /// <summary><c>--delete-data</c>: drop the database's data and publish as new; connected clients are disconnected. Default false.</summary>
    public bool DeleteData { get; init; }
}

/// <summary>
/// One step the simulated server took during a publish, named after SpacetimeDB's <c>AutoMigrateStep</c> (plus <see cref="PublishStepKind.DeleteData"/>).
/// Distinct from the planner's <c>Stdb.Compat.Schema.Planner.MigrationStepKind</c>, which is the ported decision procedure.
/// </summary>
public enum PublishStepKind
{
    /// <summary>A table was added.</summary>
    AddTable,

    /// <summary>A table was removed (it had no rows).</summary>
    RemoveTable,

    /// <summary>Columns with defaults were appended; rows were rewritten.</summary>
    AddColumns,

    /// <summary>A table's access changed (public/private).</summary>
    ChangeAccess,

    /// <summary>A table's declared name changed but its canonical name did not.</summary>
    ChangeTableAccessorName,

    /// <summary>A column's declared name changed but its canonical name did not.</summary>
    ChangeColumnAccessorName,

    /// <summary>An event table's columns changed.</summary>
    ReschemaEventTable,

    /// <summary>An auto-increment sequence was added.</summary>
    AddSequence,

    /// <summary>An auto-increment sequence was removed.</summary>
    RemoveSequence,

    /// <summary>All connected clients were disconnected (the plan breaks clients).</summary>
    DisconnectAllUsers,

    /// <summary>The data was deleted and the module published anew (<c>--delete-data</c>).</summary>
    DeleteData,

    /// <summary>A table's primary key changed (cheap: no rows are rewritten, no client is disconnected).</summary>
    ChangePrimaryKey,

    /// <summary>Column types were widened in place (a sum gained variants at the end, same size and alignment).</summary>
    ChangeColumns,
}

/// <summary>One migration step the simulated server executed during a publish, and the table or column it applied to.</summary>
/// <param name="Kind">The step.</param>
/// <param name="Path">The table or <c>table.column</c> (empty for <see cref="PublishStepKind.DisconnectAllUsers"/>).</param>
public sealed record PublishStep(PublishStepKind Kind, string Path);

/// <summary>The result of a publish.</summary>
/// <param name="DatabaseName">The database.</param>
/// <param name="Created">True when the database was created by this publish.</param>
/// <param name="Steps">The executed migration steps (empty for a create or an unchanged schema).</param>
/// <param name="DisconnectedClients">How many clients were disconnected.</param>
public sealed record PublishResult(string DatabaseName, bool Created, IReadOnlyList<PublishStep> Steps, int DisconnectedClients)
{
    /// <summary>True when the plan disconnected all clients.</summary>
    public bool BrokeClients => DisconnectedClients > 0 || ContainsStep(PublishStepKind.DisconnectAllUsers);

    private bool ContainsStep(PublishStepKind kind)
    {
        foreach (PublishStep step in Steps ?? Array.Empty<PublishStep>())
        {
            if (step.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }
}
