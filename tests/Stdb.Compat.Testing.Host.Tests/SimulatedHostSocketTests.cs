using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Host.Protocol;
using Stdb.Compat.Testing.Host.Tests.Protocol;
using Stdb.Compat.Testing.Host.Tests.Support;

namespace Stdb.Compat.Testing.Host.Tests;

/// <summary>
/// A raw System.Net.WebSockets client against the host over real loopback sockets: the bytes on the wire are the ones a
/// real SpacetimeDB server sends (every frame starts with the compression tag; 00 = none).
/// </summary>
[TestClass]
public sealed class SimulatedHostSocketTests
{
    private const string V1 = "v1.bsatn.spacetimedb";
    private const string V2 = "v2.bsatn.spacetimedb";

    [TestMethod]
    public async Task SubscribeV2_InitialRowsAndTransactionUpdate_ByteExact()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(1u, 10u));
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(2u, 20u));
        using ClientWebSocket socket = await h.ConnectAsync(V2);

        byte[] hello = await HostHarness.ReceiveAsync(socket);
        string token = ((Stdb.Compat.Testing.Host.Protocol.V2.InitialConnection)V2Codec.DecodeServer(hello[1..])).Token;
        Assert.AreEqual(
            Hex.Of(Hex.Bytes("00" + "00" + Hex.Of(h.OnlyClient().Identity) + "01" + Hex.Repeat(0, 15)))
                + " " + Hex.Of(BitConverter.GetBytes((uint)token.Length)) + " " + Hex.Of(System.Text.Encoding.UTF8.GetBytes(token)),
            Hex.Of(hello),
            "tag None, InitialConnection, identity, connection_id 1 little-endian, token");

        await HostHarness.SendAsync(socket, Hex.Bytes(
            "00" + "01 00 00 00" + "07 00 00 00" + "01 00 00 00" + "13 00 00 00" + Hex.Of(System.Text.Encoding.ASCII.GetBytes("SELECT * FROM score"))));
        byte[] applied = await HostHarness.ReceiveAsync(socket);

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "00" +                                   // compression tag: none
                "01" +                                   // SubscribeApplied
                "01 00 00 00" + "07 00 00 00" +          // request_id, query_set_id
                "01 00 00 00" +                          // one table
                "05 00 00 00 73 63 6f 72 65" +           // "score"
                "00 08 00" +                             // FixedSize(8)
                "10 00 00 00" +                          // 16 bytes of rows
                "01 00 00 00 0a 00 00 00" +              // (1, 10)
                "02 00 00 00 14 00 00 00")),             // (2, 20)
            Hex.Of(applied));

        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(3u, 30u));
        byte[] update = await HostHarness.ReceiveAsync(socket);

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "00" + "04" +                            // tag none, TransactionUpdate
                "01 00 00 00" + "07 00 00 00" +          // one query set: 7
                "01 00 00 00" +                          // one table
                "05 00 00 00 73 63 6f 72 65" +           // "score"
                "01 00 00 00" + "00" +                   // one TableUpdateRows::PersistentTable
                "00 08 00 08 00 00 00 03 00 00 00 1e 00 00 00" + // inserts: (3, 30)
                "01 00 00 00 00 00 00 00 00")),          // deletes: none
            Hex.Of(update));
    }

    [TestMethod]
    public async Task CallReducerV2_CallerGetsReducerResultWithItsQuerySet_ByteExact()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(1u, 10u));
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);
        await HostHarness.SendAsync(socket, V2Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V2.Subscribe(1, 7, new[] { "SELECT * FROM score" })));
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, Hex.Bytes("03" + "05 00 00 00" + "00" + "09 00 00 00" + Hex.Of("set_score"u8.ToArray()) + "08 00 00 00" + "01 00 00 00 0b 00 00 00"));
        byte[] result = await HostHarness.ReceiveAsync(socket);

        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "00" + "06" + "05 00 00 00" +                 // tag none, ReducerResult, request_id 5
                Hex.Of(BitConverter.GetBytes(HostHarness.StartMicros)) + // timestamp
                "00" + "00 00 00 00" +                        // ReducerOutcome::Ok, ret_value: empty
                "01 00 00 00" + "07 00 00 00" +               // one query set: 7
                "01 00 00 00" + "05 00 00 00 73 63 6f 72 65" + // "score"
                "01 00 00 00" + "00" +                        // PersistentTable
                "00 08 00 08 00 00 00 01 00 00 00 0b 00 00 00" + // inserts: (1, 11)
                "00 08 00 08 00 00 00 01 00 00 00 0a 00 00 00")), // deletes: (1, 10)
            Hex.Of(result));
    }

    [TestMethod]
    public async Task SubscribeMultiV1_OnA1xServer_AppliedAndCallerTransactionUpdate()
    {
        await using HostHarness h = await HostHarness.StartAsync("1.12.0");
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(1u, 10u));
        using ClientWebSocket socket = await h.ConnectAsync(V1);
        Assert.AreEqual(V1, socket.SubProtocol);

        byte[] hello = await HostHarness.ReceiveAsync(socket);
        Assert.AreEqual("00 03 " + Hex.Of(h.OnlyClient().Identity), Hex.Of(hello[..34]), "tag none, IdentityToken, identity");
        Assert.AreEqual("01 " + Hex.Repeat(0, 15), Hex.Of(hello[^16..]), "connection_id 1, little-endian, last");

        await HostHarness.SendAsync(socket, V1Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V1.SubscribeMulti(new[] { "SELECT * FROM score" }, 2, 7)));
        byte[] applied = await HostHarness.ReceiveAsync(socket);
        Assert.AreEqual(
            Hex.Of(Hex.Bytes(
                "00" + "08" +                             // tag none, SubscribeMultiApplied
                "02 00 00 00" +                           // request_id
                "00 00 00 00 00 00 00 00" +               // total_host_execution_duration_micros
                "07 00 00 00" +                           // query_id
                "01 00 00 00" +                           // one TableUpdate
                "01 10 00 00" +                           // table_id 4097 (the module's second table)
                "05 00 00 00 73 63 6f 72 65" +            // "score"
                "01 00 00 00 00 00 00 00" +               // num_rows
                "01 00 00 00" + "00" +                    // one Uncompressed QueryUpdate
                "01 00 00 00 00 00 00 00 00" +            // deletes: none
                "00 08 00 08 00 00 00 01 00 00 00 0a 00 00 00")), // inserts: (1, 10)
            Hex.Of(applied));

        await HostHarness.SendAsync(socket, V1Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V1.CallReducer("set_score", Hex.Bytes("02 00 00 00 14 00 00 00"), 3, 0)));
        var update = (Stdb.Compat.Testing.Host.Protocol.V1.TransactionUpdate)V1Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));

        var committed = (Stdb.Compat.Testing.Host.Protocol.V1.UpdateStatus.Committed)update.Status;
        Assert.AreEqual("score", committed.Tables.Single().TableName);
        Assert.AreEqual("02 00 00 00 14 00 00 00", Hex.Of(committed.Tables[0].Updates[0].Inserts.Single()));
        Assert.AreEqual("set_score", update.ReducerCall.ReducerName);
        Assert.AreEqual(3u, update.ReducerCall.RequestId);
        Assert.AreEqual(HostHarness.StartMicros, update.TimestampMicros);
        CollectionAssert.AreEqual(h.OnlyClient().Identity, update.CallerIdentity);
    }

    [TestMethod]
    public async Task SubscribeSingleV1_AnsweredWithSubscribeAppliedAndUnsubscribeApplied()
    {
        await using HostHarness h = await HostHarness.StartAsync("1.12.0");
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(1u, 10u));
        using ClientWebSocket socket = await h.ConnectAsync(V1);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, V1Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V1.SubscribeSingle("SELECT * FROM score", 1, 4)));
        var applied = (Stdb.Compat.Testing.Host.Protocol.V1.SubscribeApplied)V1Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));
        await HostHarness.SendAsync(socket, V1Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V1.Unsubscribe(2, 4)));
        var removed = (Stdb.Compat.Testing.Host.Protocol.V1.UnsubscribeApplied)V1Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));

        Assert.AreEqual("score", applied.Rows.TableName);
        Assert.AreEqual(1, applied.Rows.TableRows.Updates[0].Inserts.Count);
        Assert.AreEqual(4u, removed.QueryId);
        Assert.AreEqual(1, removed.Rows.TableRows.Updates[0].Deletes.Count);
    }

    [TestMethod]
    public async Task LightV1OnA2xServer_NonCallerGetsTransactionUpdateLight()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket socket = await h.ConnectAsync(V1, "compression=None&light=true");
        await HostHarness.ReceiveAsync(socket);
        await HostHarness.SendAsync(socket, V1Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V1.SubscribeMulti(new[] { "SELECT * FROM score" }, 1, 1)));
        await HostHarness.ReceiveAsync(socket);

        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(5u, 50u));
        byte[] frame = await HostHarness.ReceiveAsync(socket);

        Assert.AreEqual("00 02", Hex.Of(frame[..2]), "tag none, TransactionUpdateLight");
        Assert.IsTrue(h.OnlyClient().LightMode);
    }

    [TestMethod]
    public async Task OneOffQueryV2_AnsweredWithTheRows()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(1u, 10u));
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, V2Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V2.OneOffQuery(8, "SELECT * FROM score")));
        byte[] frame = await HostHarness.ReceiveAsync(socket);

        Assert.AreEqual(
            Hex.Of(Hex.Bytes("00 05 08 00 00 00 00 01 00 00 00 05 00 00 00 73 63 6f 72 65 00 08 00 08 00 00 00 01 00 00 00 0a 00 00 00")),
            Hex.Of(frame));
    }

    [TestMethod]
    public async Task Gzip_LargeInitialRows_CompressedFrameDecompressesToTheMessage()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        for (uint i = 0; i < 200; i++)
        {
            h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(i, i));
        }

        using ClientWebSocket socket = await h.ConnectAsync(V2, "compression=Gzip");
        await HostHarness.ReceiveAsync(socket);
        await HostHarness.SendAsync(socket, V2Codec.Encode(new Stdb.Compat.Testing.Host.Protocol.V2.Subscribe(1, 1, new[] { "SELECT * FROM score" })));
        byte[] frame = await HostHarness.ReceiveAsync(socket);

        Assert.AreEqual(ServerFrame.TagGzip, frame[0]);
        var applied = (Stdb.Compat.Testing.Host.Protocol.V2.SubscribeApplied)V2Codec.DecodeServer(ServerFrame.Unframe(frame));
        Assert.AreEqual(200, applied.Rows.Single().Rows.Count);
    }

    [TestMethod]
    public async Task MalformedClientMessage_ClosedWithErrorCode1011()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, new byte[] { 42 });
        var ex = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => HostHarness.ReceiveAsync(socket));

        StringAssert.Contains(ex.Message, "InternalServerError");
        StringAssert.Contains(ex.Message, "unknown v2 ClientMessage tag 42");
    }

    [TestMethod]
    public async Task Token_FromTheFirstConnection_ReconnectsAsTheSameIdentity()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        string token;
        byte[] identity;
        using (ClientWebSocket first = await h.ConnectAsync(V2))
        {
            var hello = (Stdb.Compat.Testing.Host.Protocol.V2.InitialConnection)V2Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(first)));
            token = hello.Token;
            identity = hello.Identity;
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", default);
        }

        using ClientWebSocket second = await h.ConnectAsync(V2, token: token);
        var again = (Stdb.Compat.Testing.Host.Protocol.V2.InitialConnection)V2Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(second)));

        CollectionAssert.AreEqual(identity, again.Identity);
    }
}
