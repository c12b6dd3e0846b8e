using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Sql;

namespace Stdb.Compat.Testing.Tests.Sql;

[TestClass]
public sealed class SimulatedSqlEndpointTests
{
    private static SimulatedServer Server()
    {
        var server = new SimulatedServer();
        server.Publish("db", SimModule.Define(ModuleDefVersion.V10)
            .Table("person", t => t.Column("id", SimType.U64).Column("name", SimType.String).Column("nick", SimType.Option(SimType.String)).PrimaryKey("id")));
        var person = server.Database("db").Table("person");
        person.Insert(new SimRow(1UL, "ann", "a"));
        person.Insert(new SimRow(2UL, "bob", null));
        person.Insert(new SimRow(3UL, "o'neil", null));
        return server;
    }

    [TestMethod]
    public void Execute_SelectStar_ReturnsTheStatementResultShape()
    {
        using var server = Server();

        var response = new SimulatedSqlEndpoint(server).Execute("db", "SELECT * FROM person");

        Assert.AreEqual(200, response.StatusCode);
        Assert.AreEqual("application/json", response.ContentType);
        using var doc = JsonDocument.Parse(response.Body);
        var result = doc.RootElement[0];
        var elements = result.GetProperty("schema").GetProperty("elements");
        Assert.AreEqual("id", elements[0].GetProperty("name").GetProperty("some").GetString());
        Assert.IsTrue(elements[0].GetProperty("algebraic_type").TryGetProperty("U64", out _));
        Assert.AreEqual("some", elements[2].GetProperty("algebraic_type").GetProperty("Sum").GetProperty("variants")[0].GetProperty("name").GetProperty("some").GetString());
        Assert.AreEqual(3, result.GetProperty("rows").GetArrayLength());
        Assert.AreEqual("[1,\"ann\",[0,\"a\"]]", result.GetProperty("rows")[0].GetRawText());
        Assert.AreEqual("[2,\"bob\",[1,[]]]", result.GetProperty("rows")[1].GetRawText());
        Assert.AreEqual(0, result.GetProperty("stats").GetProperty("rows_inserted").GetInt64());
        Assert.IsTrue(result.TryGetProperty("total_duration_micros", out _));
    }

    [TestMethod]
    public void Execute_CountWithAlias_ReturnsOneU64Row()
    {
        using var server = Server();

        var response = new SimulatedSqlEndpoint(server).Execute("db", "select count(*) as n from person;");

        using var doc = JsonDocument.Parse(response.Body);
        Assert.AreEqual("n", doc.RootElement[0].GetProperty("schema").GetProperty("elements")[0].GetProperty("name").GetProperty("some").GetString());
        Assert.AreEqual(3, doc.RootElement[0].GetProperty("rows")[0][0].GetInt64());
    }

    [TestMethod]
    public void Execute_WhereAndColumnList_FiltersAndProjects()
    {
        using var server = Server();
        var endpoint = new SimulatedSqlEndpoint(server);

        var byId = endpoint.Execute("db", "SELECT name FROM person WHERE id = 2");
        var byName = endpoint.Execute("db", "SELECT id FROM person WHERE name = 'o''neil'");

        Assert.AreEqual("[[\"bob\"]]", JsonDocument.Parse(byId.Body).RootElement[0].GetProperty("rows").GetRawText());
        Assert.AreEqual("[[3]]", JsonDocument.Parse(byName.Body).RootElement[0].GetProperty("rows").GetRawText());
    }

    [TestMethod]
    public void Execute_BadStatements_Return400WithTheReasonAndUnknownDatabase404()
    {
        using var server = Server();
        var endpoint = new SimulatedSqlEndpoint(server);

        var noAlias = endpoint.Execute("db", "SELECT COUNT(*) FROM person");
        var noTable = endpoint.Execute("db", "SELECT * FROM nope");
        var noColumn = endpoint.Execute("db", "SELECT * FROM person WHERE age = 3");
        var noDb = endpoint.Execute("other", "SELECT * FROM person");

        Assert.AreEqual(400, noAlias.StatusCode);
        StringAssert.Contains(noAlias.Body, "alias");
        Assert.AreEqual(400, noTable.StatusCode);
        StringAssert.Contains(noTable.Body, "nope");
        Assert.AreEqual(400, noColumn.StatusCode);
        Assert.AreEqual(404, noDb.StatusCode);
        Assert.IsTrue(new[] { noAlias, noTable, noColumn }.All(r => r.ContentType.StartsWith("text/plain", System.StringComparison.Ordinal)));
    }
}
