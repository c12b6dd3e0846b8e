using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Host.Tests.Support;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Testing.Host.Tests.Cli;

/// <summary>The stdb-compat CLI, as its own process, against the host over HTTP.</summary>
[TestClass]
public sealed class CliAgainstHostTests
{
    [TestMethod]
    [DataRow("2.8.3", "ModuleDefV10")]
    [DataRow("1.12.0", "ModuleDefV9")]
    public async Task Check_MatchingManifest_ExitsZeroAndReportsTheLiveServer(string version, string source)
    {
        await using HostHarness h = await HostHarness.StartAsync(version);

        var (code, output, error) = await RunCliAsync("check", "--manifest", ManifestFile(withExtraColumn: false), "--server", h.Host.Uri.ToString(), "--database", HostHarness.Db, "--format", "json");

        Assert.AreEqual(0, code, error + output);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.AreEqual(version, doc.RootElement.GetProperty("serverVersion").GetString());
        Assert.AreEqual(source, doc.RootElement.GetProperty("liveSource").GetString());
    }

    [TestMethod]
    public async Task Check_BindingsExpectAColumnTheLiveModuleLacks_ExitsTwo()
    {
        await using HostHarness h = await HostHarness.StartAsync();

        var (code, output, error) = await RunCliAsync("check", "--manifest", ManifestFile(withExtraColumn: true), "--server", h.Host.Uri.ToString(), "--database", HostHarness.Db);

        Assert.AreEqual(2, code, error + output);
    }

    [TestMethod]
    public async Task Diff_SchemasFetchedFromTheHost_ReportsTheAddedTable()
    {
        await using HostHarness h = await HostHarness.StartAsync();
        h.Server.Publish("game2", HostHarness.Module(ModuleDefVersion.V10).Table("guild", t => t.Column("id", SimType.U32).PrimaryKey("id")));
        string before = await SaveSchemaAsync(h, HostHarness.Db);
        string after = await SaveSchemaAsync(h, "game2");

        var (code, output, error) = await RunCliAsync("diff", before, after);

        Assert.AreNotEqual(3, code, error);
        StringAssert.Contains(output, "guild");
    }

    private static async Task<string> SaveSchemaAsync(HostHarness h, string db)
    {
        string json = await HostHarness.Http.GetStringAsync(new Uri(h.Host.Uri, $"v1/database/{db}/schema?version=10"));
        string path = Path.Combine(Path.GetTempPath(), $"stdb-compat-host-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    private static string ManifestFile(bool withExtraColumn)
    {
        AlgebraicType u32 = AlgebraicType.Primitive(AlgebraicTypeKind.U32);
        var scoreColumns = new System.Collections.Generic.List<ManifestColumn> { new(0, "Id", "uint", u32), new(1, "Points", "uint", u32) };
        if (withExtraColumn)
        {
            scoreColumns.Add(new ManifestColumn(2, "Bonus", "uint", u32));
        }

        var manifest = new BindingsManifest
        {
            SdkMajor = 2,
            WireNamePolicy = WireNamePolicy.SnakeCase,
            Tables = new[]
            {
                new ManifestTable
                {
                    WireName = "player",
                    AccessorName = "Player",
                    Columns = new[] { new ManifestColumn(0, "Id", "ulong", AlgebraicType.Primitive(AlgebraicTypeKind.U64)), new ManifestColumn(1, "Name", "string", AlgebraicType.Primitive(AlgebraicTypeKind.String)) },
                    PrimaryKey = new[] { 0 },
                },
                new ManifestTable { WireName = "score", AccessorName = "Score", Columns = scoreColumns, PrimaryKey = new[] { 0 } },
            },
            Reducers = new[] { new ManifestReducer { WireName = "set_score", AccessorName = "SetScore", Parameters = new[] { new ManifestColumn(0, "id", "uint", u32), new ManifestColumn(1, "points", "uint", u32) } } },
        };
        string path = Path.Combine(Path.GetTempPath(), $"stdb-compat-host-manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, BindingsManifestJson.Write(manifest));
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stdb-compat.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
