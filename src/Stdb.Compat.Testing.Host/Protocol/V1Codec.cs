using System;
using System.Collections.Generic;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// BSATN encoding of <see cref="V1"/> messages (no compression tag: see <see cref="ServerFrame"/>). The host encodes
/// server messages and decodes client messages; the other two directions exist so tests can round-trip every kind.
/// Layouts: <c>crates/client-api-messages/src/websocket.rs</c> at v1.12.0.
/// </summary>
internal static class V1Codec
{
    public static byte[] Encode(V1.ServerMessage message)
    {
        var w = new BsatnWriter();
        switch (message)
        {
            case V1.InitialSubscription m:
                w.U8(0);
                DatabaseUpdate(w, m.Tables);
                w.U32(m.RequestId);
                w.I64(m.DurationMicros);
                break;
            case V1.TransactionUpdate m:
                w.U8(1);
                switch (m.Status)
                {
                    case V1.UpdateStatus.Committed c:
                        w.U8(0);
                        DatabaseUpdate(w, c.Tables);
                        break;
                    case V1.UpdateStatus.Failed f:
                        w.U8(1);
                        w.String(f.Message);
                        break;
                    case V1.UpdateStatus.OutOfEnergy:
                        w.U8(2);
                        break;
                    default:
                        throw new ArgumentException($"Unknown UpdateStatus {m.Status}.", nameof(message));
                }

                w.I64(m.TimestampMicros);
                w.Fixed(m.CallerIdentity, 32);
                w.Fixed(m.CallerConnectionId, 16);
                w.String(m.ReducerCall.ReducerName);
                w.U32(m.ReducerCall.ReducerId);
                w.Bytes(m.ReducerCall.Args);
                w.U32(m.ReducerCall.RequestId);
                w.U128(m.EnergyQuantaUsed);
                w.I64(m.DurationMicros);
                break;
            case V1.TransactionUpdateLight m:
                w.U8(2);
                w.U32(m.RequestId);
                DatabaseUpdate(w, m.Tables);
                break;
            case V1.IdentityToken m:
                w.U8(3);
                w.Fixed(m.Identity, 32);
                w.String(m.Token);
                w.Fixed(m.ConnectionId, 16);
                break;
            case V1.OneOffQueryResponse m:
                w.U8(4);
                w.Bytes(m.MessageId);
                w.OptionString(m.Error);
                w.Array(m.Tables, static (x, t) =>
                {
                    x.String(t.TableName);
                    RowList.Write(x, t.Rows);
                });
                w.I64(m.DurationMicros);
                break;
            case V1.SubscribeApplied m:
                w.U8(5);
                SubscribeRowsMessage(w, m.RequestId, m.DurationMicros, m.QueryId, m.Rows);
                break;
            case V1.UnsubscribeApplied m:
                w.U8(6);
                SubscribeRowsMessage(w, m.RequestId, m.DurationMicros, m.QueryId, m.Rows);
                break;
            case V1.SubscriptionError m:
                w.U8(7);
                w.U64(m.DurationMicros);
                w.OptionU32(m.RequestId);
                w.OptionU32(m.QueryId);
                w.OptionU32(m.TableId);
                w.String(m.Error);
                break;
            case V1.SubscribeMultiApplied m:
                w.U8(8);
                w.U32(m.RequestId);
                w.U64(m.DurationMicros);
                w.U32(m.QueryId);
                DatabaseUpdate(w, m.Tables);
                break;
            case V1.UnsubscribeMultiApplied m:
                w.U8(9);
                w.U32(m.RequestId);
                w.U64(m.DurationMicros);
                w.U32(m.QueryId);
                DatabaseUpdate(w, m.Tables);
                break;
            case V1.ProcedureResult m:
                w.U8(10);
                switch (m.Status)
                {
                    case V1.ProcedureStatus.Returned r:
                        w.U8(0);
                        w.Bytes(r.Value);
                        break;
                    case V1.ProcedureStatus.OutOfEnergy:
                        w.U8(1);
                        break;
                    case V1.ProcedureStatus.InternalError e:
                        w.U8(2);
                        w.String(e.Message);
                        break;
                    default:
                        throw new ArgumentException($"Unknown ProcedureStatus {m.Status}.", nameof(message));
                }

                w.I64(m.TimestampMicros);
                w.I64(m.DurationMicros);
                w.U32(m.RequestId);
                break;
            default:
                throw new ArgumentException($"Unknown v1 server message {message?.GetType().Name ?? "null"}.", nameof(message));
        }

        return w.ToArray();
    }

    public static V1.ServerMessage DecodeServer(byte[] body)
    {
        var r = new BsatnReader(body);
        byte tag = r.U8("ServerMessage tag");
        V1.ServerMessage message = tag switch
        {
            0 => new V1.InitialSubscription(ReadDatabaseUpdate(r), r.U32("request_id"), r.I64("total_host_execution_duration")),
            1 => new V1.TransactionUpdate(
                ReadUpdateStatus(r),
                r.I64("timestamp"),
                r.Fixed(32, "caller_identity"),
                r.Fixed(16, "caller_connection_id"),
                new V1.ReducerCallInfo(r.String("reducer_name"), r.U32("reducer_id"), r.Bytes("args"), r.U32("request_id")),
                ReadU128AsU64(r, "energy_quanta_used"),
                r.I64("total_host_execution_duration")),
            2 => new V1.TransactionUpdateLight(r.U32("request_id"), ReadDatabaseUpdate(r)),
            3 => new V1.IdentityToken(r.Fixed(32, "identity"), r.String("token"), r.Fixed(16, "connection_id")),
            4 => new V1.OneOffQueryResponse(
                r.Bytes("message_id"),
                r.OptionString("error"),
                r.Array("tables", x => new V1.OneOffTable(x.String("table_name"), RowList.Read(x, "rows"))),
                r.I64("total_host_execution_duration")),
            5 => new V1.SubscribeApplied(r.U32("request_id"), r.U64("total_host_execution_duration_micros"), r.U32("query_id"), ReadSubscribeRows(r)),
            6 => new V1.UnsubscribeApplied(r.U32("request_id"), r.U64("total_host_execution_duration_micros"), r.U32("query_id"), ReadSubscribeRows(r)),
            7 => new V1.SubscriptionError(r.U64("total_host_execution_duration_micros"), r.OptionU32("request_id"), r.OptionU32("query_id"), r.OptionU32("table_id"), r.String("error")),
            8 => new V1.SubscribeMultiApplied(r.U32("request_id"), r.U64("total_host_execution_duration_micros"), r.U32("query_id"), ReadDatabaseUpdate(r)),
            9 => new V1.UnsubscribeMultiApplied(r.U32("request_id"), r.U64("total_host_execution_duration_micros"), r.U32("query_id"), ReadDatabaseUpdate(r)),
            10 => new V1.ProcedureResult(ReadProcedureStatus(r), r.I64("timestamp"), r.I64("total_host_execution_duration"), r.U32("request_id")),
            _ => throw r.Error($"unknown v1 ServerMessage tag {tag}"),
        };
        r.EnsureEnd("v1 ServerMessage");
        return message;
    }

    public static byte[] Encode(V1.ClientMessage message)
    {
        var w = new BsatnWriter();
        switch (message)
        {
            case V1.CallReducer m:
                w.U8(0);
                w.String(m.Reducer);
                w.Bytes(m.Args);
                w.U32(m.RequestId);
                w.U8(m.Flags);
                break;
            case V1.Subscribe m:
                w.U8(1);
                w.Strings(m.QueryStrings);
                w.U32(m.RequestId);
                break;
            case V1.OneOffQuery m:
                w.U8(2);
                w.Bytes(m.MessageId);
                w.String(m.QueryString);
                break;
            case V1.SubscribeSingle m:
                w.U8(3);
                w.String(m.Query);
                w.U32(m.RequestId);
                w.U32(m.QueryId);
                break;
            case V1.SubscribeMulti m:
                w.U8(4);
                w.Strings(m.QueryStrings);
                w.U32(m.RequestId);
                w.U32(m.QueryId);
                break;
            case V1.Unsubscribe m:
                w.U8(5);
                w.U32(m.RequestId);
                w.U32(m.QueryId);
                break;
            case V1.UnsubscribeMulti m:
                w.U8(6);
                w.U32(m.RequestId);
                w.U32(m.QueryId);
                break;
            case V1.CallProcedure m:
                w.U8(7);
                w.String(m.Procedure);
                w.Bytes(m.Args);
                w.U32(m.RequestId);
                w.U8(m.Flags);
                break;
            default:
                throw new ArgumentException($"Unknown v1 client message {message?.GetType().Name ?? "null"}.", nameof(message));
        }

        return w.ToArray();
    }

    public static V1.ClientMessage DecodeClient(byte[] body)
    {
        var r = new BsatnReader(body);
        byte tag = r.U8("ClientMessage tag");
        V1.ClientMessage message = tag switch
        {
            0 => new V1.CallReducer(r.String("reducer"), r.Bytes("args"), r.U32("request_id"), Flag(r, "flags", max: 1)),
            1 => new V1.Subscribe(r.Strings("query_strings"), r.U32("request_id")),
            2 => new V1.OneOffQuery(r.Bytes("message_id"), r.String("query_string")),
            3 => new V1.SubscribeSingle(r.String("query"), r.U32("request_id"), r.U32("query_id")),
            4 => new V1.SubscribeMulti(r.Strings("query_strings"), r.U32("request_id"), r.U32("query_id")),
            5 => new V1.Unsubscribe(r.U32("request_id"), r.U32("query_id")),
            6 => new V1.UnsubscribeMulti(r.U32("request_id"), r.U32("query_id")),
            7 => new V1.CallProcedure(r.String("procedure"), r.Bytes("args"), r.U32("request_id"), Flag(r, "flags", max: 0)),
            _ => throw r.Error($"unknown v1 ClientMessage tag {tag}"),
        };
        r.EnsureEnd("v1 ClientMessage");
        return message;
    }

    internal static void DatabaseUpdate(BsatnWriter w, IReadOnlyList<V1.TableUpdate> tables) => w.Array(tables, TableUpdate);

    private static void TableUpdate(BsatnWriter w, V1.TableUpdate t)
    {
        w.U32(t.TableId);
        w.String(t.TableName);
        w.U64(t.NumRows);
        w.Array(t.Updates, static (y, u) =>
        {
            if (u.Compression != 0)
            {
                throw new ArgumentException("The host sends only Uncompressed query updates.", nameof(u));
            }

            y.U8(0);
            RowList.Write(y, u.Deletes);
            RowList.Write(y, u.Inserts);
        });
    }

    // SubscribeRows { table_id, table_name, table_rows: TableUpdate } follows the three fixed fields.
    private static void SubscribeRowsMessage(BsatnWriter w, uint requestId, ulong duration, uint queryId, V1.SubscribeRows rows)
    {
        w.U32(requestId);
        w.U64(duration);
        w.U32(queryId);
        w.U32(rows.TableId);
        w.String(rows.TableName);
        TableUpdate(w, rows.TableRows);
    }

    private static List<V1.TableUpdate> ReadDatabaseUpdate(BsatnReader r) => r.Array("database_update.tables", ReadTableUpdate);

    private static V1.TableUpdate ReadTableUpdate(BsatnReader r) => new(
        r.U32("table_id"),
        r.String("table_name"),
        r.U64("num_rows"),
        r.Array("updates", ReadQueryUpdate));

    private static V1.QueryUpdate ReadQueryUpdate(BsatnReader r)
    {
        byte tag = r.U8("CompressableQueryUpdate tag");
        switch (tag)
        {
            case 0:
                return new V1.QueryUpdate(RowList.Read(r, "deletes"), RowList.Read(r, "inserts"));
            case 1:
            case 2:
                byte[] inner = ServerFrame.Decompress(tag, r.Bytes("CompressableQueryUpdate payload"));
                var ir = new BsatnReader(inner);
                var update = new V1.QueryUpdate(RowList.Read(ir, "deletes"), RowList.Read(ir, "inserts"), tag);
                ir.EnsureEnd("compressed QueryUpdate");
                return update;
            default:
                throw r.Error($"unknown CompressableQueryUpdate tag {tag}");
        }
    }

    private static V1.SubscribeRows ReadSubscribeRows(BsatnReader r) => new(r.U32("table_id"), r.String("table_name"), ReadTableUpdate(r));

    private static V1.UpdateStatus ReadUpdateStatus(BsatnReader r)
    {
        byte tag = r.U8("UpdateStatus tag");
        return tag switch
        {
            0 => new V1.UpdateStatus.Committed(ReadDatabaseUpdate(r)),
            1 => new V1.UpdateStatus.Failed(r.String("Failed")),
            2 => new V1.UpdateStatus.OutOfEnergy(),
            _ => throw r.Error($"unknown UpdateStatus tag {tag}"),
        };
    }

    private static V1.ProcedureStatus ReadProcedureStatus(BsatnReader r)
    {
        byte tag = r.U8("ProcedureStatus tag");
        return tag switch
        {
            0 => new V1.ProcedureStatus.Returned(r.Bytes("Returned")),
            1 => new V1.ProcedureStatus.OutOfEnergy(),
            2 => new V1.ProcedureStatus.InternalError(r.String("InternalError")),
            _ => throw r.Error($"unknown ProcedureStatus tag {tag}"),
        };
    }

    private static ulong ReadU128AsU64(BsatnReader r, string what)
    {
        ulong low = r.U64(what);
        ulong high = r.U64(what + " (high)");
        return high == 0 ? low : throw r.Error($"{what}: more than 2^64 quanta");
    }

    private static byte Flag(BsatnReader r, string what, byte max)
    {
        byte flag = r.U8(what);
        return flag <= max ? flag : throw r.Error($"{what}: invalid flag {flag}");
    }
}
