using System.Collections.Generic;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// WebSocket protocol <c>v1.bsatn.spacetimedb</c>, message by message, in the real field order.
/// Mirrors <c>crates/client-api-messages/src/websocket.rs</c> at v1.12.0 (moved unchanged to <c>websocket/v1.rs</c> at
/// v2.8.0, where only <c>Box&lt;str&gt;</c> became <c>RawIdentifier</c>, also a string on the wire) and the SDK's
/// <c>sdks/csharp/src/SpacetimeDB/ClientApi/*.g.cs</c> at v1.12.0. Variant tags are the enum declaration order.
/// Identity is a u256 (32 bytes LE), ConnectionId a u128 (16 bytes LE), Timestamp and TimeDuration an i64 of
/// microseconds, EnergyQuanta a u128, TableId a u32.
/// </summary>
internal static class V1
{
    // ------------------------------------------------------------ client -> server: enum ClientMessage<Args>

    internal abstract record ClientMessage;

    /// <summary>Tag 0. <c>CallReducer { reducer: Box&lt;str&gt;, args: Bytes, request_id: u32, flags: CallReducerFlags(u8) }</c>.</summary>
    internal sealed record CallReducer(string Reducer, byte[] Args, uint RequestId, byte Flags) : ClientMessage;

    /// <summary>Tag 1. Legacy <c>Subscribe { query_strings: Box&lt;[Box&lt;str&gt;]&gt;, request_id: u32 }</c>.</summary>
    internal sealed record Subscribe(IReadOnlyList<string> QueryStrings, uint RequestId) : ClientMessage;

    /// <summary>Tag 2. <c>OneOffQuery { message_id: Box&lt;[u8]&gt;, query_string: Box&lt;str&gt; }</c>.</summary>
    internal sealed record OneOffQuery(byte[] MessageId, string QueryString) : ClientMessage;

    /// <summary>Tag 3. <c>SubscribeSingle { query: Box&lt;str&gt;, request_id: u32, query_id: QueryId(u32) }</c>.</summary>
    internal sealed record SubscribeSingle(string Query, uint RequestId, uint QueryId) : ClientMessage;

    /// <summary>Tag 4. <c>SubscribeMulti { query_strings, request_id: u32, query_id: QueryId }</c>.</summary>
    internal sealed record SubscribeMulti(IReadOnlyList<string> QueryStrings, uint RequestId, uint QueryId) : ClientMessage;

    /// <summary>Tag 5. <c>Unsubscribe { request_id: u32, query_id: QueryId }</c>.</summary>
    internal sealed record Unsubscribe(uint RequestId, uint QueryId) : ClientMessage;

    /// <summary>Tag 6. <c>UnsubscribeMulti { request_id: u32, query_id: QueryId }</c>.</summary>
    internal sealed record UnsubscribeMulti(uint RequestId, uint QueryId) : ClientMessage;

    /// <summary>Tag 7. <c>CallProcedure { procedure: Box&lt;str&gt;, args: Bytes, request_id: u32, flags: CallProcedureFlags(u8) }</c>.</summary>
    internal sealed record CallProcedure(string Procedure, byte[] Args, uint RequestId, byte Flags) : ClientMessage;

    // ------------------------------------------------------------ server -> client: enum ServerMessage<BsatnFormat>

    internal abstract record ServerMessage;

    /// <summary>Tag 0. <c>InitialSubscription { database_update: DatabaseUpdate, request_id: u32, total_host_execution_duration: TimeDuration }</c>.</summary>
    internal sealed record InitialSubscription(IReadOnlyList<TableUpdate> Tables, uint RequestId, long DurationMicros) : ServerMessage;

    /// <summary>
    /// Tag 1. <c>TransactionUpdate { status: UpdateStatus, timestamp: Timestamp, caller_identity: Identity,
    /// caller_connection_id: ConnectionId, reducer_call: ReducerCallInfo, energy_quanta_used: EnergyQuanta,
    /// total_host_execution_duration: TimeDuration }</c>.
    /// </summary>
    internal sealed record TransactionUpdate(
        UpdateStatus Status,
        long TimestampMicros,
        byte[] CallerIdentity,
        byte[] CallerConnectionId,
        ReducerCallInfo ReducerCall,
        ulong EnergyQuantaUsed,
        long DurationMicros) : ServerMessage;

    /// <summary>Tag 2. <c>TransactionUpdateLight { request_id: u32, update: DatabaseUpdate }</c>.</summary>
    internal sealed record TransactionUpdateLight(uint RequestId, IReadOnlyList<TableUpdate> Tables) : ServerMessage;

    /// <summary>Tag 3. <c>IdentityToken { identity: Identity, token: Box&lt;str&gt;, connection_id: ConnectionId }</c>.</summary>
    internal sealed record IdentityToken(byte[] Identity, string Token, byte[] ConnectionId) : ServerMessage;

    /// <summary>Tag 4. <c>OneOffQueryResponse { message_id: Box&lt;[u8]&gt;, error: Option&lt;Box&lt;str&gt;&gt;, tables: Box&lt;[OneOffTable]&gt;, total_host_execution_duration: TimeDuration }</c>.</summary>
    internal sealed record OneOffQueryResponse(byte[] MessageId, string? Error, IReadOnlyList<OneOffTable> Tables, long DurationMicros) : ServerMessage;

    /// <summary>Tag 5. <c>SubscribeApplied { request_id: u32, total_host_execution_duration_micros: u64, query_id: QueryId, rows: SubscribeRows }</c>.</summary>
    internal sealed record SubscribeApplied(uint RequestId, ulong DurationMicros, uint QueryId, SubscribeRows Rows) : ServerMessage;

    /// <summary>Tag 6. <c>UnsubscribeApplied</c>: same fields as <see cref="SubscribeApplied"/>.</summary>
    internal sealed record UnsubscribeApplied(uint RequestId, ulong DurationMicros, uint QueryId, SubscribeRows Rows) : ServerMessage;

    /// <summary>Tag 7. <c>SubscriptionError { total_host_execution_duration_micros: u64, request_id: Option&lt;u32&gt;, query_id: Option&lt;u32&gt;, table_id: Option&lt;TableId&gt;, error: Box&lt;str&gt; }</c>.</summary>
    internal sealed record SubscriptionError(ulong DurationMicros, uint? RequestId, uint? QueryId, uint? TableId, string Error) : ServerMessage;

    /// <summary>Tag 8. <c>SubscribeMultiApplied { request_id: u32, total_host_execution_duration_micros: u64, query_id: QueryId, update: DatabaseUpdate }</c>.</summary>
    internal sealed record SubscribeMultiApplied(uint RequestId, ulong DurationMicros, uint QueryId, IReadOnlyList<TableUpdate> Tables) : ServerMessage;

    /// <summary>Tag 9. <c>UnsubscribeMultiApplied</c>: same fields as <see cref="SubscribeMultiApplied"/>.</summary>
    internal sealed record UnsubscribeMultiApplied(uint RequestId, ulong DurationMicros, uint QueryId, IReadOnlyList<TableUpdate> Tables) : ServerMessage;

    /// <summary>Tag 10. <c>ProcedureResult { status: ProcedureStatus, timestamp: Timestamp, total_host_execution_duration: TimeDuration, request_id: u32 }</c>.</summary>
    internal sealed record ProcedureResult(ProcedureStatus Status, long TimestampMicros, long DurationMicros, uint RequestId) : ServerMessage;

    // ------------------------------------------------------------ shared structures

    /// <summary><c>SubscribeRows { table_id: TableId, table_name: Box&lt;str&gt;, table_rows: TableUpdate }</c>.</summary>
    internal sealed record SubscribeRows(uint TableId, string TableName, TableUpdate TableRows);

    /// <summary>
    /// <c>TableUpdate { table_id: TableId, table_name: Box&lt;str&gt;, num_rows: u64, updates: SmallVec&lt;[CompressableQueryUpdate; 1]&gt; }</c>
    /// (a SmallVec is an array on the wire).
    /// </summary>
    internal sealed record TableUpdate(uint TableId, string TableName, ulong NumRows, IReadOnlyList<QueryUpdate> Updates);

    /// <summary>
    /// <c>QueryUpdate { deletes: BsatnRowList, inserts: BsatnRowList }</c>, carried in
    /// <c>CompressableQueryUpdate { Uncompressed(QueryUpdate) = 0, Brotli(Bytes) = 1, Gzip(Bytes) = 2 }</c>.
    /// The host always sends <c>Uncompressed</c>, as the v1.12.0/v2.8.0 server does for subscription and transaction
    /// updates (<c>crates/core/src/subscription/mod.rs</c> passes <c>Compression::None</c>; the whole message is
    /// compressed instead). <see cref="Compression"/> records which variant was read.
    /// </summary>
    internal sealed record QueryUpdate(IReadOnlyList<byte[]> Deletes, IReadOnlyList<byte[]> Inserts, byte Compression = 0);

    /// <summary><c>ReducerCallInfo { reducer_name: Box&lt;str&gt;, reducer_id: u32, args: Bytes, request_id: u32 }</c>.</summary>
    internal sealed record ReducerCallInfo(string ReducerName, uint ReducerId, byte[] Args, uint RequestId);

    /// <summary><c>OneOffTable { table_name: Box&lt;str&gt;, rows: BsatnRowList }</c>.</summary>
    internal sealed record OneOffTable(string TableName, IReadOnlyList<byte[]> Rows);

    /// <summary><c>UpdateStatus { Committed(DatabaseUpdate) = 0, Failed(Box&lt;str&gt;) = 1, OutOfEnergy = 2 }</c>.</summary>
    internal abstract record UpdateStatus
    {
        internal sealed record Committed(IReadOnlyList<TableUpdate> Tables) : UpdateStatus;

        internal sealed record Failed(string Message) : UpdateStatus;

        internal sealed record OutOfEnergy : UpdateStatus;
    }

    /// <summary><c>ProcedureStatus { Returned(Bytes) = 0, OutOfEnergy = 1, InternalError(String) = 2 }</c>.</summary>
    internal abstract record ProcedureStatus
    {
        internal sealed record Returned(byte[] Value) : ProcedureStatus;

        internal sealed record OutOfEnergy : ProcedureStatus;

        internal sealed record InternalError(string Message) : ProcedureStatus;
    }
}
