using System;
using System.Linq;
using GameModule;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Tests.Support;
using Stdb.Compat.Testing.Wire;
using static Stdb.Compat.Testing.Tests.Support.WireHarness;

namespace Stdb.Compat.Testing.Tests.Server;

[TestClass]
public sealed partial class SimulatedServerTests
{
    [TestMethod]
    public void TryConnect_V1Client_GetsIdentityToken()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);

        var token = (WireIdentityToken)client.Messages.Single();
        Assert.HasCount(32, token.Identity);
        CollectionAssert.AreEqual(client.ConnectionId, token.ConnectionId);
        Assert.IsFalse(string.IsNullOrEmpty(token.Token));
    }

    [TestMethod]
    public void TryConnect_V2ClientOn2xServer_GetsInitialConnection()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        var initial = (WireInitialConnection)client.Messages.Single();
        CollectionAssert.AreEqual(client.ConnectionId, initial.ConnectionId);
        Assert.AreEqual(WireSubprotocols.V2, server.Clients.Single().Protocol);
    }

    [TestMethod]
    public void TryConnect_V2ClientOn1xServer_Refused400()
    {
        using SimulatedServer server = StartServer("1.12.0");
        var client = new RecordingClient();

        bool ok = SimulatedNetwork.TryConnect(server.Uri, Request(2, client), client, out IWireServerEndpoint? endpoint, out WireRefusal? refusal);

        Assert.IsFalse(ok);
        Assert.IsNull(endpoint);
        Assert.AreEqual(new WireRefusal(400, "no valid protocol selected"), refusal);
        Assert.IsEmpty(server.Clients);
    }

    [TestMethod]
    public void TryConnect_V1ClientOn2xServer_Accepted()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 1);

        Assert.IsInstanceOfType<WireIdentityToken>(client.Messages.Single());
        Assert.AreEqual(WireSubprotocols.V1, server.Clients.Single().Protocol);
    }

    [TestMethod]
    public void TryConnect_UnknownDatabase_Refused404WithName()
    {
        using SimulatedServer server = StartServer("2.8.3");
        var client = new RecordingClient();

        SimulatedNetwork.TryConnect(server.Uri, Request(2, client, db: "nope"), client, out _, out WireRefusal? refusal);

        Assert.AreEqual(new WireRefusal(404, "`nope` not found"), refusal);
    }

    [TestMethod]
    public void TryConnect_UnknownServer_RefusedWithStatusZero()
    {
        var client = new RecordingClient();

        bool ok = SimulatedNetwork.TryConnect(new Uri("sim://nowhere-42/"), Request(1, client), client, out _, out WireRefusal? refusal);

        Assert.IsFalse(ok);
        Assert.AreEqual(0, refusal!.StatusCode);
    }

    [TestMethod]
    public void TryConnect_KnownToken_SameIdentity()
    {
        using SimulatedServer server = StartServer("2.8.3");
        var first = (WireInitialConnection)Connect(server, 2).Messages.Single();

        var second = (WireInitialConnection)Connect(server, 2, token: first.Token).Messages.Single();

        CollectionAssert.AreEqual(first.Identity, second.Identity);
        Assert.AreEqual(first.Token, second.Token);
    }

    [TestMethod]
    public void TryConnect_NoToken_NewDistinctIdentities()
    {
        using SimulatedServer server = StartServer("2.8.3");

        var a = (WireInitialConnection)Connect(server, 2).Messages.Single();
        var b = (WireInitialConnection)Connect(server, 2).Messages.Single();

        CollectionAssert.AreNotEqual(a.Identity, b.Identity);
    }

    [TestMethod]
    public void TryConnect_SameSeed_SameIdentities()
    {
        using SimulatedServer one = StartServer("2.8.3");
        using SimulatedServer two = StartServer("2.8.3");

        var a = (WireInitialConnection)Connect(one, 2).Messages.Single();
        var b = (WireInitialConnection)Connect(two, 2).Messages.Single();

        CollectionAssert.AreEqual(a.Identity, b.Identity);
    }

    [TestMethod]
    public void TryConnect_ForeignToken_Refused401()
    {
        using SimulatedServer server = StartServer("2.8.3");
        var client = new RecordingClient();

        SimulatedNetwork.TryConnect(server.Uri, Request(2, client, token: "not-ours"), client, out _, out WireRefusal? refusal);

        Assert.AreEqual(401, refusal!.StatusCode);
    }

    [TestMethod]
    public void Subscribe_KnownTable_AppliedWithInitialRows()
    {
        using SimulatedServer server = StartServer("1.12.0");
        server.Database(Db).Table("Player").Insert(new SimRow(0UL, "ann", 100u));
        RecordingClient client = Connect(server, 1);

        Subscribe(client, 5, "SELECT * FROM Player");

        var applied = client.Last<WireSubscribeApplied>();
        Assert.AreEqual(5u, applied.QueryId);
        WireTableUpdate table = applied.Tables.Single();
        Assert.AreEqual("Player", table.TableName);
        Assert.AreEqual(new SimRow(1UL, "ann", 100u), Decode(PlayerV1Columns, table.Inserts.Single()));
    }

    [TestMethod]
    public void Subscribe_QuotedName_Applied()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        Subscribe(client, 1, "SELECT * FROM \"player\"");

        Assert.AreEqual("player", client.Last<WireSubscribeApplied>().Tables.Single().TableName);
    }

    [TestMethod]
    public void Subscribe_WrongCase_ErrorWithQueryId()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        Subscribe(client, 9, "SELECT * FROM Player");

        var error = client.Last<WireSubscriptionError>();
        Assert.AreEqual(9u, error.QueryId);
        Assert.Contains("`Player`", error.Error);
        Assert.IsFalse(client.Messages.OfType<WireSubscribeApplied>().Any());
    }

    [TestMethod]
    public void Subscribe_PrivateTable_Error()
    {
        SimModule module = SimModule.Define(ModuleDefVersion.V10).Table("secret", t => t.Column("id", SimType.U32), isPublic: false);
        using SimulatedServer server = StartServer("2.8.3", module);
        RecordingClient client = Connect(server, 2);

        Subscribe(client, 1, "SELECT * FROM secret");

        Assert.Contains("may be marked private", client.Last<WireSubscriptionError>().Error);
    }

    [TestMethod]
    public void Subscribe_V1ClientToEventTableOn2x_ExactError()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 1);

        Subscribe(client, 3, "SELECT * FROM damage_event");

        Assert.AreEqual(
            "Subscribing to event tables requires WebSocket v2. Please upgrade your client SDK and regenerate your module bindings.",
            client.Last<WireSubscriptionError>().Error);
    }

    [TestMethod]
    public void Subscribe_UnsupportedSql_Error()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        Subscribe(client, 1, "SELECT id FROM player WHERE score > 3");

        Assert.Contains("Unsupported query", client.Last<WireSubscriptionError>().Error);
    }

    [TestMethod]
    public void SubscribeLegacyAll_V1_InitialSubscriptionWithoutEventTables()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 1);

        client.Send(new WireSubscribeLegacyAll(4));

        var initial = client.Last<WireInitialSubscription>();
        Assert.AreEqual(4u, initial.RequestId);
        CollectionAssert.AreEqual(new[] { "player" }, initial.Tables.Select(t => t.TableName).ToArray());
    }

    [TestMethod]
    public void Unsubscribe_Active_DeletesOfDroppedRows()
    {
        using SimulatedServer server = StartServer("2.8.3");
        server.Database(Db).Table("player").Insert(new SimRow(0UL, "ann", 100u, null));
        RecordingClient client = Connect(server, 2);
        Subscribe(client, 1, "SELECT * FROM player");

        client.Send(new WireUnsubscribe(2, 1, SendDroppedRows: true));

        WireTableUpdate table = client.Last<WireUnsubscribeApplied>().Tables.Single();
        Assert.HasCount(1, table.Deletes);
        Assert.IsEmpty(table.Inserts);
        Assert.AreEqual(0, server.Clients.Single().SubscriptionCount);
    }

    [TestMethod]
    public void Unsubscribe_UnknownQuery_Error()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        client.Send(new WireUnsubscribe(2, 77, SendDroppedRows: true));

        Assert.AreEqual(77u, client.Last<WireSubscriptionError>().QueryId);
    }

    [TestMethod]
    public void CallReducer_V1CallerFullUpdate_CommittedWithRowsAndCallInfo()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using SimulatedServer server = StartServer("1.12.0", time: time);
        RecordingClient client = Connect(server, 1);
        Subscribe(client, 1, "SELECT * FROM Player");
        time.Advance(TimeSpan.FromSeconds(3));

        CreatePlayer(client, 11, "ann");

        var update = client.Last<WireTransactionUpdateV1>();
        Assert.IsInstanceOfType<WireUpdateStatus.Committed>(update.Status);
        Assert.AreEqual("create_player", update.ReducerCall.ReducerName);
        Assert.AreEqual(11u, update.ReducerCall.RequestId);
        Assert.AreEqual(time.GetUtcNow().ToUnixTimeMilliseconds() * 1000, update.TimestampMicros);
        CollectionAssert.AreEqual(client.ConnectionId, update.CallerConnectionId);
        Assert.AreEqual(new SimRow(1UL, "ann", 100u), Decode(PlayerV1Columns, update.Tables.Single().Inserts.Single()));
    }

    [TestMethod]
    public void CallReducer_V1CallerNotSubscribed_CommittedWithoutRows()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);

        CreatePlayer(client, 1, "ann");

        var update = client.Last<WireTransactionUpdateV1>();
        Assert.IsInstanceOfType<WireUpdateStatus.Committed>(update.Status);
        Assert.IsEmpty(update.Tables);
    }

    [TestMethod]
    public void CallReducer_V1CallerFailure_FailedWithMessage()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);

        CreatePlayer(client, 1, "");

        var update = client.Last<WireTransactionUpdateV1>();
        Assert.AreEqual(new WireUpdateStatus.Failed("username must not be empty"), update.Status);
    }

    [TestMethod]
    public void CallReducer_V1NoSuccessNotifyFailure_NothingDelivered()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);
        Subscribe(client, 1, "SELECT * FROM Player");
        client.Clear();

        CreatePlayer(client, 1, "", flags: 1);

        Assert.IsEmpty(client.Messages);
    }

    [TestMethod]
    public void CallReducer_V1NoSuccessNotifyNotSubscribed_NothingDelivered()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);
        client.Clear();

        CreatePlayer(client, 1, "ann", flags: 1);

        Assert.IsEmpty(client.Messages);
        Assert.AreEqual(1, server.Database(Db).Table("Player").Count);
    }

    [TestMethod]
    public void CallReducer_V1NoSuccessNotifySubscribed_RowsAsNonCaller()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);
        Subscribe(client, 1, "SELECT * FROM Player");
        client.Clear();

        CreatePlayer(client, 1, "ann", flags: 1);

        var update = (WireTransactionUpdateV1)client.Messages.Single();
        Assert.HasCount(1, update.Tables.Single().Inserts);
    }

    [TestMethod]
    public void CallReducer_V1NonCallerFullMode_FullUpdateWithReducerInfo()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient caller = Connect(server, 1);
        RecordingClient other = Connect(server, 1);
        Subscribe(other, 1, "SELECT * FROM Player");
        other.Clear();

        CreatePlayer(caller, 1, "ann");

        var update = (WireTransactionUpdateV1)other.Messages.Single();
        Assert.AreEqual("create_player", update.ReducerCall.ReducerName);
        CollectionAssert.AreEqual(caller.ConnectionId, update.CallerConnectionId);
    }

    [TestMethod]
    public void CallReducer_V1NonCallerLightMode_LightUpdate()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient caller = Connect(server, 1);
        RecordingClient other = Connect(server, 1, light: true);
        Subscribe(other, 1, "SELECT * FROM Player");
        other.Clear();

        CreatePlayer(caller, 1, "ann");

        Assert.HasCount(1, ((WireTransactionUpdateLight)other.Messages.Single()).Tables.Single().Inserts);
    }

    [TestMethod]
    public void CallReducer_V1CallerLightMode_StillFullUpdate()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient caller = Connect(server, 1, light: true);
        caller.Clear();

        CreatePlayer(caller, 1, "ann");

        Assert.IsInstanceOfType<WireTransactionUpdateV1>(caller.Messages.Single());
    }

    [TestMethod]
    public void CallReducer_FailedCall_NeverReachesNonCallers()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient caller = Connect(server, 1);
        RecordingClient other = Connect(server, 1);
        Subscribe(other, 1, "SELECT * FROM Player");
        other.Clear();

        CreatePlayer(caller, 1, "");

        Assert.IsEmpty(other.Messages);
    }

    [TestMethod]
    public void CallReducer_V1NonCallerOfV10ModuleOn2x_ReducerInfoHidden()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient caller = Connect(server, 2);
        RecordingClient other = Connect(server, 1);
        Subscribe(other, 1, "SELECT * FROM player");
        other.Clear();

        CreatePlayer(caller, 1, "ann");

        Assert.IsInstanceOfType<WireTransactionUpdateLight>(other.Messages.Single());
    }

    [TestMethod]
    public void CallReducer_V1NonCallerOfV9ModuleOn2x_FullUpdate()
    {
        using SimulatedServer server = StartServer("2.8.3", GameModules.V1());
        RecordingClient caller = Connect(server, 1);
        RecordingClient other = Connect(server, 1);
        Subscribe(other, 1, "SELECT * FROM Player");
        other.Clear();

        CreatePlayer(caller, 1, "ann");

        Assert.IsInstanceOfType<WireTransactionUpdateV1>(other.Messages.Single());
    }

    [TestMethod]
    public void CallReducer_V2CallerSubscribed_OkWithRowsAndEventRows()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        CreatePlayer(client, 1, "ann");
        Subscribe(client, 1, "SELECT * FROM player", "SELECT * FROM damage_event");

        DealDamage(client, 2, 1, 30);

        var result = client.Last<WireReducerResult>();
        Assert.AreEqual(2u, result.RequestId);
        var ok = (WireReducerOutcome.Ok)result.Outcome;
        WireTableUpdate player = ok.Tables.Single(t => t.TableName == "player");
        Assert.AreEqual(new SimRow(1UL, "ann", 100u, null), Decode(PlayerV2Columns, player.Deletes.Single()));
        Assert.AreEqual(new SimRow(1UL, "ann", 70u, null), Decode(PlayerV2Columns, player.Inserts.Single()));
        WireTableUpdate damage = ok.Tables.Single(t => t.TableName == "damage_event");
        Assert.IsTrue(damage.IsEventTable);
        Assert.HasCount(1, damage.Inserts);
    }

    [TestMethod]
    public void CallReducer_V2CallerNotSubscribed_OkEmpty()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        CreatePlayer(client, 1, "ann");

        Assert.IsInstanceOfType<WireReducerOutcome.OkEmpty>(client.Last<WireReducerResult>().Outcome);
    }

    [TestMethod]
    public void CallReducer_V2CallerFailure_ErrWithBsatnString()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        CreatePlayer(client, 1, "ann");

        CreatePlayer(client, 2, "ann");

        var err = (WireReducerOutcome.Err)client.Last<WireReducerResult>().Outcome;
        Assert.AreEqual("username 'ann' is taken", BsatnCodec.Decode(SimType.String, err.Bsatn));
    }

    [TestMethod]
    public void CallReducer_UnknownReducer_InternalError()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        client.Send(new WireCallReducer(1, "nope", Array.Empty<byte>(), 0));

        Assert.IsInstanceOfType<WireReducerOutcome.InternalError>(client.Last<WireReducerResult>().Outcome);
    }

    [TestMethod]
    public void CallReducer_UndecodableArgs_FailedCall()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);

        client.Send(new WireCallReducer(1, "deal_damage", new byte[] { 1, 2 }, 0));

        var failed = (WireUpdateStatus.Failed)client.Last<WireTransactionUpdateV1>().Status;
        Assert.Contains("Invalid arguments", failed.Reason);
    }

    [TestMethod]
    public void CallReducer_V2NonCaller_TransactionUpdateV2()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient caller = Connect(server, 2);
        RecordingClient other = Connect(server, 2);
        Subscribe(other, 1, "SELECT * FROM player");
        other.Clear();

        CreatePlayer(caller, 1, "ann");

        Assert.HasCount(1, ((WireTransactionUpdateV2)other.Messages.Single()).Tables.Single().Inserts);
    }

    [TestMethod]
    public void CallReducer_EventTableRows_NeverStoredAndOnlyToV2Subscribers()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient caller = Connect(server, 2);
        RecordingClient watcher = Connect(server, 2);
        RecordingClient v1 = Connect(server, 1);
        CreatePlayer(caller, 1, "ann");
        Subscribe(watcher, 1, "SELECT * FROM damage_event");
        Subscribe(v1, 1, "SELECT * FROM player");
        watcher.Clear();

        DealDamage(caller, 2, 1, 5);

        WireTableUpdate events = ((WireTransactionUpdateV2)watcher.Messages.Single()).Tables.Single();
        Assert.IsTrue(events.IsEventTable);
        Assert.AreEqual(new SimRow(1UL, 5u), Decode(new[] { SimColumn.Of("target", SimType.U64), SimColumn.Of("amount", SimType.U32) }, events.Inserts.Single()));
        Assert.AreEqual(0, server.Database(Db).Table("damage_event").Count);
        Assert.IsFalse(v1.Messages.OfType<WireTransactionUpdateLight>().Single().Tables.Any(t => t.TableName == "damage_event"));
    }

    [TestMethod]
    public void CallReducer_OverlappingSubscriptions_RowsPerQuerySet()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient caller = Connect(server, 2);
        RecordingClient other = Connect(server, 2);
        Subscribe(other, 1, "SELECT * FROM player");
        Subscribe(other, 2, "SELECT * FROM \"player\"");
        other.Clear();

        CreatePlayer(caller, 1, "ann");

        Assert.HasCount(2, ((WireTransactionUpdateV2)other.Messages.Single()).Tables);
    }

    [TestMethod]
    public void CallReducer_ThrowsAfterWrites_AllWritesRolledBack()
    {
        SimModule module = SimModule.Define(ModuleDefVersion.V10)
            .Table("item", t => t.Column("id", SimType.U32).PrimaryKey("id"))
            .Reducer("half", p => { }, (ctx, args) =>
            {
                ctx.Table("item").Insert(new SimRow(1u));
                ctx.Table("item").Insert(new SimRow(2u));
                throw new InvalidOperationException("boom");
            });
        using SimulatedServer server = StartServer("2.8.3", module);
        RecordingClient client = Connect(server, 2);

        client.Send(new WireCallReducer(1, "half", Array.Empty<byte>(), 0));

        Assert.AreEqual(0, server.Database(Db).Table("item").Count);
        var err = (WireReducerOutcome.Err)client.Last<WireReducerResult>().Outcome;
        Assert.AreEqual("boom", BsatnCodec.Decode(SimType.String, err.Bsatn));
    }

    [TestMethod]
    public void DirectWrite_V1FullModeSubscriber_UpdateWithoutReducerName()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);
        Subscribe(client, 1, "SELECT * FROM Player");
        client.Clear();

        server.Database(Db).Table("Player").Insert(new SimRow(0UL, "bot", 1u));

        var update = (WireTransactionUpdateV1)client.Messages.Single();
        Assert.AreEqual(string.Empty, update.ReducerCall.ReducerName);
        Assert.IsNull(update.CallerConnectionId);
    }

    [TestMethod]
    public void DirectTransaction_Throws_RolledBackAndNothingSent()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        Subscribe(client, 1, "SELECT * FROM player");
        client.Clear();

        Assert.ThrowsExactly<InvalidOperationException>(() => server.Database(Db).Transaction(ctx =>
        {
            ctx.Table("player").Insert(new SimRow(0UL, "a", 1u, null));
            throw new InvalidOperationException("stop");
        }));

        Assert.AreEqual(0, server.Database(Db).Table("player").Count);
        Assert.IsEmpty(client.Messages);
    }

    [TestMethod]
    public void Constructor_UnsupportedVersion_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new SimulatedServer(new SimulatedServerOptions { Version = "3.0.0" }));
    }

    [TestMethod]
    public void Dispose_UnregistersUri()
    {
        SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        server.Dispose();

        Assert.HasCount(1, client.Closes);
        Assert.IsFalse(SimulatedNetwork.TryGetServer(server.Uri, out _));
    }
}
