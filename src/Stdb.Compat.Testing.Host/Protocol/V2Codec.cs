using System;
using System.Collections.Generic;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// BSATN encoding of <see cref="V2"/> messages (no compression tag: see <see cref="ServerFrame"/>). The host encodes
/// server messages and decodes client messages; the other two directions exist so tests can round-trip every kind.
/// Layouts: <c>crates/client-api-messages/src/websocket/v2.rs</c> at v2.8.0.
/// </summary>
internal static class V2Codec
{
    public static byte[] Encode(V2.ServerMessage message)
    {
        var w = new BsatnWriter();
        switch (message)
        {
            case V2.InitialConnection m:
                w.U8(0);
                w.Fixed(m.Identity, 32);
                w.Fixed(m.ConnectionId, 16);
                w.String(m.Token);
                break;
            case V2.SubscribeApplied m:
                w.U8(1);
                w.U32(m.RequestId);
                w.U32(m.QuerySetId);
                QueryRows(w, m.Rows);
                break;
            case V2.UnsubscribeApplied m:
                w.U8(2);
                w.U32(m.RequestId);
                w.U32(m.QuerySetId);
                if (m.Rows is null)
                {
                    w.U8(1);
                }
                else
                {
                    w.U8(0);
                    QueryRows(w, m.Rows);
                }

                break;
            case V2.SubscriptionError m:
                w.U8(3);
                w.OptionU32(m.RequestId);
                w.U32(m.QuerySetId);
                w.String(m.Error);
                break;
            case V2.TransactionUpdate m:
                w.U8(4);
                QuerySets(w, m.QuerySets);
                break;
            case V2.OneOffQueryResult m:
                w.U8(5);
                w.U32(m.RequestId);
                if (m.Error is null)
                {
                    w.U8(0);
                    QueryRows(w, m.Rows ?? Array.Empty<V2.SingleTableRows>());
                }
                else
                {
                    w.U8(1);
                    w.String(m.Error);
                }

                break;
            case V2.ReducerResult m:
                w.U8(6);
                w.U32(m.RequestId);
                w.I64(m.TimestampMicros);
                switch (m.Result)
                {
                    case V2.ReducerOutcome.Ok ok:
                        w.U8(0);
                        w.Bytes(ok.RetValue);
                        QuerySets(w, ok.QuerySets);
                        break;
                    case V2.ReducerOutcome.OkEmpty:
                        w.U8(1);
                        break;
                    case V2.ReducerOutcome.Err err:
                        w.U8(2);
                        w.Bytes(err.Bsatn);
                        break;
                    case V2.ReducerOutcome.InternalError ie:
                        w.U8(3);
                        w.String(ie.Message);
                        break;
                    default:
                        throw new ArgumentException($"Unknown ReducerOutcome {m.Result}.", nameof(message));
                }

                break;
            case V2.ProcedureResult m:
                w.U8(7);
                switch (m.Status)
                {
                    case V2.ProcedureStatus.Returned r:
                        w.U8(0);
                        w.Bytes(r.Value);
                        break;
                    case V2.ProcedureStatus.InternalError e:
                        w.U8(1);
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
                throw new ArgumentException($"Unknown v2 server message {message?.GetType().Name ?? "null"}.", nameof(message));
        }

        return w.ToArray();
    }

    public static V2.ServerMessage DecodeServer(byte[] body)
    {
        var r = new BsatnReader(body);
        byte tag = r.U8("ServerMessage tag");
        V2.ServerMessage message = tag switch
        {
            0 => new V2.InitialConnection(r.Fixed(32, "identity"), r.Fixed(16, "connection_id"), r.String("token")),
            1 => new V2.SubscribeApplied(r.U32("request_id"), r.U32("query_set_id"), ReadQueryRows(r)),
            2 => new V2.UnsubscribeApplied(r.U32("request_id"), r.U32("query_set_id"), ReadOptionalQueryRows(r)),
            3 => new V2.SubscriptionError(r.OptionU32("request_id"), r.U32("query_set_id"), r.String("error")),
            4 => new V2.TransactionUpdate(ReadQuerySets(r)),
            5 => ReadOneOffQueryResult(r),
            6 => new V2.ReducerResult(r.U32("request_id"), r.I64("timestamp"), ReadReducerOutcome(r)),
            7 => new V2.ProcedureResult(ReadProcedureStatus(r), r.I64("timestamp"), r.I64("total_host_execution_duration"), r.U32("request_id")),
            _ => throw r.Error($"unknown v2 ServerMessage tag {tag}"),
        };
        r.EnsureEnd("v2 ServerMessage");
        return message;
    }

    public static byte[] Encode(V2.ClientMessage message)
    {
        var w = new BsatnWriter();
        switch (message)
        {
            case V2.Subscribe m:
                w.U8(0);
                w.U32(m.RequestId);
                w.U32(m.QuerySetId);
                w.Strings(m.QueryStrings);
                break;
            case V2.Unsubscribe m:
                w.U8(1);
                w.U32(m.RequestId);
                w.U32(m.QuerySetId);
                w.U8(m.Flags);
                break;
            case V2.OneOffQuery m:
                w.U8(2);
                w.U32(m.RequestId);
                w.String(m.QueryString);
                break;
            case V2.CallReducer m:
                w.U8(3);
                w.U32(m.RequestId);
                w.U8(m.Flags);
                w.String(m.Reducer);
                w.Bytes(m.Args);
                break;
            case V2.CallProcedure m:
                w.U8(4);
                w.U32(m.RequestId);
                w.U8(m.Flags);
                w.String(m.Procedure);
                w.Bytes(m.Args);
                break;
            default:
                throw new ArgumentException($"Unknown v2 client message {message?.GetType().Name ?? "null"}.", nameof(message));
        }

        return w.ToArray();
    }

    public static V2.ClientMessage DecodeClient(byte[] body)
    {
        var r = new BsatnReader(body);
        byte tag = r.U8("ClientMessage tag");
        V2.ClientMessage message = tag switch
        {
            0 => new V2.Subscribe(r.U32("request_id"), r.U32("query_set_id"), r.Strings("query_strings")),
            1 => new V2.Unsubscribe(r.U32("request_id"), r.U32("query_set_id"), Flag(r, "flags (UnsubscribeFlags)", max: 1)),
            2 => new V2.OneOffQuery(r.U32("request_id"), r.String("query_string")),
            3 => new V2.CallReducer(r.U32("request_id"), Flag(r, "flags", max: 0), r.String("reducer"), r.Bytes("args")),
            4 => new V2.CallProcedure(r.U32("request_id"), Flag(r, "flags", max: 0), r.String("procedure"), r.Bytes("args")),
            _ => throw r.Error($"unknown v2 ClientMessage tag {tag}"),
        };
        r.EnsureEnd("v2 ClientMessage");
        return message;
    }

    private static void QueryRows(BsatnWriter w, IReadOnlyList<V2.SingleTableRows> tables) =>
        w.Array(tables, static (x, t) =>
        {
            x.String(t.Table);
            RowList.Write(x, t.Rows);
        });

    private static void QuerySets(BsatnWriter w, IReadOnlyList<V2.QuerySetUpdate> sets) =>
        w.Array(sets, static (x, set) =>
        {
            x.U32(set.QuerySetId);
            x.Array(set.Tables, static (y, table) =>
            {
                y.String(table.TableName);
                y.Array(table.Rows, static (z, rows) =>
                {
                    switch (rows)
                    {
                        case V2.TableUpdateRows.PersistentTable p:
                            z.U8(0);
                            RowList.Write(z, p.Inserts);
                            RowList.Write(z, p.Deletes);
                            break;
                        case V2.TableUpdateRows.EventTable e:
                            z.U8(1);
                            RowList.Write(z, e.Events);
                            break;
                        default:
                            throw new ArgumentException($"Unknown TableUpdateRows {rows}.", nameof(rows));
                    }
                });
            });
        });

    private static List<V2.SingleTableRows> ReadQueryRows(BsatnReader r) =>
        r.Array("rows.tables", x => new V2.SingleTableRows(x.String("table"), RowList.Read(x, "rows")));

    private static List<V2.SingleTableRows>? ReadOptionalQueryRows(BsatnReader r)
    {
        byte tag = r.U8("rows (option tag)");
        return tag switch
        {
            0 => ReadQueryRows(r),
            1 => null,
            _ => throw r.Error($"rows: invalid option tag {tag}"),
        };
    }

    private static V2.OneOffQueryResult ReadOneOffQueryResult(BsatnReader r)
    {
        uint requestId = r.U32("request_id");
        byte tag = r.U8("result (Result tag)");
        return tag switch
        {
            0 => new V2.OneOffQueryResult(requestId, ReadQueryRows(r), null),
            1 => new V2.OneOffQueryResult(requestId, null, r.String("result.err")),
            _ => throw r.Error($"result: invalid Result tag {tag}"),
        };
    }

    private static List<V2.QuerySetUpdate> ReadQuerySets(BsatnReader r) =>
        r.Array("query_sets", x => new V2.QuerySetUpdate(
            x.U32("query_set_id"),
            x.Array("tables", y => new V2.TableUpdate(y.String("table_name"), y.Array("rows", ReadTableUpdateRows)))));

    private static V2.TableUpdateRows ReadTableUpdateRows(BsatnReader r)
    {
        byte tag = r.U8("TableUpdateRows tag");
        return tag switch
        {
            0 => new V2.TableUpdateRows.PersistentTable(RowList.Read(r, "inserts"), RowList.Read(r, "deletes")),
            1 => new V2.TableUpdateRows.EventTable(RowList.Read(r, "events")),
            _ => throw r.Error($"unknown TableUpdateRows tag {tag}"),
        };
    }

    private static V2.ReducerOutcome ReadReducerOutcome(BsatnReader r)
    {
        byte tag = r.U8("ReducerOutcome tag");
        return tag switch
        {
            0 => new V2.ReducerOutcome.Ok(r.Bytes("ret_value"), ReadQuerySets(r)),
            1 => new V2.ReducerOutcome.OkEmpty(),
            2 => new V2.ReducerOutcome.Err(r.Bytes("Err")),
            3 => new V2.ReducerOutcome.InternalError(r.String("InternalError")),
            _ => throw r.Error($"unknown ReducerOutcome tag {tag}"),
        };
    }

    private static V2.ProcedureStatus ReadProcedureStatus(BsatnReader r)
    {
        byte tag = r.U8("ProcedureStatus tag");
        return tag switch
        {
            0 => new V2.ProcedureStatus.Returned(r.Bytes("Returned")),
            1 => new V2.ProcedureStatus.InternalError(r.String("InternalError")),
            _ => throw r.Error($"unknown ProcedureStatus tag {tag}"),
        };
    }

    private static byte Flag(BsatnReader r, string what, byte max)
    {
        byte flag = r.U8(what);
        return flag <= max ? flag : throw r.Error($"{what}: invalid flag {flag}");
    }
}
