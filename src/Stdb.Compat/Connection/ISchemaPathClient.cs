using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Adapters;

namespace Stdb.Compat.Connection;

/// <summary>
/// A client over several schema paths (bindings generations, their adapters, optionally their own targets). Its
/// <see cref="ICompatClient.Table{TRow}()"/>, <see cref="ICompatClient.CallReducerAsync{TArgs}"/> and
/// <see cref="ICompatClient.Events{TEvent}"/> work over the app's own model types, whichever path is in use.
/// </summary>
/// <remarks>
/// A model view keeps no copy of the models unless the app reads it (then from the first read on) or a path switch
/// reconciles it: a model in <see cref="Tables.RowChange{TRow}.OldRow"/>, in a delete or in a first read may be a fresh
/// mapping of the generated row, equal by value to the one a handler saw but not the same instance.
/// </remarks>
public interface ISchemaPathClient : ICompatClient
{
    /// <summary>The path in use (pinned for the connection's life), or null before the first selection.</summary>
    string? CurrentPath { get; }

    /// <summary>The latest path selection (chosen path, how, the flag's variant, every candidate's check).</summary>
    SchemaPathSelection? LatestSelection { get; }

    /// <summary>
    /// Moves to another path now. A path with the same driver and target as the current one differs only in its
    /// adapters: the switch happens at the next frame boundary, without a reconnect and never in the middle of a call.
    /// Otherwise the client disconnects and connects through the new path. Views are reconciled in model space. A target
    /// passed over for failing connects (blue/green) is tried again at once.
    /// </summary>
    /// <exception cref="System.ArgumentException">No path has that name.</exception>
    /// <exception cref="ConnectFailedException">The path's bindings are not compatible with its live module.</exception>
    Task SwitchPathAsync(string path, CancellationToken cancellationToken = default);
}
