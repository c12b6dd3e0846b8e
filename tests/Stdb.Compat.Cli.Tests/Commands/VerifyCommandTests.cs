using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Cli.Tests.Commands;

[TestClass]
public sealed class VerifyCommandTests
{
    internal static SimulatedServer Server()
    {
        var server = new SimulatedServer();
        foreach (var name in new[] { "blue", "green" })
        {
            server.Publish(name, SimModule.Define(ModuleDefVersion.V10)
                .Table("player", t => t.Column("id", SimType.U64).Column("name", SimType.String).Column("guild", SimType.Option(SimType.U64)).PrimaryKey("id"))
                .Table("guild", t => t.Column("id", SimType.U64).Column("title", SimType.String).PrimaryKey("id")));
            var db = server.Database(name);
            db.Table("guild").Insert(new SimRow(1UL, "red"));
            for (ulong i = 1; i <= 30; i++)
            {
                db.Table("player").Insert(new SimRow(i, "p" + i, i % 3 == 0 ? null : (object)1UL));
            }
        }

        return server;
    }

    [TestMethod]
    public async Task Verify_SameDataInBothDatabases_ExitsZero()
    {
        using var server = Server();
        await using var host = await SqlRouteHost.StartAsync(server);

        var (code, output, error) = await CheckCommandTests.RunAsync("verify", "--source", host.Database("blue"), "--target", host.Database("green"), "--table", "player", "--table", "guild");

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "player: match source 30 rows");
        StringAssert.Contains(error, "source player: 30 rows");
        Assert.AreEqual(4, host.Requests);
    }

    [TestMethod]
    public async Task Verify_ChangedAndMissingRows_ExitsTwoAndListsKeysAsJson()
    {
        using var server = Server();
        server.Database("green").Table("player").DeleteByKey(7UL);
        server.Database("green").Table("player").Update(new SimRow(9UL, "renamed", null));
        await using var host = await SqlRouteHost.StartAsync(server);

        var (code, output, _) = await CheckCommandTests.RunAsync("verify", "--source", host.Database("blue"), "--target", host.Database("green"), "--table", "player=player", "--key", "id", "--format", "json");

        Assert.AreEqual(2, code);
        using var doc = JsonDocument.Parse(output);
        var table = doc.RootElement.GetProperty("tables")[0];
        Assert.IsFalse(doc.RootElement.GetProperty("matches").GetBoolean());
        Assert.AreEqual("7", table.GetProperty("missingOnTarget")[0].GetString());
        Assert.AreEqual("9", table.GetProperty("different")[0].GetString());
        Assert.AreEqual(29, table.GetProperty("targetCount").GetInt64());
    }

    [TestMethod]
    public async Task Verify_OnlyChosenColumns_IgnoresTheOthers()
    {
        using var server = Server();
        server.Database("green").Table("player").Update(new SimRow(9UL, "renamed", null));
        await using var host = await SqlRouteHost.StartAsync(server);

        var (code, _, error) = await CheckCommandTests.RunAsync("verify", "--source", host.Database("blue"), "--target", host.Database("green"), "--table", "player", "--columns", "id,guild");

        Assert.AreEqual(0, code, error);
    }

    [TestMethod]
    public async Task Verify_UnknownTableOrDatabase_ExitsThreeWithTheServerReason()
    {
        using var server = Server();
        await using var host = await SqlRouteHost.StartAsync(server);

        var (noTable, _, tableError) = await CheckCommandTests.RunAsync("verify", "--source", host.Database("blue"), "--target", host.Database("green"), "--table", "nope");
        var (noDb, _, dbError) = await CheckCommandTests.RunAsync("verify", "--source", host.Database("gone"), "--target", host.Database("green"), "--table", "player");
        var (badUri, _, uriError) = await CheckCommandTests.RunAsync("verify", "--source", "not-a-uri", "--target", host.Database("green"), "--table", "player");

        Assert.AreEqual(3, noTable);
        StringAssert.Contains(tableError, "400");
        StringAssert.Contains(tableError, "nope");
        Assert.AreEqual(3, noDb);
        StringAssert.Contains(dbError, "404");
        Assert.AreEqual(3, badUri);
        StringAssert.Contains(uriError, "--source");
    }
}
