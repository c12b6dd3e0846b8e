using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Cli.Tests.Commands;

[TestClass]
public sealed class AuditCommandTests
{
    [TestMethod]
    public async Task Audit_CleanTable_ExitsZero()
    {
        using var server = VerifyCommandTests.Server();
        await using var host = await SqlRouteHost.StartAsync(server);

        var (code, output, error) = await CheckCommandTests.RunAsync("audit", "--database", host.Database("blue"), "--table", "player", "--unique", "name", "--references", "guild=guild.id");

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "player: passed (30 rows, 2 rules)");
    }

    [TestMethod]
    public async Task Audit_BrokenRules_ExitsTwoWithOffendingKeys()
    {
        using var server = VerifyCommandTests.Server();
        var player = server.Database("blue").Table("player");
        player.Update(new SimRow(2UL, "p1", 5UL));
        await using var host = await SqlRouteHost.StartAsync(server);

        var (code, output, _) = await CheckCommandTests.RunAsync("audit", "--database", host.Database("blue"), "--table", "player", "--key", "id", "--unique", "name", "--required", "guild", "--references", "guild=guild.id", "--format", "json");

        Assert.AreEqual(2, code);
        using var doc = JsonDocument.Parse(output);
        var violations = doc.RootElement.GetProperty("violations");
        Assert.AreEqual(3, violations.GetArrayLength());
        Assert.AreEqual("unique name", violations[0].GetProperty("rule").GetString());
        Assert.AreEqual("2", violations[0].GetProperty("keys")[0].GetString());
        Assert.AreEqual(10, violations[1].GetProperty("count").GetInt64());
        Assert.AreEqual("2", violations[2].GetProperty("keys")[0].GetString());
    }

    [TestMethod]
    public async Task Audit_BadReference_ExitsThree()
    {
        using var server = VerifyCommandTests.Server();
        await using var host = await SqlRouteHost.StartAsync(server);

        var (code, _, error) = await CheckCommandTests.RunAsync("audit", "--database", host.Database("blue"), "--table", "player", "--references", "guild");

        Assert.AreEqual(3, code);
        StringAssert.Contains(error, "column=table.column");
    }
}
