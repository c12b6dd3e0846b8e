using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Tests.Support;
using static Stdb.Compat.Testing.Tests.Support.WireHarness;

namespace Stdb.Compat.Testing.Tests.Server;

public sealed partial class SimulatedServerTests
{
    [TestMethod]
    public void CallLog_CommittedFailedAndInjected_RecordedInRunOrderWithTheServersReason()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        server.Faults.FailNextCall("create_player", "injected", internalError: true);

        CreatePlayer(client, 1, "ann");
        CreatePlayer(client, 2, "ann");
        CreatePlayer(client, 3, "ann");

        var log = server.CallLog;
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, log.Select(r => r.Sequence).ToArray());
        CollectionAssert.AreEqual(new uint[] { 1, 2, 3 }, log.Select(r => r.RequestId).ToArray());
        Assert.IsTrue(log.All(r => r.Reducer == "create_player" && r.Database == Db));
        Assert.IsTrue(log[0].InternalError);
        Assert.AreEqual("injected", log[0].Failure);
        Assert.IsTrue(log[1].Committed);
        Assert.AreEqual("username 'ann' is taken", log[2].Failure);
        Assert.IsFalse(log[2].InternalError);
        CollectionAssert.AreEqual(client.ConnectionId, log[1].ConnectionId.ToArray());
    }

    [TestMethod]
    public void CallLog_CallOnAConnectionTheServerClosed_NotRecorded()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        server.Faults.DropConnection(server.Clients.Single());

        CreatePlayer(client, 1, "ann");

        Assert.AreEqual(0, server.CallLogCount);
        Assert.AreEqual(0, server.Database(Db).Table("player").Count);
    }

    [TestMethod]
    public void CallLog_ResultHeldThenConnectionDropped_RecordedAsCommittedThoughTheResultIsLost()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        int before = client.Messages.Count;
        server.Faults.HoldDelivery();

        CreatePlayer(client, 1, "ann");
        server.Faults.DropConnection(server.Clients.Single());
        server.Faults.ReleaseDelivery();

        Assert.IsTrue(server.CallLog.Single().Committed);
        Assert.AreEqual(before, client.Messages.Count);
    }
}
