using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Host.Protocol;

namespace Stdb.Compat.Testing.Host.Tests.Protocol;

/// <summary>
/// Every v2.bsatn.spacetimedb message kind (crates/client-api-messages/src/websocket/v2.rs at v2.8.0): encode → bytes →
/// decode → encode gives the same bytes, and a few layouts are checked byte by byte against hand-written golden hex.
/// </summary>
[TestClass]
public sealed class V2CodecTests
{
    private static readonly byte[] Identity = Filled(32, 0x11);
    private static readonly byte[] ConnectionId = Filled(16, 0x22);
    private static readonly byte[] RowA = { 0x2a, 0x00, 0x00, 0x00 };
    private static readonly byte[] RowB = { 0x07, 0x00, 0x00, 0x00 };

    public static IEnumerable<object[]> ServerMessages()
    {
        V2.QuerySetUpdate set = new(3, new[]
        {
            new V2.TableUpdate("player", new V2.TableUpdateRows[] { new V2.TableUpdateRows.PersistentTable(new[] { RowA }, new[] { RowB }) }),
            new V2.TableUpdate("damage", new V2.TableUpdateRows[] { new V2.TableUpdateRows.EventTable(new[] { RowA, RowB }) }),
        });
        V2.SingleTableRows[] rows = { new("player", new[] { RowA, RowB }) };
        yield return new object[] { "InitialConnection", new V2.InitialConnection(Identity, ConnectionId, "tok") };
        yield return new object[] { "SubscribeApplied", new V2.SubscribeApplied(1, 2, rows) };
        yield return new object[] { "UnsubscribeApplied/Rows", new V2.UnsubscribeApplied(1, 2, rows) };
        yield return new object[] { "UnsubscribeApplied/None", new V2.UnsubscribeApplied(1, 2, null) };
        yield return new object[] { "SubscriptionError", new V2.SubscriptionError(1, 2, "bad") };
        yield return new object[] { "SubscriptionError/NoRequest", new V2.SubscriptionError(null, 2, "bad") };
        yield return new object[] { "TransactionUpdate", new V2.TransactionUpdate(new[] { set }) };
        yield return new object[] { "OneOffQueryResult/Ok", new V2.OneOffQueryResult(4, rows, null) };
        yield return new object[] { "OneOffQueryResult/Err", new V2.OneOffQueryResult(4, null, "no such table") };
        yield return new object[] { "ReducerResult/Ok", new V2.ReducerResult(5, 1_700_000_000_000_000, new V2.ReducerOutcome.Ok(Array.Empty<byte>(), new[] { set })) };
        yield return new object[] { "ReducerResult/OkEmpty", new V2.ReducerResult(5, 1, new V2.ReducerOutcome.OkEmpty()) };
        yield return new object[] { "ReducerResult/Err", new V2.ReducerResult(5, 1, new V2.ReducerOutcome.Err(new byte[] { 3, 0, 0, 0, 0x62, 0x61, 0x64 })) };
        yield return new object[] { "ReducerResult/InternalError", new V2.ReducerResult(5, 1, new V2.ReducerOutcome.InternalError("crash")) };
        yield return new object[] { "ProcedureResult/Returned", new V2.ProcedureResult(new V2.ProcedureStatus.Returned(new byte[] { 1 }), 1, 2, 3) };
        yield return new object[] { "ProcedureResult/InternalError", new V2.ProcedureResult(new V2.ProcedureStatus.InternalError("x"), 1, 2, 3) };
    }

    public static IEnumerable<object[]> ClientMessages()
    {
        yield return new object[] { "Subscribe", new V2.Subscribe(1, 2, new[] { "SELECT * FROM a", "SELECT * FROM b" }) };
        yield return new object[] { "Unsubscribe/Default", new V2.Unsubscribe(1, 2, 0) };
        yield return new object[] { "Unsubscribe/SendDroppedRows", new V2.Unsubscribe(1, 2, 1) };
        yield return new object[] { "OneOffQuery", new V2.OneOffQuery(3, "SELECT * FROM player") };
        yield return new object[] { "CallReducer", new V2.CallReducer(4, 0, "add", new byte[] { 1, 2 }) };
        yield return new object[] { "CallProcedure", new V2.CallProcedure(5, 0, "proc", Array.Empty<byte>()) };
    }

    [TestMethod]
    [DynamicData(nameof(ServerMessages))]
    public void ServerMessage_EncodeDecodeEncode_SameBytes(string kind, object value)
    {
        var message = (V2.ServerMessage)value;
        byte[] bytes = V2Codec.Encode(message);

        V2.ServerMessage decoded = V2Codec.DecodeServer(bytes);

        Assert.AreEqual(message.GetType(), decoded.GetType(), kind);
        CollectionAssert.AreEqual(bytes, V2Codec.Encode(decoded), kind);
    }

    [TestMethod]
    [DynamicData(nameof(ClientMessages))]
    public void ClientMessage_EncodeDecodeEncode_SameBytes(string kind, object value)
    {
        var message = (V2.ClientMessage)value;
        byte[] bytes = V2Codec.Encode(message);

        V2.ClientMessage decoded = V2Codec.DecodeClient(bytes);

        Assert.AreEqual(message.GetType(), decoded.GetType(), kind);
        CollectionAssert.AreEqual(bytes, V2Codec.Encode(decoded), kind);
    }

    [TestMethod]
    public void ServerMessage_TagsFollowTheEnumOrder_InitialConnectionIsZeroProcedureResultIsSeven()
    {
        var tags = new List<byte>();
        foreach (object[] row in ServerMessages())
        {
            tags.Add(V2Codec.Encode((V2.ServerMessage)row[1])[0]);
        }

        CollectionAssert.AreEqual(new byte[] { 0, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6, 6, 6, 7, 7 }, tags);
    }

    [TestMethod]
    public void Encode_SubscribeApplied_HandCheckedLayout()
    {
        byte[] bytes = V2Codec.Encode(new V2.SubscribeApplied(1, 2, new[] { new V2.SingleTableRows("t", new[] { RowA }) }));

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "01" +                       // ServerMessage::SubscribeApplied
                "01 00 00 00" +              // request_id
                "02 00 00 00" +              // query_set_id
                "01 00 00 00" +              // rows.tables: 1
                "01 00 00 00 74" +           // table: "t"
                "00 04 00" +                 // RowSizeHint::FixedSize(4)
                "04 00 00 00 2a 00 00 00")), // rows_data
            Hex.Of(bytes));
    }

    [TestMethod]
    public void Encode_ReducerResultOkEmpty_HandCheckedLayout()
    {
        byte[] bytes = V2Codec.Encode(new V2.ReducerResult(9, 0x0102030405060708, new V2.ReducerOutcome.OkEmpty()));

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "06" +                        // ServerMessage::ReducerResult
                "09 00 00 00" +               // request_id
                "08 07 06 05 04 03 02 01" +   // timestamp: i64 micros, little-endian
                "01")),                       // ReducerOutcome::OkEmpty
            Hex.Of(bytes));
    }

    [TestMethod]
    public void Encode_TransactionUpdateWithEventRows_HandCheckedLayout()
    {
        var update = new V2.TransactionUpdate(new[] { new V2.QuerySetUpdate(3, new[] { new V2.TableUpdate("e", new V2.TableUpdateRows[] { new V2.TableUpdateRows.EventTable(new[] { new byte[] { 1 }, new byte[] { 2, 3 } }) }) }) });

        byte[] bytes = V2Codec.Encode(update);

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "04" +                        // ServerMessage::TransactionUpdate
                "01 00 00 00" +               // query_sets: 1
                "03 00 00 00" +               // query_set_id
                "01 00 00 00" +               // tables: 1
                "01 00 00 00 65" +            // table_name: "e"
                "01 00 00 00" +               // rows: 1
                "01" +                        // TableUpdateRows::EventTable
                "01" +                        // RowSizeHint::RowOffsets (rows differ in size)
                "02 00 00 00" +               // 2 offsets
                "00 00 00 00 00 00 00 00" +   // row 0 at 0
                "01 00 00 00 00 00 00 00" +   // row 1 at 1
                "03 00 00 00 01 02 03")),     // rows_data
            Hex.Of(bytes));
    }

    [TestMethod]
    public void Decode_CallReducer_HandCheckedLayout()
    {
        byte[] golden = Hex.Bytes(
            "03" +                   // ClientMessage::CallReducer
            "04 00 00 00" +          // request_id
            "00" +                   // flags
            "03 00 00 00 61 64 64" + // reducer: "add"
            "02 00 00 00 01 02");    // args

        var decoded = (V2.CallReducer)V2Codec.DecodeClient(golden);

        Assert.AreEqual(4u, decoded.RequestId);
        Assert.AreEqual("add", decoded.Reducer);
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, decoded.Args);
    }

    [TestMethod]
    public void DecodeClient_CallReducerWithNonZeroFlags_Throws()
    {
        byte[] bytes = V2Codec.Encode(new V2.CallReducer(4, 0, "add", Array.Empty<byte>()));
        bytes[5] = 1;

        var ex = Assert.ThrowsExactly<WireFormatException>(() => V2Codec.DecodeClient(bytes));

        StringAssert.Contains(ex.Message, "invalid flag 1");
    }

    [TestMethod]
    public void DecodeClient_TruncatedString_NamesTheField()
    {
        byte[] bytes = V2Codec.Encode(new V2.OneOffQuery(3, "SELECT * FROM player"));

        var ex = Assert.ThrowsExactly<WireFormatException>(() => V2Codec.DecodeClient(bytes.AsSpan(0, bytes.Length - 2).ToArray()));

        StringAssert.Contains(ex.Message, "query_string");
    }

    private static byte[] Filled(int n, byte b)
    {
        var bytes = new byte[n];
        Array.Fill(bytes, b);
        return bytes;
    }
}
