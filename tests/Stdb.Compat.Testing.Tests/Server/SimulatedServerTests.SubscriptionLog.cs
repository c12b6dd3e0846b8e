using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Tests.Support;
using static Stdb.Compat.Testing.Tests.Support.WireHarness;

namespace Stdb.Compat.Testing.Tests.Server;

public sealed partial class SimulatedServerTests
{
    [TestMethod]
    public void SubscriptionLog_AppliedAndRefusedSubscriptions_OnlyAppliedRecordedWithTheirTables()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        Subscribe(client, 1, "SELECT * FROM player");
        Subscribe(client, 2, "SELECT * FROM nothing_here");
        Subscribe(client, 3, "SELECT * FROM player", "SELECT * FROM player");

        var log = server.SubscriptionLog;
        CollectionAssert.AreEqual(new[] { 0, 1 }, log.Select(r => r.Sequence).ToArray());
        Assert.IsTrue(log.All(r => r.Database == Db && !r.IsLegacy && r.ConnectionIdHex == server.Clients.Single().ConnectionIdHex));
        CollectionAssert.AreEqual(new[] { "player" }, log[1].Tables.ToArray());
    }

    [TestMethod]
    public void ConnectionsAccepted_RefusedAndAcceptedAttempts_CountsOnlyAccepted()
    {
        using SimulatedServer server = StartServer("2.8.3");
        Connect(server, 2);
        server.Faults.RefuseConnections = true;
        var refused = new RecordingClient();
        Assert.IsFalse(SimulatedNetwork.TryConnect(server.Uri, Request(2, refused), refused, out _, out _));
        server.Faults.RefuseConnections = false;
        Connect(server, 1);

        Assert.AreEqual(2, server.ConnectionsAccepted);
    }
}
