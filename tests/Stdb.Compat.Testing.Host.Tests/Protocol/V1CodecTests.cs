using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Host.Protocol;

namespace Stdb.Compat.Testing.Host.Tests.Protocol;

/// <summary>
/// Every v1.bsatn.spacetimedb message kind (crates/client-api-messages/src/websocket.rs at v1.12.0): encode → bytes →
/// decode → encode gives the same bytes, and a few layouts are checked byte by byte against hand-written golden hex.
/// </summary>
[TestClass]
public sealed class V1CodecTests
{
    private static readonly byte[] Identity = Filled(32, 0x11);
    private static readonly byte[] ConnectionId = Filled(16, 0x22);
    private static readonly byte[] RowA = { 0x2a, 0x00, 0x00, 0x00 };
    private static readonly byte[] RowB = { 0x07, 0x00, 0x00, 0x00 };

    public static IEnumerable<object[]> ServerMessages()
    {
        V1.TableUpdate table = Table();
        yield return new object[] { "InitialSubscription", new V1.InitialSubscription(new[] { table }, 3, 12) };
        yield return new object[] { "TransactionUpdate/Committed", new V1.TransactionUpdate(new V1.UpdateStatus.Committed(new[] { table }), 1_700_000_000_000_000, Identity, ConnectionId, new V1.ReducerCallInfo("add", 2, new byte[] { 1, 2 }, 9), 1000, 5) };
        yield return new object[] { "TransactionUpdate/Failed", new V1.TransactionUpdate(new V1.UpdateStatus.Failed("boom"), 1, Identity, ConnectionId, new V1.ReducerCallInfo("add", 2, Array.Empty<byte>(), 9), 0, 0) };
        yield return new object[] { "TransactionUpdate/OutOfEnergy", new V1.TransactionUpdate(new V1.UpdateStatus.OutOfEnergy(), 1, Identity, ConnectionId, new V1.ReducerCallInfo("add", 2, Array.Empty<byte>(), 9), 0, 0) };
        yield return new object[] { "TransactionUpdateLight", new V1.TransactionUpdateLight(4, new[] { table }) };
        yield return new object[] { "IdentityToken", new V1.IdentityToken(Identity, "tok", ConnectionId) };
        yield return new object[] { "OneOffQueryResponse/Ok", new V1.OneOffQueryResponse(new byte[] { 9, 8 }, null, new[] { new V1.OneOffTable("player", new[] { RowA, RowB }) }, 3) };
        yield return new object[] { "OneOffQueryResponse/Error", new V1.OneOffQueryResponse(new byte[] { 9 }, "no such table", Array.Empty<V1.OneOffTable>(), 0) };
        yield return new object[] { "SubscribeApplied", new V1.SubscribeApplied(5, 6, 7, new V1.SubscribeRows(4096, "player", table)) };
        yield return new object[] { "UnsubscribeApplied", new V1.UnsubscribeApplied(5, 6, 7, new V1.SubscribeRows(4096, "player", table)) };
        yield return new object[] { "SubscriptionError", new V1.SubscriptionError(0, 5, 7, null, "bad query") };
        yield return new object[] { "SubscriptionError/General", new V1.SubscriptionError(0, null, null, 4096, "bad") };
        yield return new object[] { "SubscribeMultiApplied", new V1.SubscribeMultiApplied(5, 0, 7, new[] { table, table }) };
        yield return new object[] { "UnsubscribeMultiApplied", new V1.UnsubscribeMultiApplied(5, 0, 7, Array.Empty<V1.TableUpdate>()) };
        yield return new object[] { "ProcedureResult/Returned", new V1.ProcedureResult(new V1.ProcedureStatus.Returned(new byte[] { 1 }), 10, 2, 8) };
        yield return new object[] { "ProcedureResult/OutOfEnergy", new V1.ProcedureResult(new V1.ProcedureStatus.OutOfEnergy(), 10, 2, 8) };
        yield return new object[] { "ProcedureResult/InternalError", new V1.ProcedureResult(new V1.ProcedureStatus.InternalError("x"), 10, 2, 8) };
    }

    public static IEnumerable<object[]> ClientMessages()
    {
        yield return new object[] { "CallReducer", new V1.CallReducer("add", new byte[] { 1, 2 }, 7, 1) };
        yield return new object[] { "Subscribe", new V1.Subscribe(new[] { "SELECT * FROM *" }, 1) };
        yield return new object[] { "OneOffQuery", new V1.OneOffQuery(new byte[] { 1, 2, 3 }, "SELECT * FROM player") };
        yield return new object[] { "SubscribeSingle", new V1.SubscribeSingle("SELECT * FROM player", 2, 3) };
        yield return new object[] { "SubscribeMulti", new V1.SubscribeMulti(new[] { "SELECT * FROM a", "SELECT * FROM b" }, 2, 3) };
        yield return new object[] { "Unsubscribe", new V1.Unsubscribe(4, 3) };
        yield return new object[] { "UnsubscribeMulti", new V1.UnsubscribeMulti(4, 3) };
        yield return new object[] { "CallProcedure", new V1.CallProcedure("proc", Array.Empty<byte>(), 5, 0) };
    }

    [TestMethod]
    [DynamicData(nameof(ServerMessages))]
    public void ServerMessage_EncodeDecodeEncode_SameBytes(string kind, object value)
    {
        var message = (V1.ServerMessage)value;
        byte[] bytes = V1Codec.Encode(message);

        V1.ServerMessage decoded = V1Codec.DecodeServer(bytes);

        Assert.AreEqual(message.GetType(), decoded.GetType(), kind);
        CollectionAssert.AreEqual(bytes, V1Codec.Encode(decoded), kind);
    }

    [TestMethod]
    [DynamicData(nameof(ClientMessages))]
    public void ClientMessage_EncodeDecodeEncode_SameBytes(string kind, object value)
    {
        var message = (V1.ClientMessage)value;
        byte[] bytes = V1Codec.Encode(message);

        V1.ClientMessage decoded = V1Codec.DecodeClient(bytes);

        Assert.AreEqual(message.GetType(), decoded.GetType(), kind);
        CollectionAssert.AreEqual(bytes, V1Codec.Encode(decoded), kind);
    }

    [TestMethod]
    public void ServerMessage_TagsFollowTheEnumOrder_InitialSubscriptionIsZeroProcedureResultIsTen()
    {
        var tags = new List<byte>();
        foreach (object[] row in ServerMessages())
        {
            tags.Add(V1Codec.Encode((V1.ServerMessage)row[1])[0]);
        }

        CollectionAssert.AreEqual(new byte[] { 0, 1, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 10 }, tags);
    }

    [TestMethod]
    public void ClientMessage_TagsFollowTheEnumOrder_CallReducerIsZeroCallProcedureIsSeven()
    {
        var tags = new List<byte>();
        foreach (object[] row in ClientMessages())
        {
            tags.Add(V1Codec.Encode((V1.ClientMessage)row[1])[0]);
        }

        CollectionAssert.AreEqual(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7 }, tags);
    }

    [TestMethod]
    public void Decode_CallReducer_HandCheckedLayout()
    {
        byte[] golden = Hex.Bytes(
            "00" +                      // ClientMessage::CallReducer
            "03 00 00 00 61 64 64" +    // reducer: "add"
            "02 00 00 00 01 02" +       // args: [1, 2]
            "07 00 00 00" +             // request_id: 7
            "01");                      // flags: NoSuccessNotify

        var decoded = (V1.CallReducer)V1Codec.DecodeClient(golden);

        Assert.AreEqual("add", decoded.Reducer);
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, decoded.Args);
        Assert.AreEqual(7u, decoded.RequestId);
        Assert.AreEqual((byte)1, decoded.Flags);
    }

    [TestMethod]
    public void Encode_SubscriptionError_HandCheckedLayout()
    {
        byte[] bytes = V1Codec.Encode(new V1.SubscriptionError(0, 5, null, null, "err"));

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "07" +                        // ServerMessage::SubscriptionError
                "00 00 00 00 00 00 00 00" +   // total_host_execution_duration_micros: u64
                "00 05 00 00 00" +            // request_id: Some(5)
                "01" +                        // query_id: None
                "01" +                        // table_id: None
                "03 00 00 00 65 72 72")),     // error: "err"
            Hex.Of(bytes));
    }

    [TestMethod]
    public void Encode_TransactionUpdateLight_HandCheckedLayout()
    {
        var update = new V1.TransactionUpdateLight(4, new[] { new V1.TableUpdate(4096, "t", 1, new[] { new V1.QueryUpdate(Array.Empty<byte[]>(), new[] { RowA }) }) });

        byte[] bytes = V1Codec.Encode(update);

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "02" +                         // ServerMessage::TransactionUpdateLight
                "04 00 00 00" +                // request_id
                "01 00 00 00" +                // update.tables: 1
                "00 10 00 00" +                // table_id: 4096
                "01 00 00 00 74" +             // table_name: "t"
                "01 00 00 00 00 00 00 00" +    // num_rows: 1
                "01 00 00 00" +                // updates: 1
                "00" +                         // CompressableQueryUpdate::Uncompressed
                "01 00 00 00 00 00 00 00 00" + // deletes: RowOffsets([]), rows_data: []
                "00 04 00" +                   // inserts: FixedSize(4)
                "04 00 00 00 2a 00 00 00")),   // rows_data: one u32 row, 42
            Hex.Of(bytes));
    }

    [TestMethod]
    public void Encode_IdentityToken_HandCheckedLayout()
    {
        byte[] bytes = V1Codec.Encode(new V1.IdentityToken(Identity, "tok", ConnectionId));

        Assert.AreEqual(
            Hex.Of(Hex.Bytes("03" + Hex.Repeat(0x11, 32) + "03 00 00 00 74 6f 6b" + Hex.Repeat(0x22, 16))),
            Hex.Of(bytes));
    }

    [TestMethod]
    [DataRow((byte)1)]
    [DataRow((byte)2)]
    public void DecodeServer_CompressedQueryUpdate_Decompresses(byte tag)
    {
        var compression = (WireCompression)tag;
        var inner = new BsatnWriter();
        RowList.Write(inner, Array.Empty<byte[]>());
        RowList.Write(inner, new[] { RowA });
        var w = new BsatnWriter();
        w.U8(2);     // TransactionUpdateLight
        w.U32(1);    // request_id
        w.U32(1);    // tables: 1
        w.U32(4096);
        w.String("t");
        w.U64(1);
        w.U32(1);    // updates: 1
        w.U8(tag);   // CompressableQueryUpdate::Brotli(Bytes) / Gzip(Bytes)
        w.Bytes(ServerFrame.Compress(compression, inner.ToArray()));

        var decoded = (V1.TransactionUpdateLight)V1Codec.DecodeServer(w.ToArray());

        V1.QueryUpdate update = decoded.Tables[0].Updates[0];
        Assert.AreEqual(tag, update.Compression);
        Assert.AreEqual(0, update.Deletes.Count);
        CollectionAssert.AreEqual(RowA, update.Inserts[0]);
    }

    [TestMethod]
    public void DecodeClient_UnknownTag_NamesTheTagAndOffset()
    {
        var ex = Assert.ThrowsExactly<WireFormatException>(() => V1Codec.DecodeClient(new byte[] { 9 }));

        StringAssert.Contains(ex.Message, "unknown v1 ClientMessage tag 9");
        StringAssert.Contains(ex.Message, "at byte 1");
    }

    [TestMethod]
    public void DecodeClient_TrailingBytes_Throws()
    {
        byte[] bytes = V1Codec.Encode(new V1.Unsubscribe(1, 2));
        Array.Resize(ref bytes, bytes.Length + 1);

        var ex = Assert.ThrowsExactly<WireFormatException>(() => V1Codec.DecodeClient(bytes));

        StringAssert.Contains(ex.Message, "unread byte");
    }

    private static V1.TableUpdate Table() => new(4096, "player", 3, new[] { new V1.QueryUpdate(new[] { RowB }, new[] { RowA, RowB }) });

    private static byte[] Filled(int n, byte b)
    {
        var bytes = new byte[n];
        Array.Fill(bytes, b);
        return bytes;
    }
}
