using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Host.Protocol;
using Stdb.Compat.Testing.Host.Tests.Protocol;
using Stdb.Compat.Testing.Host.Tests.Support;
using Stdb.Compat.Testing.Server;
using HV1 = Stdb.Compat.Testing.Host.Protocol.V1;
using HV2 = Stdb.Compat.Testing.Host.Protocol.V2;

namespace Stdb.Compat.Testing.Host.Tests;

/// <summary>What the host adds to the simulator's messages on the way out: query-set grouping, flags, legacy and event rows.</summary>
[TestClass]
public sealed class SimulatedHostTranslationTests
{
    private const string V1 = "v1.bsatn.spacetimedb";
    private const string V2 = "v2.bsatn.spacetimedb";

    [TestMethod]
    public async Task TransactionUpdateV2_TwoQuerySetsOnTheSameTable_EachSetGetsItsRows()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);
        await SubscribeV2Async(socket, 1, "SELECT * FROM score");
        await SubscribeV2Async(socket, 2, "SELECT * FROM player", "SELECT * FROM score");

        h.Server.Database(HostHarness.Db).Transaction(ctx =>
        {
            ctx.Table("score").Insert(new SimRow(1u, 1u));
            ctx.Table("player").Insert(new SimRow(9ul, "ana"));
        });
        var update = (HV2.TransactionUpdate)await ReceiveV2Async(socket);

        CollectionAssert.AreEqual(new uint[] { 1, 2 }, update.QuerySets.Select(s => s.QuerySetId).ToArray());
        CollectionAssert.AreEqual(new[] { "score" }, update.QuerySets[0].Tables.Select(t => t.TableName).ToArray());
        CollectionAssert.AreEqual(new[] { "player", "score" }, update.QuerySets[1].Tables.Select(t => t.TableName).ToArray());
    }

    [TestMethod]
    public async Task UnsubscribeV2_DefaultFlags_NoRows_SendDroppedRows_TheRows()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        h.Server.Database(HostHarness.Db).Table("score").Insert(new SimRow(1u, 1u));
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);
        await SubscribeV2Async(socket, 1, "SELECT * FROM score");
        await SubscribeV2Async(socket, 2, "SELECT * FROM score");

        await HostHarness.SendAsync(socket, V2Codec.Encode(new HV2.Unsubscribe(10, 1, 0)));
        var quiet = (HV2.UnsubscribeApplied)await ReceiveV2Async(socket);
        await HostHarness.SendAsync(socket, V2Codec.Encode(new HV2.Unsubscribe(11, 2, 1)));
        var dropped = (HV2.UnsubscribeApplied)await ReceiveV2Async(socket);

        Assert.IsNull(quiet.Rows);
        Assert.AreEqual("01 00 00 00 01 00 00 00", Hex.Of(dropped.Rows!.Single().Rows.Single()));
    }

    [TestMethod]
    public async Task SubscribeV2_UnknownTable_SubscriptionErrorWithRequestAndQuerySet()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, V2Codec.Encode(new HV2.Subscribe(4, 5, new[] { "SELECT * FROM nope" })));
        var error = (HV2.SubscriptionError)await ReceiveV2Async(socket);

        Assert.AreEqual(4u, error.RequestId);
        Assert.AreEqual(5u, error.QuerySetId);
        StringAssert.Contains(error.Error, "no such table: `nope`");
    }

    [TestMethod]
    public async Task EventTableV2_RowsArriveAsEventTableRows()
    {
        SimModule module = SimModule.Define(ModuleDefVersion.V10)
            .EventTable("damage", t => t.Column("amount", SimType.U32))
            .Reducer("hit", p => p.Param("amount", SimType.U32), (ctx, args) => ctx.Table("damage").Insert(new SimRow(args[0])));
        await using HostHarness h = await HostHarness.StartAsync(module: module);
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);
        await SubscribeV2Async(socket, 1, "SELECT * FROM damage");

        await HostHarness.SendAsync(socket, V2Codec.Encode(new HV2.CallReducer(2, 0, "hit", Hex.Bytes("05 00 00 00"))));
        var result = (HV2.ReducerResult)await ReceiveV2Async(socket);

        var ok = (HV2.ReducerOutcome.Ok)result.Result;
        var rows = (HV2.TableUpdateRows.EventTable)ok.QuerySets.Single().Tables.Single().Rows.Single();
        Assert.AreEqual("05 00 00 00", Hex.Of(rows.Events.Single()));
    }

    [TestMethod]
    public async Task ReducerFailsV2_ErrCarriesTheBsatnString()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        h.Server.Faults.FailNextCall("set_score", "no");
        using ClientWebSocket socket = await h.ConnectAsync(V2);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, V2Codec.Encode(new HV2.CallReducer(2, 0, "set_score", Hex.Bytes("01 00 00 00 01 00 00 00"))));
        var result = (HV2.ReducerResult)await ReceiveV2Async(socket);

        Assert.AreEqual("02 00 00 00 6e 6f", Hex.Of(((HV2.ReducerOutcome.Err)result.Result).Bsatn));
    }

    [TestMethod]
    public async Task LegacySubscribeAllV1_InitialSubscriptionWithEveryPublicTable()
    {
        await using HostHarness h = await HostHarness.StartAsync("1.12.0");
        h.Server.Database(HostHarness.Db).Table("player").Insert(new SimRow(1ul, "ana"));
        using ClientWebSocket socket = await h.ConnectAsync(V1);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, V1Codec.Encode(new HV1.Subscribe(new[] { "SELECT * FROM *" }, 3)));
        var initial = (HV1.InitialSubscription)V1Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));

        Assert.AreEqual(3u, initial.RequestId);
        CollectionAssert.AreEqual(new[] { "player", "score" }, initial.Tables.Select(t => t.TableName).ToArray());
        CollectionAssert.AreEqual(new uint[] { 4096, 4097 }, initial.Tables.Select(t => t.TableId).ToArray());
        Assert.AreEqual(1ul, initial.Tables[0].NumRows);
    }

    [TestMethod]
    public async Task FailedReducerV1_CallerGetsFailedStatus()
    {
        await using HostHarness h = await HostHarness.StartAsync("1.12.0");
        h.Server.Faults.FailNextCall("set_score", "nope");
        using ClientWebSocket socket = await h.ConnectAsync(V1);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, V1Codec.Encode(new HV1.CallReducer("set_score", Hex.Bytes("01 00 00 00 01 00 00 00"), 4, 0)));
        var update = (HV1.TransactionUpdate)V1Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));

        Assert.AreEqual("nope", ((HV1.UpdateStatus.Failed)update.Status).Message);
        Assert.AreEqual(1000ul, update.EnergyQuantaUsed);
    }

    [TestMethod]
    public async Task CallProcedureV1_InternalErrorNoSuchProcedure()
    {
        await using HostHarness h = await HostHarness.StartAsync("1.12.0");
        using ClientWebSocket socket = await h.ConnectAsync(V1);
        await HostHarness.ReceiveAsync(socket);

        await HostHarness.SendAsync(socket, V1Codec.Encode(new HV1.CallProcedure("tick", System.Array.Empty<byte>(), 6, 0)));
        var result = (HV1.ProcedureResult)V1Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));

        Assert.AreEqual(6u, result.RequestId);
        StringAssert.Contains(((HV1.ProcedureStatus.InternalError)result.Status).Message, "tick");
    }

    private static async Task SubscribeV2Async(ClientWebSocket socket, uint querySet, params string[] queries)
    {
        await HostHarness.SendAsync(socket, V2Codec.Encode(new HV2.Subscribe(querySet, querySet, queries)));
        Assert.IsInstanceOfType<HV2.SubscribeApplied>(await ReceiveV2Async(socket));
    }

    private static async Task<HV2.ServerMessage> ReceiveV2Async(ClientWebSocket socket) =>
        V2Codec.DecodeServer(ServerFrame.Unframe(await HostHarness.ReceiveAsync(socket)));
}
