using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Testing.Host.Tests.Support;
using Stdb.Compat.Testing.Schema;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Testing.Host.Tests;

/// <summary>The HTTP routes over real loopback HTTP, and the upgrade refusals of the subscribe route.</summary>
[TestClass]
public sealed class SimulatedHostHttpTests
{
    private const string V1 = "v1.bsatn.spacetimedb";
    private const string V2 = "v2.bsatn.spacetimedb";

    [TestMethod]
    public async Task Health_ReturnsTheRealShapeWithTheServerVersion()
    {
        await using HostHarness h = await HostHarness.StartAsync("2.8.3");

        using JsonDocument doc = JsonDocument.Parse(await HostHarness.Http.GetStringAsync(new Uri(h.Host.Uri, "v1/health")));

        Assert.AreEqual("2.8.3", doc.RootElement.GetProperty("version").GetString());
        Assert.AreEqual("spacetimedb-client-api", doc.RootElement.GetProperty("package_name").GetString());
        Assert.AreEqual(JsonValueKind.Array, doc.RootElement.GetProperty("nodes").ValueKind);
        Assert.IsTrue(doc.RootElement.GetProperty("schedulable").GetBoolean());
    }

    [TestMethod]
    public async Task Identity_IssuesAnIdentityAndATokenTheSocketAccepts()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        using HttpResponseMessage response = await HostHarness.Http.PostAsync(new Uri(h.Host.Uri, "v1/identity"), null);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string identity = doc.RootElement.GetProperty("identity").GetString()!;
        string token = doc.RootElement.GetProperty("token").GetString()!;
        using var socket = await h.ConnectAsync(V2, token: token);

        Assert.AreEqual(200, (int)response.StatusCode);
        Assert.AreEqual(64, identity.Length);
        Assert.AreEqual(identity, h.OnlyClient().IdentityHex.ToLowerInvariant(), "the identity is the big-endian hex of the one the socket then gets");
    }

    [TestMethod]
    [DataRow("9")]
    [DataRow("10")]
    public async Task Schema_2xServer_ReadsBackAsTheSimulatedModule(string version)
    {
        await using HostHarness h = await HostHarness.StartAsync("2.8.3");

        string json = await HostHarness.Http.GetStringAsync(new Uri(h.Host.Uri, $"v1/database/{HostHarness.Db}/schema?version={version}"));
        ModuleSchema schema = version == "10" ? ModuleDefJson.ReadV10(json) : ModuleDefJson.ReadV9(json);
        ModuleSchema expected = (await new SimulatedModuleSchemaSource(h.Server, HostHarness.Db).FetchAsync()).Schema;

        CollectionAssert.AreEqual(expected.Tables.Select(t => t.Name).ToArray(), schema.Tables.Select(t => t.Name).ToArray());
        foreach (TableSchema table in expected.Tables)
        {
            TableSchema live = schema.Tables.Single(t => t.Name == table.Name);
            CollectionAssert.AreEqual(table.Columns.Select(c => c.Name + ":" + c.Type).ToArray(), live.Columns.Select(c => c.Name + ":" + c.Type).ToArray());
            CollectionAssert.AreEqual(table.PrimaryKey.ToArray(), live.PrimaryKey.ToArray());
            Assert.AreEqual(table.Access, live.Access);
        }

        CollectionAssert.AreEqual(new[] { "set_score" }, schema.Reducers.Select(r => r.Name).ToArray());
        Assert.AreEqual(2, schema.Reducers[0].Parameters.Count);
    }

    [TestMethod]
    public async Task Schema_1xServerVersion10_RefusedWith400SoTheFetcherFallsBack()
    {
        await using HostHarness h = await HostHarness.StartAsync("1.12.0");

        using HttpResponseMessage response = await HostHarness.Http.GetAsync(new Uri(h.Host.Uri, $"v1/database/{HostHarness.Db}/schema?version=10"));

        Assert.AreEqual(400, (int)response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "unknown variant `10`, expected `9`");
    }

    [TestMethod]
    public async Task Schema_UnknownDatabase_404()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        using HttpResponseMessage response = await HostHarness.Http.GetAsync(new Uri(h.Host.Uri, "v1/database/nope/schema?version=9"));

        Assert.AreEqual(404, (int)response.StatusCode);
    }

    [TestMethod]
    [DataRow("2.8.3", 10, "2.8.3")]
    [DataRow("1.12.0", 9, "1.12.0")]
    public async Task HttpModuleSchemaSource_AgainstTheHost_FetchesTheLiveSchema(string serverVersion, int defVersion, string reported)
    {
        await using HostHarness h = await HostHarness.StartAsync(serverVersion);
        var source = new HttpModuleSchemaSource(HostHarness.Http, new SchemaFetcherOptions { ServerUri = h.Host.Uri, DatabaseName = HostHarness.Db, MaxRetryAttempts = 0 });

        FetchedModuleSchema fetched = await source.FetchAsync();

        Assert.AreEqual(defVersion, fetched.ModuleDefVersion);
        Assert.AreEqual(reported, fetched.ServerVersion);
        CollectionAssert.AreEquivalent(new[] { "player", "score" }, fetched.Schema.Tables.Select(t => t.Name).ToArray());
    }

    [TestMethod]
    public async Task Sql_NoHandler_ServedByTheSimulatedSqlEndpoint()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        using HttpResponseMessage response = await HostHarness.Http.PostAsync(new Uri(h.Host.Uri, $"v1/database/{HostHarness.Db}/sql"), new StringContent("SELECT COUNT(*) AS n FROM score"));
        string body = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(200, (int)response.StatusCode);
        StringAssert.Contains(body, "\"rows\"");
    }

    [TestMethod]
    public async Task Sql_UnknownDatabase_404()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        using HttpResponseMessage response = await HostHarness.Http.PostAsync(new Uri(h.Host.Uri, "v1/database/nope/sql"), new StringContent("SELECT * FROM score"));

        Assert.AreEqual(404, (int)response.StatusCode);
    }

    [TestMethod]
    public async Task Sql_Handler_GetsTheDatabaseAndTheBodyAndAnswers()
    {
        (string Db, string Sql) seen = default;
        var options = new SimulatedHostOptions { SqlHandler = (db, sql) => { seen = (db, sql); return (200, "application/json", "[]"); } };
        await using HostHarness h = await HostHarness.StartAsync(options: options);

        using HttpResponseMessage response = await HostHarness.Http.PostAsync(new Uri(h.Host.Uri, $"v1/database/{HostHarness.Db}/sql"), new StringContent("SELECT * FROM score", Encoding.UTF8, "text/plain"));

        Assert.AreEqual(200, (int)response.StatusCode);
        Assert.AreEqual("[]", await response.Content.ReadAsStringAsync());
        Assert.AreEqual((HostHarness.Db, "SELECT * FROM score"), seen);
    }

    [TestMethod]
    public async Task Subscribe_V2SubprotocolOnA1xServer_400NoValidProtocolSelected()
    {
        await using HostHarness h = await HostHarness.StartAsync("1.12.0");

        var (status, body) = await h.UpgradeAsync(new[] { V2 });

        Assert.AreEqual(400, status);
        Assert.AreEqual("no valid protocol selected", body);
    }

    [TestMethod]
    public async Task Subscribe_NoSubprotocol_400NoValidProtocolSelected()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        var (status, body) = await h.UpgradeAsync(Array.Empty<string>());

        Assert.AreEqual(400, status);
        Assert.AreEqual("no valid protocol selected", body);
    }

    [TestMethod]
    public async Task Subscribe_BothOffered_2xServerPicksV2()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.AddSubProtocol(V1);
        socket.Options.AddSubProtocol(V2);

        await socket.ConnectAsync(h.SubscribeUri(), default);

        Assert.AreEqual(V2, socket.SubProtocol);
    }

    [TestMethod]
    public async Task Subscribe_UnknownDatabase_404()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        var (status, _) = await h.UpgradeAsync(new[] { V2 }, db: "nope");

        Assert.AreEqual(404, status);
    }

    [TestMethod]
    public async Task Subscribe_AllZeroConnectionId_400()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(h.Host.Uri, $"v1/database/{HostHarness.Db}/subscribe?connection_id={new string('0', 32)}"));

        using HttpResponseMessage response = await HostHarness.Http.SendAsync(request);

        Assert.AreEqual(400, (int)response.StatusCode);
        Assert.AreEqual("Invalid connection ID: the all-zeros ConnectionId is reserved.", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Subscribe_UnknownCompression_400()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        var (status, body) = await h.UpgradeAsync(new[] { V2 }, query: "compression=Zstd");

        Assert.AreEqual(400, status);
        StringAssert.Contains(body, "unknown variant `Zstd`");
    }

    [TestMethod]
    public async Task Subscribe_UnknownToken_401()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.AddSubProtocol(V2);
        socket.Options.SetRequestHeader("Authorization", "Bearer not-a-token");
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsExactlyAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(h.SubscribeUri(), default));

        Assert.AreEqual(System.Net.HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }
}
