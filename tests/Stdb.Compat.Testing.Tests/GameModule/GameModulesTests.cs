using System.Linq;
using GameModule;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Tests.Support;
using Stdb.Compat.Testing.Wire;
using static Stdb.Compat.Testing.Tests.Support.WireHarness;

namespace Stdb.Compat.Testing.Tests.GameModuleTests;

[TestClass]
public sealed class GameModulesTests
{
    [TestMethod]
    public void V1_Shape_DeclaredNames()
    {
        SimModule module = GameModules.V1();

        Assert.AreEqual(ModuleDefVersion.V9, module.Version);
        CollectionAssert.AreEqual(new[] { "Player" }, module.TableNames.ToArray());
        CollectionAssert.AreEqual(new[] { "create_player", "deal_damage" }, module.ReducerNames.ToArray());
    }

    [TestMethod]
    public void V2_Shape_CanonicalNamesAndEventTable()
    {
        SimModule module = GameModules.V2();

        Assert.AreEqual(ModuleDefVersion.V10, module.Version);
        CollectionAssert.AreEqual(new[] { "player", "damage_event" }, module.TableNames.ToArray());
    }

    [TestMethod]
    public void CreatePlayer_TakenName_FailsWithText()
    {
        using SimulatedServer server = StartServer("1.12.0");
        RecordingClient client = Connect(server, 1);

        CreatePlayer(client, 1, "ann");
        CreatePlayer(client, 2, "ann");

        Assert.AreEqual(new WireUpdateStatus.Failed("username 'ann' is taken"), client.Last<WireTransactionUpdateV1>().Status);
    }

    [TestMethod]
    public void DealDamage_MoreThanScore_ClampsToZero()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);
        CreatePlayer(client, 1, "ann");

        DealDamage(client, 2, 1, 500);

        Assert.AreEqual(0u, server.Database(Db).Table("player").Find(1UL)!.Get<uint>("score"));
    }

    [TestMethod]
    public void DealDamage_UnknownTarget_FailsWithText()
    {
        using SimulatedServer server = StartServer("2.8.3");
        RecordingClient client = Connect(server, 2);

        DealDamage(client, 1, 42, 1);

        var err = (WireReducerOutcome.Err)client.Last<WireReducerResult>().Outcome;
        Assert.AreEqual("no player with id 42", BsatnCodec.Decode(SimType.String, err.Bsatn));
    }
}
