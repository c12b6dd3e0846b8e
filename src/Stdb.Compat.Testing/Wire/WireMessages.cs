using System.Collections.Generic;

// The simulated wire between SimulatedServer and its clients (the SDK stand-ins and SimulatedDriver).
// It models SpacetimeDB's WebSocket protocols v1 (v1.bsatn.spacetimedb) and v2 (v2.bsatn.spacetimedb)
// message by message; rows and reducer arguments travel as BSATN bytes exactly as on the real wire, so a row
// type that does not match the module's schema fails to decode on the client as it would in production.
namespace Stdb.Compat.Testing.Wire;

/// <summary>WebSocket subprotocol names.</summary>
internal static class WireSubprotocols
{
    public const string V1 = "v1.bsatn.spacetimedb";
    public const string V2 = "v2.bsatn.spacetimedb";
}

/// <summary>What a client asks for when it opens the socket (the subscribe URL, headers and subprotocol).</summary>
/// <param name="DatabaseNameOrAddress">Path segment <c>/v1/database/{nameOrAddress}/subscribe</c>.</param>
/// <param name="Subprotocol">Requested subprotocol, see <see cref="WireSubprotocols"/>.</param>
/// <param name="Token">Bearer token, or null/empty for a new identity.</param>
/// <param name="ConnectionId">16 bytes, random per DbConnection (<c>connection_id</c> query parameter).</param>
/// <param name="Light"><c>light=true</c> was sent.</param>
/// <param name="Confirmed"><c>confirmed=…</c>, or null when not sent.</param>
/// <param name="Compression"><c>compression=None|Brotli|Gzip</c>.</param>
internal sealed record WireConnectRequest(
    string DatabaseNameOrAddress,
    string Subprotocol,
    string? Token,
    byte[] ConnectionId,
    bool Light,
    bool? Confirmed,
    string Compression);

/// <summary>The HTTP refusal of a WebSocket upgrade (e.g. 400 "no valid protocol selected").</summary>
internal sealed record WireRefusal(int StatusCode, string Body);

/// <summary>Client side of an open simulated socket: the server pushes into it.</summary>
internal interface IWireClient
{
    /// <summary>A server message arrived. Called on the server's thread; the client queues it for FrameTick.</summary>
    void Receive(ServerMessage message);

    /// <summary>The server closed the socket (null = normal close, else the close reason).</summary>
    void Closed(string? error);
}

/// <summary>Server side of an open simulated socket: the client sends through it.</summary>
internal interface IWireServerEndpoint
{
    /// <summary>Sends a client message to the server.</summary>
    void Send(ClientMessage message);

    /// <summary>The client closes the socket.</summary>
    void Close();
}

// ---------------------------------------------------------------- client -> server

internal abstract record ClientMessage;

/// <summary>v1 <c>SubscribeMulti{query_strings, request_id, query_id}</c>; v2 <c>Subscribe{request_id, query_set_id, query_strings}</c>.</summary>
internal sealed record WireSubscribe(uint RequestId, uint QueryId, IReadOnlyList<string> Queries) : ClientMessage;

/// <summary>v1 legacy <c>Subscribe{["SELECT * FROM *"]}</c>, sent by 1.x <c>SubscribeToAllTables</c>.</summary>
internal sealed record WireSubscribeLegacyAll(uint RequestId) : ClientMessage;

/// <summary>v1 <c>UnsubscribeMulti</c>; v2 <c>Unsubscribe</c> (the 2.x SDK sets <c>SendDroppedRows</c>).</summary>
internal sealed record WireUnsubscribe(uint RequestId, uint QueryId, bool SendDroppedRows) : ClientMessage;

/// <summary><c>CallReducer{reducer, args, request_id, flags}</c>. <paramref name="Flags"/>: 0 FullUpdate, 1 NoSuccessNotify (v1); always 0 in v2.</summary>
internal sealed record WireCallReducer(uint RequestId, string Reducer, byte[] Args, byte Flags) : ClientMessage;

// ---------------------------------------------------------------- server -> client

internal abstract record ServerMessage;

/// <summary>v1 <c>IdentityToken</c>: sent once per connection.</summary>
internal sealed record WireIdentityToken(byte[] Identity, string Token, byte[] ConnectionId) : ServerMessage;

/// <summary>v2 <c>InitialConnection</c>.</summary>
internal sealed record WireInitialConnection(byte[] Identity, byte[] ConnectionId, string Token) : ServerMessage;

/// <summary>v1 <c>SubscribeMultiApplied</c> / v2 <c>SubscribeApplied</c>: inserts of the initial rows.</summary>
internal sealed record WireSubscribeApplied(uint RequestId, uint QueryId, IReadOnlyList<WireTableUpdate> Tables) : ServerMessage;

/// <summary>v1 legacy <c>InitialSubscription</c> (answer to <see cref="WireSubscribeLegacyAll"/>).</summary>
internal sealed record WireInitialSubscription(uint RequestId, IReadOnlyList<WireTableUpdate> Tables) : ServerMessage;

/// <summary>v1 <c>UnsubscribeMultiApplied</c> / v2 <c>UnsubscribeApplied</c>: deletes of the dropped rows.</summary>
internal sealed record WireUnsubscribeApplied(uint RequestId, uint QueryId, IReadOnlyList<WireTableUpdate> Tables) : ServerMessage;

/// <summary><c>SubscriptionError</c>; <paramref name="QueryId"/> null = a general failure (1.x then disconnects).</summary>
internal sealed record WireSubscriptionError(uint? RequestId, uint? QueryId, string Error) : ServerMessage;

/// <summary>v1 full <c>TransactionUpdate</c>: status, reducer call info, caller, and the row changes.</summary>
internal sealed record WireTransactionUpdateV1(
    WireUpdateStatus Status,
    long TimestampMicros,
    byte[] CallerIdentity,
    byte[]? CallerConnectionId,
    WireReducerCallInfo ReducerCall,
    ulong EnergyConsumed,
    IReadOnlyList<WireTableUpdate> Tables) : ServerMessage;

/// <summary>v1 <c>TransactionUpdateLight</c> (light-mode subscribers; also non-callers of V10 modules on a 2.x server get reducer-less updates).</summary>
internal sealed record WireTransactionUpdateLight(uint RequestId, IReadOnlyList<WireTableUpdate> Tables) : ServerMessage;

/// <summary>v2 <c>TransactionUpdate{query_sets}</c>: row changes for non-callers (no reducer info).</summary>
internal sealed record WireTransactionUpdateV2(IReadOnlyList<WireTableUpdate> Tables) : ServerMessage;

/// <summary>v2 <c>ReducerResult{request_id, timestamp, result}</c>: only to the caller.</summary>
internal sealed record WireReducerResult(uint RequestId, long TimestampMicros, WireReducerOutcome Outcome) : ServerMessage;

/// <summary>Reducer call details in a v1 <c>TransactionUpdate</c>.</summary>
internal sealed record WireReducerCallInfo(string ReducerName, uint ReducerId, byte[] Args, uint RequestId);

/// <summary>v1 <c>UpdateStatus</c>.</summary>
internal abstract record WireUpdateStatus
{
    private WireUpdateStatus()
    {
    }

    /// <summary>Committed; the row changes are in the update's tables.</summary>
    public sealed record Committed : WireUpdateStatus;

    /// <summary>The reducer failed with this text.</summary>
    public sealed record Failed(string Reason) : WireUpdateStatus;

    /// <summary>The caller ran out of energy.</summary>
    public sealed record OutOfEnergy : WireUpdateStatus;
}

/// <summary>v2 <c>ReducerOutcome</c>.</summary>
internal abstract record WireReducerOutcome
{
    private WireReducerOutcome()
    {
    }

    /// <summary><c>Ok(ReducerOk{ret_value, transaction_update})</c>.</summary>
    public sealed record Ok(IReadOnlyList<WireTableUpdate> Tables) : WireReducerOutcome;

    /// <summary><c>OkEmpty</c>: committed, no rows for this client.</summary>
    public sealed record OkEmpty : WireReducerOutcome;

    /// <summary><c>Err(bytes)</c>: the BSATN-encoded error string.</summary>
    public sealed record Err(byte[] Bsatn) : WireReducerOutcome;

    /// <summary><c>InternalError(msg)</c>.</summary>
    public sealed record InternalError(string Message) : WireReducerOutcome;
}

/// <summary>The row changes of one table: BSATN-encoded rows, one byte array per row.</summary>
/// <param name="TableName">The table's wire (canonical) name.</param>
/// <param name="Inserts">Inserted rows.</param>
/// <param name="Deletes">Deleted rows (an update is a delete and an insert with the same primary key).</param>
/// <param name="IsEventTable">v2 <c>TableUpdateRows.EventTable</c>: rows are events, never cached.</param>
internal sealed record WireTableUpdate(string TableName, IReadOnlyList<byte[]> Inserts, IReadOnlyList<byte[]> Deletes, bool IsEventTable = false);
