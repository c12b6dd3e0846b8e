using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Driver;
using Stdb.Compat.Events;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Connection;

/// <summary>
/// The app-facing client: one SpacetimeDB database through any generation of bindings and either SDK major.
/// All SDK work happens on the thread that calls <see cref="FrameTick"/> (the pump); every other member may be called
/// from any thread and is queued to the pump. App callbacks run on the pump, outside Stdb.Compat's locks; an
/// exception thrown by one is logged and never stops the pump.
/// </summary>
public interface ICompatClient : IAsyncDisposable
{
    /// <summary>The current lifecycle state.</summary>
    CompatConnectionState State { get; }

    /// <summary>What the bindings' driver declares.</summary>
    DriverCapabilities DriverCapabilities { get; }

    /// <summary>Which capabilities work on the current connection, and why the others do not.</summary>
    IReadOnlyList<CapabilityStatus> Capabilities { get; }

    /// <summary>The identity (hex) of the latest established connection, kept while reconnecting and after a disconnect; null before the first connect and while a new connect starts.</summary>
    string? Identity { get; }

    /// <summary>The compatibility circuit: open after a disconnect retrying cannot fix, until a check allows another attempt.</summary>
    CompatibilityCircuitState CompatibilityCircuit { get; }

    /// <summary>
    /// The latest compatibility check (at every connect before subscribing, and before circuit retries): its answer,
    /// schema report, verdict, when, the live server version and the tables no longer subscribed because their rows
    /// no longer decode. Null before the first check, or when no check runs.
    /// </summary>
    CompatibilitySnapshot? Compatibility { get; }

    /// <summary>
    /// Raised on the pump after every state change, and while connecting or reconnecting after each failed attempt
    /// (then <see cref="StateChange.Previous"/> equals <see cref="StateChange.Current"/> and
    /// <see cref="StateChange.NextDelay"/> says when the next attempt starts).
    /// </summary>
    event Action<StateChange>? StateChanged;

    /// <summary>True when <paramref name="capability"/> works on the current connection.</summary>
    bool IsAvailable(CompatCapability capability);

    /// <summary>
    /// Connects, retrying transient failures through the connect pipeline. Completes when the server has accepted the
    /// client; needs the pump to be running. While the client is reconnecting, completes with the reconnect.
    /// </summary>
    /// <exception cref="ProtocolMismatchException">The server cannot speak the bindings' protocol.</exception>
    /// <exception cref="ConnectFailedException">The connection could not be established.</exception>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Disconnects and stops reconnecting. Every sent reducer call ends as <see cref="ReducerOutcomeKind.Dropped"/>,
    /// every queued one as <see cref="ReducerOutcomeKind.NotConnected"/>.
    /// </summary>
    Task DisconnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs queued work and the SDK's <c>FrameTick</c>; all callbacks fire inside. Call it from one thread.</summary>
    void FrameTick();

    /// <summary>
    /// The view of the table whose row type is <typeparamref name="TRow"/>. When several tables share it (a table and
    /// the views declared over it), the one whose accessor is named after the row type; otherwise name it with
    /// <see cref="Table{TRow}(string)"/>.
    /// </summary>
    /// <exception cref="UnknownTableException">The bindings have no table with that row type.</exception>
    /// <exception cref="AmbiguousTableException">Several tables share the row type and none is named after it.</exception>
    ITableView<TRow> Table<TRow>()
        where TRow : class;

    /// <summary>
    /// The view of one table by wire name or accessor name (e.g. "users_named_alice" or "UsersNamedAlice"), resolved
    /// like <see cref="Subscribe(IEnumerable{string})"/>: for tables and views that share a row type.
    /// </summary>
    /// <exception cref="UnknownTableException">The name matches no table, or an event table.</exception>
    /// <exception cref="ArgumentException">The table's row type is not <typeparamref name="TRow"/>.</exception>
    ITableView<TRow> Table<TRow>(string table)
        where TRow : class;

    /// <summary>The stream of events of type <typeparamref name="TEvent"/> declared in the options.</summary>
    /// <exception cref="ArgumentException">No stream of that type was declared.</exception>
    IEventStream<TEvent> Events<TEvent>();

    /// <summary>
    /// Subscribes to whole tables, by wire name or accessor name (e.g. "player" or "Player"), resolved through the
    /// bindings' wire-name policy. Applied now when connected, and again on every later connection.
    /// </summary>
    /// <exception cref="UnknownTableException">A name matches no table of the bindings.</exception>
    ICompatSubscription Subscribe(IEnumerable<string> tables);

    /// <summary>Subscribes to every ordinary table of the bindings, the same way on SDK 1.x and 2.x (event tables excluded).</summary>
    ICompatSubscription SubscribeToAllTables();

    /// <summary>
    /// Calls a reducer with a generated argument object (e.g. <c>new Reducer.DealDamage(target, amount)</c>).
    /// The task always completes with exactly one outcome; it never faults for server-side reasons. While the client
    /// is (re)connecting the call waits in a bounded queue (or fails fast, by option); reducers marked idempotent are
    /// retried when their outcome is unknown (<see cref="ReducerOutcomeKind.Dropped"/>, <see cref="ReducerOutcomeKind.TimedOut"/>).
    /// </summary>
    /// <exception cref="UnknownReducerException">The object is not an argument type of the bindings.</exception>
    Task<ReducerOutcome> CallReducerAsync<TArgs>(TArgs args, CancellationToken cancellationToken = default)
        where TArgs : class;
}
