using System.Collections.Generic;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// WebSocket protocol <c>v2.bsatn.spacetimedb</c>, message by message, in the real field order.
/// Mirrors <c>crates/client-api-messages/src/websocket/v2.rs</c> and <c>websocket/common.rs</c> at v2.8.0 and the
/// SDK's <c>sdks/csharp/src/SpacetimeDB/ClientApi/*.g.cs</c> at v2.8.0. Variant tags are the enum declaration order;
/// <c>RawIdentifier</c> is a string on the wire; <c>Result&lt;T, E&gt;</c> is the sum <c>ok = 0, err = 1</c>;
/// <c>QuerySetId</c> is a product of one u32.
/// </summary>
internal static class V2
{
    // ------------------------------------------------------------ client -> server: enum ClientMessage

    internal abstract record ClientMessage;

    /// <summary>Tag 0. <c>Subscribe { request_id: u32, query_set_id: QuerySetId, query_strings: Box&lt;[Box&lt;str&gt;]&gt; }</c>.</summary>
    internal sealed record Subscribe(uint RequestId, uint QuerySetId, IReadOnlyList<string> QueryStrings) : ClientMessage;

    /// <summary>Tag 1. <c>Unsubscribe { request_id: u32, query_set_id: QuerySetId, flags: UnsubscribeFlags { Default = 0, SendDroppedRows = 1 } }</c>.</summary>
    internal sealed record Unsubscribe(uint RequestId, uint QuerySetId, byte Flags) : ClientMessage;

    /// <summary>Tag 2. <c>OneOffQuery { request_id: u32, query_string: Box&lt;str&gt; }</c>.</summary>
    internal sealed record OneOffQuery(uint RequestId, string QueryString) : ClientMessage;

    /// <summary>Tag 3. <c>CallReducer { request_id: u32, flags: CallReducerFlags(u8, reserved 0), reducer: RawIdentifier, args: Bytes }</c>.</summary>
    internal sealed record CallReducer(uint RequestId, byte Flags, string Reducer, byte[] Args) : ClientMessage;

    /// <summary>Tag 4. <c>CallProcedure { request_id: u32, flags: CallProcedureFlags(u8), procedure: RawIdentifier, args: Bytes }</c>.</summary>
    internal sealed record CallProcedure(uint RequestId, byte Flags, string Procedure, byte[] Args) : ClientMessage;

    // ------------------------------------------------------------ server -> client: enum ServerMessage

    internal abstract record ServerMessage;

    /// <summary>Tag 0. <c>InitialConnection { identity: Identity, connection_id: ConnectionId, token: Box&lt;str&gt; }</c>.</summary>
    internal sealed record InitialConnection(byte[] Identity, byte[] ConnectionId, string Token) : ServerMessage;

    /// <summary>Tag 1. <c>SubscribeApplied { request_id: u32, query_set_id: QuerySetId, rows: QueryRows }</c>.</summary>
    internal sealed record SubscribeApplied(uint RequestId, uint QuerySetId, IReadOnlyList<SingleTableRows> Rows) : ServerMessage;

    /// <summary>Tag 2. <c>UnsubscribeApplied { request_id: u32, query_set_id: QuerySetId, rows: Option&lt;QueryRows&gt; }</c>.</summary>
    internal sealed record UnsubscribeApplied(uint RequestId, uint QuerySetId, IReadOnlyList<SingleTableRows>? Rows) : ServerMessage;

    /// <summary>Tag 3. <c>SubscriptionError { request_id: Option&lt;u32&gt;, query_set_id: QuerySetId, error: Box&lt;str&gt; }</c>.</summary>
    internal sealed record SubscriptionError(uint? RequestId, uint QuerySetId, string Error) : ServerMessage;

    /// <summary>Tag 4. <c>TransactionUpdate { query_sets: Box&lt;[QuerySetUpdate]&gt; }</c>.</summary>
    internal sealed record TransactionUpdate(IReadOnlyList<QuerySetUpdate> QuerySets) : ServerMessage;

    /// <summary>Tag 5. <c>OneOffQueryResult { request_id: u32, result: Result&lt;QueryRows, Box&lt;str&gt;&gt; }</c>; <see cref="Error"/> null = Ok.</summary>
    internal sealed record OneOffQueryResult(uint RequestId, IReadOnlyList<SingleTableRows>? Rows, string? Error) : ServerMessage;

    /// <summary>Tag 6. <c>ReducerResult { request_id: u32, timestamp: Timestamp, result: ReducerOutcome }</c>.</summary>
    internal sealed record ReducerResult(uint RequestId, long TimestampMicros, ReducerOutcome Result) : ServerMessage;

    /// <summary>Tag 7. <c>ProcedureResult { status: ProcedureStatus, timestamp: Timestamp, total_host_execution_duration: TimeDuration, request_id: u32 }</c>.</summary>
    internal sealed record ProcedureResult(ProcedureStatus Status, long TimestampMicros, long DurationMicros, uint RequestId) : ServerMessage;

    // ------------------------------------------------------------ shared structures

    /// <summary><c>SingleTableRows { table: RawIdentifier, rows: BsatnRowList }</c> (an element of <c>QueryRows.tables</c>).</summary>
    internal sealed record SingleTableRows(string Table, IReadOnlyList<byte[]> Rows);

    /// <summary><c>QuerySetUpdate { query_set_id: QuerySetId, tables: Box&lt;[TableUpdate]&gt; }</c>.</summary>
    internal sealed record QuerySetUpdate(uint QuerySetId, IReadOnlyList<TableUpdate> Tables);

    /// <summary><c>TableUpdate { table_name: RawIdentifier, rows: Box&lt;[TableUpdateRows]&gt; }</c>.</summary>
    internal sealed record TableUpdate(string TableName, IReadOnlyList<TableUpdateRows> Rows);

    /// <summary><c>TableUpdateRows { PersistentTable(PersistentTableRows { inserts, deletes }) = 0, EventTable(EventTableRows { events }) = 1 }</c>.</summary>
    internal abstract record TableUpdateRows
    {
        internal sealed record PersistentTable(IReadOnlyList<byte[]> Inserts, IReadOnlyList<byte[]> Deletes) : TableUpdateRows;

        internal sealed record EventTable(IReadOnlyList<byte[]> Events) : TableUpdateRows;
    }

    /// <summary>
    /// <c>ReducerOutcome { Ok(ReducerOk { ret_value: Bytes, transaction_update: TransactionUpdate }) = 0, OkEmpty = 1,
    /// Err(Bytes) = 2, InternalError(Box&lt;str&gt;) = 3 }</c>.
    /// </summary>
    internal abstract record ReducerOutcome
    {
        internal sealed record Ok(byte[] RetValue, IReadOnlyList<QuerySetUpdate> QuerySets) : ReducerOutcome;

        internal sealed record OkEmpty : ReducerOutcome;

        internal sealed record Err(byte[] Bsatn) : ReducerOutcome;

        internal sealed record InternalError(string Message) : ReducerOutcome;
    }

    /// <summary><c>ProcedureStatus { Returned(Bytes) = 0, InternalError(Box&lt;str&gt;) = 1 }</c>.</summary>
    internal abstract record ProcedureStatus
    {
        internal sealed record Returned(byte[] Value) : ProcedureStatus;

        internal sealed record InternalError(string Message) : ProcedureStatus;
    }
}
