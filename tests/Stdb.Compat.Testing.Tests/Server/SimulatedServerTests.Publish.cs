using System.Linq;
using GameModule;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Tests.Support;
using Stdb.Compat.Testing.Wire;
using static Stdb.Compat.Testing.Tests.Support.WireHarness;

namespace Stdb.Compat.Testing.Tests.Server;

public sealed partial class SimulatedServerTests
{
    private static SimModule Items(bool extraColumn = false, SimType? valueType = null, bool withDefault = true, bool extraTable = false) =>
        SimModule.Define(ModuleDefVersion.V10)
            .Table("item", t =>
            {
                t.Column("id", SimType.U32).Column("value", valueType ?? SimType.U32).PrimaryKey("id");
                if (extraColumn)
                {
                    t.Column("note", SimType.String);
                    if (withDefault)
                    {
                        t.Default("note", "n/a");
                    }
                }
            })
            .Table(extraTable ? "other" : "item2", t => t.Column("x", SimType.U8));

    [TestMethod]
    public void Publish_FirstTime_CreatesDatabase()
    {
        using var server = new SimulatedServer();

        PublishResult result = server.Publish("db", Items());

        Assert.IsTrue(result.Created);
        Assert.IsTrue(server.HasDatabase("db"));
    }

    [TestMethod]
    public void Publish_AddTable_SafeAndClientsStay()
    {
        using var server = new SimulatedServer();
        server.Publish("db", SimModule.Define(ModuleDefVersion.V10).Table("item", t => t.Column("id", SimType.U32).Column("value", SimType.U32).PrimaryKey("id")));
        RecordingClient client = Connect(server, 2, db: "db");

        PublishResult result = server.Publish("db", Items());

        Assert.IsFalse(result.BrokeClients);
        Assert.IsTrue(result.Steps.Any(s => s.Kind == PublishStepKind.AddTable && s.Path == "item2"));
        Assert.IsEmpty(client.Closes);
    }

    [TestMethod]
    public void Publish_AddColumnWithDefault_RowsRewrittenAndClientsDisconnected()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items());
        server.Database("db").Table("item").Insert(new SimRow(1u, 5u));
        RecordingClient client = Connect(server, 2, db: "db");

        PublishResult result = server.Publish("db", Items(extraColumn: true), new PublishOptions { BreakClients = true });

        Assert.IsTrue(result.Steps.Any(s => s.Kind == PublishStepKind.AddColumns));
        Assert.AreEqual(1, result.DisconnectedClients);
        Assert.HasCount(1, client.Closes);
        Assert.AreEqual("n/a", server.Database("db").Table("item").Find(1u)!.Get<string>("note"));
    }

    [TestMethod]
    public void Publish_BreakingWithoutFlag_RefusedBreakClients()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items());

        var error = Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", Items(extraColumn: true)));

        Assert.AreEqual("BreakClients", error.Rule);
    }

    [TestMethod]
    public void Publish_AddColumnWithoutDefault_RefusedAddColumn()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items());

        var error = Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", Items(extraColumn: true, withDefault: false), new PublishOptions { BreakClients = true }));

        Assert.AreEqual("AddColumn", error.Rule);
        Assert.AreEqual("item.note", error.Path);
    }

    [TestMethod]
    public void Publish_ChangeColumnType_RefusedNamingRule()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items());

        var error = Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", Items(valueType: SimType.U64), new PublishOptions { BreakClients = true }));

        Assert.AreEqual("ChangeColumnType", error.Rule);
        Assert.AreEqual("item.value", error.Path);
    }

    private static SimModule Keyed(string primaryKey, SimType? valueType = null, bool isPublic = true) =>
        SimModule.Define(ModuleDefVersion.V10)
            .Table("item", t => t.Column("id", SimType.U32).Column("value", valueType ?? SimType.U32).PrimaryKey(primaryKey), isPublic);

    private static SimType Shape(params SimType[] payloads) =>
        SimType.Sum(payloads.Select((t, i) => new SimColumn("v" + i, t)).ToArray());

    [TestMethod]
    public void Publish_MakeTablePrivate_ChangeAccessAndClientsStay()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Keyed("id"));
        RecordingClient client = Connect(server, 2, db: "db");

        PublishResult result = server.Publish("db", Keyed("id", isPublic: false));

        Assert.IsTrue(result.Steps.Any(s => s.Kind == PublishStepKind.ChangeAccess && s.Path == "item"));
        Assert.IsFalse(result.BrokeClients);
        Assert.AreEqual(0, result.DisconnectedClients);
        Assert.IsEmpty(client.Closes);
    }

    [TestMethod]
    public void Publish_ChangePrimaryKey_PlannedRowsRekeyedAndClientsStay()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Keyed("id"));
        server.Database("db").Table("item").Insert(new SimRow(1u, 50u));
        server.Database("db").Table("item").Insert(new SimRow(2u, 60u));
        RecordingClient client = Connect(server, 2, db: "db");

        PublishResult result = server.Publish("db", Keyed("value"));

        Assert.IsTrue(result.Steps.Any(s => s.Kind == PublishStepKind.ChangePrimaryKey && s.Path == "item"));
        Assert.IsFalse(result.BrokeClients);
        Assert.IsEmpty(client.Closes);
        Assert.AreEqual(2u, server.Database("db").Table("item").Find(60u)!.Get<uint>("id"));
    }

    [TestMethod]
    public void Publish_ChangePrimaryKeyWithDuplicateValues_RefusedChangePrimaryKey()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Keyed("id"));
        server.Database("db").Table("item").Insert(new SimRow(1u, 7u));
        server.Database("db").Table("item").Insert(new SimRow(2u, 7u));

        var error = Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", Keyed("value")));

        Assert.AreEqual("ChangePrimaryKey", error.Rule);
        Assert.AreEqual(2, server.Database("db").Table("item").Count);
    }

    [TestMethod]
    public void Publish_SumGainsVariantSameLayout_ChangeColumnsAndRowsKept()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Keyed("id", Shape(SimType.U32, SimType.U32)));
        server.Database("db").Table("item").Insert(new SimRow(1u, new SimSum(1, 9u)));
        RecordingClient client = Connect(server, 2, db: "db");

        PublishResult result = server.Publish("db", Keyed("id", Shape(SimType.U32, SimType.U32, SimType.U32)));

        Assert.IsTrue(result.Steps.Any(s => s.Kind == PublishStepKind.ChangeColumns && s.Path == "item"));
        Assert.IsFalse(result.BrokeClients);
        Assert.IsEmpty(client.Closes);
        Assert.AreEqual(new SimSum(1, 9u), server.Database("db").Table("item").Find(1u)!.Get<SimSum>("value"));
    }

    [TestMethod]
    public void Publish_SumGainsLargerVariant_RefusedChangeColumnType()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Keyed("id", Shape(SimType.U8)));

        var error = Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", Keyed("id", Shape(SimType.U8, SimType.U64)), new PublishOptions { BreakClients = true }));

        Assert.AreEqual("ChangeColumnType", error.Rule);
        Assert.AreEqual("item.value", error.Path);
        StringAssert.Contains(error.Message, "size mismatch");
    }

    [TestMethod]
    public void Publish_RemoveColumn_Refused()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items(extraColumn: true));

        var error = Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", Items(), new PublishOptions { BreakClients = true }));

        Assert.AreEqual("RemoveColumn", error.Rule);
    }

    [TestMethod]
    public void Publish_RemoveEmptyTable_BreaksClients()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items());
        RecordingClient client = Connect(server, 2, db: "db");

        PublishResult result = server.Publish("db", Items(extraTable: true), new PublishOptions { BreakClients = true });

        Assert.IsTrue(result.Steps.Any(s => s.Kind == PublishStepKind.RemoveTable && s.Path == "item2"));
        Assert.HasCount(1, client.Closes);
    }

    [TestMethod]
    public void Publish_RemoveTableWithRows_Refused()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items());
        server.Database("db").Table("item2").Insert(new SimRow((byte)1));

        var error = Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", Items(extraTable: true), new PublishOptions { BreakClients = true }));

        Assert.AreEqual("RemoveTable", error.Rule);
    }

    [TestMethod]
    public void Publish_DeleteData_FreshDatabaseAndClientsDisconnected()
    {
        using var server = new SimulatedServer();
        server.Publish("db", Items());
        server.Database("db").Table("item").Insert(new SimRow(1u, 5u));
        RecordingClient client = Connect(server, 2, db: "db");

        PublishResult result = server.Publish("db", Items(valueType: SimType.String), new PublishOptions { DeleteData = true });

        Assert.AreEqual(0, server.Database("db").Table("item").Count);
        Assert.AreEqual(1, result.DisconnectedClients);
        Assert.HasCount(1, client.Closes);
    }

    [TestMethod]
    public void Publish_V10On1xServer_Refused()
    {
        using var server = new SimulatedServer(new SimulatedServerOptions { Version = "1.12.0" });

        Assert.ThrowsExactly<ModulePublishException>(() => server.Publish("db", GameModules.V2()));
    }

    [TestMethod]
    public void Publish_GameV1ToV2_CanonicalRenameAddColumnAndEventTable()
    {
        using var server = new SimulatedServer();
        server.Publish("game", GameModules.V1());
        server.Database("game").Table("Player").Insert(new SimRow(0UL, "ann", 100u));

        PublishResult result = server.Publish("game", GameModules.V2(), new PublishOptions { BreakClients = true });

        CollectionAssert.IsSubsetOf(
            new[] { PublishStepKind.ChangeTableAccessorName, PublishStepKind.AddColumns, PublishStepKind.AddTable, PublishStepKind.DisconnectAllUsers },
            result.Steps.Select(s => s.Kind).ToArray());
        SimRow ann = server.Database("game").Table("player").Find(1UL)!;
        Assert.IsNull(ann.Get<string?>("display_name"));
        Assert.AreEqual(ModuleDefVersion.V10, server.Database("game").ModuleVersion);
    }

    [TestMethod]
    public void Faults_HoldAndRelease_DeliveredInOrderLater()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        client.Clear();
        server.Faults.HoldDelivery(server.Clients.Single());

        CreatePlayer(client, 1, "ann");
        CreatePlayer(client, 2, "bob");
        Assert.IsEmpty(client.Messages);
        Assert.AreEqual(2, server.Clients.Single().HeldMessages);
        server.Faults.ReleaseDelivery();

        CollectionAssert.AreEqual(new uint[] { 1, 2 }, client.Messages.OfType<WireReducerResult>().Select(r => r.RequestId).ToArray());
    }

    [TestMethod]
    public void Faults_HoldAll_AppliesToNewClients()
    {
        using SimulatedServer server = StartServer("2.8.3");
        server.Faults.HoldDelivery();

        RecordingClient client = Connect(server, 2);
        Assert.IsEmpty(client.Messages);
        server.Faults.ReleaseDelivery();

        Assert.IsInstanceOfType<WireInitialConnection>(client.Messages.Single());
    }

    [TestMethod]
    public void Faults_DropConnection_ClientClosedWithReason()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        server.Faults.DropConnection(server.Clients.Single(), "gone");

        CollectionAssert.AreEqual(new[] { "gone" }, client.Closes);
        Assert.IsEmpty(server.Clients);
    }

    [TestMethod]
    public void Faults_FailNextCall_FailsOnceWithMessage()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);
        server.Faults.FailNextCall("create_player", "injected");

        CreatePlayer(client, 1, "ann");
        CreatePlayer(client, 2, "bob");

        var updates = client.Messages.OfType<WireTransactionUpdateV1>().ToArray();
        Assert.AreEqual(new WireUpdateStatus.Failed("injected"), updates[0].Status);
        Assert.IsInstanceOfType<WireUpdateStatus.Committed>(updates[1].Status);
        Assert.AreEqual(1, server.Database(Db).Table("Player").Count);
    }

    [TestMethod]
    public void Faults_RefuseConnections_Refused503()
    {
        using SimulatedServer server = StartServer("2.8.3");
        server.Faults.RefuseConnections = true;
        var client = new RecordingClient();

        SimulatedNetwork.TryConnect(server.Uri, Request(2, client), client, out _, out WireRefusal? refusal);

        Assert.AreEqual(503, refusal!.StatusCode);
    }

    [TestMethod]
    public void Restart_KeepsDataAndTokens_ClientsClosedWithError()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        string token = ((WireInitialConnection)client.Messages[0]).Token;
        CreatePlayer(client, 1, "ann");

        server.Restart();

        Assert.IsNotNull(client.Closes.Single());
        Assert.AreEqual(1, server.Database(Db).Table("player").Count);
        Assert.IsInstanceOfType<WireInitialConnection>(Connect(server, 2, token: token).Messages.Single());
    }

    [TestMethod]
    public void DisconnectAll_Reason_EveryClientClosed()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient a = Connect(server, 2);
        RecordingClient b = Connect(server, 1);

        server.DisconnectAll("maintenance");

        CollectionAssert.AreEqual(new[] { "maintenance" }, a.Closes);
        CollectionAssert.AreEqual(new[] { "maintenance" }, b.Closes);
    }
}
