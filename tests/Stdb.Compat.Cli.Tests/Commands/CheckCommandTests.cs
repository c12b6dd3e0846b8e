using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Cli.Tests.Commands;

[TestClass]
public sealed class CheckCommandTests
{
    private static readonly HttpClient Http = new();

    internal static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    internal static string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), "stdb-compat-tests-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, content);
        return path;
    }

    internal static string ManifestFile()
    {
        var u64 = AlgebraicType.Primitive(AlgebraicTypeKind.U64);
        var str = AlgebraicType.Primitive(AlgebraicTypeKind.String);
        var status = AlgebraicType.Sum(new AlgebraicTypeMember("Active", AlgebraicType.Unit), new AlgebraicTypeMember("Banned", AlgebraicType.Unit));
        var manifest = new BindingsManifest
        {
            SdkMajor = 2,
            WireNamePolicy = WireNamePolicy.SnakeCase,
            Typespace = new[] { status },
            Tables = new[]
            {
                new ManifestTable
                {
                    WireName = "person",
                    AccessorName = "Person",
                    Columns = new[]
                    {
                        new ManifestColumn(0, "Id", "ulong", u64),
                        new ManifestColumn(1, "Name", "string", str),
                        new ManifestColumn(2, "Owner", "SpacetimeDB.Identity", AlgebraicType.Product(new AlgebraicTypeMember("__identity__", AlgebraicType.Primitive(AlgebraicTypeKind.U256)))),
                        new ManifestColumn(3, "CreatedAt", "SpacetimeDB.Timestamp", AlgebraicType.Product(new AlgebraicTypeMember("__timestamp_micros_since_unix_epoch__", AlgebraicType.Primitive(AlgebraicTypeKind.I64)))),
                        new ManifestColumn(4, "Nickname", "string?", AlgebraicType.Option(str)),
                        new ManifestColumn(5, "Status", "Status", AlgebraicType.Ref(0)),
                    },
                    PrimaryKey = new[] { 0 },
                },
            },
            Reducers = new[] { new ManifestReducer { WireName = "add_person", AccessorName = "AddPerson", Parameters = new[] { new ManifestColumn(0, "name", "string", str) } } },
        };
        return TempFile(BindingsManifestJson.Write(manifest));
    }

    internal static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(output, error, OutputRedirected: true, Http) { Time = new FakeTimeProvider() };
        var code = await new StdbCompatCli(env).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public async Task Check_OfflineSameModule_ExitsZeroWithPlainText()
    {
        var (code, output, _) = await RunAsync("check", "--manifest", ManifestFile(), "--schema", Data("handmade-v10-small-module.json"));

        Assert.AreEqual(0, code, output);
        StringAssert.StartsWith(output, "verdict: Compatible ");
        StringAssert.Contains(output, "AddReducer");
        Assert.IsFalse(output.Contains('┌', StringComparison.Ordinal), "redirected output is plain");
    }

    [TestMethod]
    public async Task Check_OfflineColumnTypeChanged_ExitsTwoWithStableJson()
    {
        var schema = TempFile(File.ReadAllText(Data("handmade-v10-small-module.json")).Replace("\"U64\": []", "\"U32\": []", StringComparison.Ordinal));

        var (code, output, _) = await RunAsync("check", "--manifest", ManifestFile(), "--schema", schema, "--format", "json");

        Assert.AreEqual(2, code);
        using var doc = JsonDocument.Parse(output);
        Assert.AreEqual(1, doc.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.AreEqual("Incompatible", doc.RootElement.GetProperty("verdict").GetString());
        var change = doc.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "ChangeColumnType");
        Assert.AreEqual("tables/person/columns/0", change.GetProperty("path").GetString());
        Assert.AreEqual("Breaking", change.GetProperty("criticality").GetString());
        Assert.IsTrue(change.GetProperty("affectsApp").GetBoolean());
    }

    [TestMethod]
    public async Task Check_WarningsOnly_ExitsOneOnlyWithFailOnWarnings()
    {
        // A primary key removal is Dangerous.
        var schema = TempFile(File.ReadAllText(Data("handmade-v10-small-module.json")).Replace("\"primary_key\": [\n            0\n          ]", "\"primary_key\": []", StringComparison.Ordinal));

        var plain = await RunAsync("check", "--manifest", ManifestFile(), "--schema", schema);
        var strict = await RunAsync("check", "--manifest", ManifestFile(), "--schema", schema, "--fail-on-warnings", "--format", "markdown");

        Assert.AreEqual(0, plain.Code, plain.Out);
        Assert.AreEqual(1, strict.Code, strict.Out);
        StringAssert.Contains(strict.Out, "| Dangerous | Automatic | ChangePrimaryKey | `tables/person/primary_key` |");
    }

    [TestMethod]
    public async Task Check_UnusedTableBroken_UsageOptionMakesItAWarning()
    {
        var schema = TempFile(File.ReadAllText(Data("handmade-v10-small-module.json")).Replace("\"U64\": []", "\"U32\": []", StringComparison.Ordinal));

        var (code, _, _) = await RunAsync("check", "--manifest", ManifestFile(), "--schema", schema, "--tables", "other", "--fail-on-warnings");

        Assert.AreEqual(1, code);
    }

    [TestMethod]
    [DataRow("check")]
    [DataRow("check", "--manifest")]
    [DataRow("frobnicate")]
    public async Task Run_BadArguments_ExitsThree(params string[] args)
    {
        var (code, _, err) = await RunAsync(args);

        Assert.AreEqual(3, code);
        Assert.IsFalse(string.IsNullOrWhiteSpace(err));
    }

    [TestMethod]
    public async Task Check_NeitherSchemaNorServer_ExitsThree()
    {
        var (code, _, err) = await RunAsync("check", "--manifest", ManifestFile());

        Assert.AreEqual(3, code);
        StringAssert.Contains(err, "--schema");
    }

    [TestMethod]
    public async Task Check_MissingManifestFile_ExitsThree()
    {
        var (code, _, _) = await RunAsync("check", "--manifest", Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid() + ".json"), "--schema", Data("handmade-v10-small-module.json"));

        Assert.AreEqual(3, code);
    }

    [TestMethod]
    public async Task Check_LiveServer_FetchesAndExitsZero()
    {
        await using var app = await StartServerAsync(ctx => ctx.Request.Path == "/v1/health"
            ? Write(ctx, 200, "{\"version\":\"2.8.3\"}")
            : Write(ctx, 200, File.ReadAllText(Data("handmade-v10-small-module.json"))));
        var uri = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var (code, output, err) = await RunAsync("check", "--manifest", ManifestFile(), "--server", uri, "--database", "people", "--format", "json");

        Assert.AreEqual(0, code, err);
        using var doc = JsonDocument.Parse(output);
        Assert.AreEqual("2.8.3", doc.RootElement.GetProperty("serverVersion").GetString());
        Assert.AreEqual("ModuleDefV10", doc.RootElement.GetProperty("liveSource").GetString());
    }

    [TestMethod]
    public async Task Check_LiveServerUnknownDatabase_ExitsThree()
    {
        await using var app = await StartServerAsync(ctx => Write(ctx, 404, "`people` not found"));
        var uri = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var (code, _, err) = await RunAsync("check", "--manifest", ManifestFile(), "--server", uri, "--database", "people");

        Assert.AreEqual(3, code);
        StringAssert.Contains(err, "DatabaseNotFound");
    }

    private static async Task Write(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        await ctx.Response.WriteAsync(body);
    }

    private static async Task<WebApplication> StartServerAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return app;
    }
}
