using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Stdb.Compat.Cli.Tests.Commands.CheckCommandTests;

namespace Stdb.Compat.Cli.Tests.Commands;

[TestClass]
public sealed class DiffCommandTests
{
    [TestMethod]
    public async Task Diff_V9AgainstV10OfSameModule_ExitsZero()
    {
        var (code, output, _) = await RunAsync("diff", Data("handmade-v9-small-module.json"), Data("handmade-v10-small-module.json"));

        Assert.AreEqual(0, code);
        StringAssert.StartsWith(output, "verdict: Compatible ");
    }

    [TestMethod]
    public async Task Diff_TableRemoved_ExitsTwo()
    {
        var (code, output, _) = await RunAsync("diff", Data("handmade-v9-small-module.json"), Data("docs-http-database-v9-example.json"), "--format", "markdown");

        Assert.AreEqual(2, code);
        StringAssert.Contains(output, "## Schema compatibility: Incompatible");
    }

    [TestMethod]
    public async Task Diff_ManifestAgainstModule_AcceptsBothFormats()
    {
        var (code, _, err) = await RunAsync("diff", ManifestFile(), Data("handmade-v10-small-module.json"));

        Assert.AreEqual(0, code, err);
    }

    [TestMethod]
    public async Task Diff_SumGainsPayloadVariant_JsonCarriesThePlannersRefusal()
    {
        var (_, output, err) = await RunAsync("diff", Data("Planner/sum_payload_variant.old.json"), Data("Planner/sum_payload_variant.new.json"), "--format", "json");

        using var doc = JsonDocument.Parse(output);
        Assert.AreEqual("ManualMigration", doc.RootElement.GetProperty("migration").GetString(), err);
        Assert.IsTrue(doc.RootElement.GetProperty("migrationRequired").GetBoolean());
        var errors = doc.RootElement.GetProperty("plan").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToArray();
        CollectionAssert.AreEquivalent(new[] { "ChangeColumnTypeSizeMismatch", "ChangeColumnTypeAlignMismatch" }, errors);
        var change = doc.RootElement.GetProperty("changes").EnumerateArray().Single();
        Assert.AreEqual("Dangerous", change.GetProperty("criticality").GetString());
        Assert.AreEqual("ManualMigration", change.GetProperty("migration").GetString());
    }

    [TestMethod]
    public async Task Diff_ScheduleAdded_MarkdownShowsClientImpactAndPlannerColumns()
    {
        var (_, output, _) = await RunAsync("diff", Data("Planner/schedule_added.old.json"), Data("Planner/schedule_added.new.json"), "--format", "markdown");

        StringAssert.Contains(output, "| client impact | planner | kind |");
        StringAssert.Contains(output, "| NonBreaking | Automatic (AlwaysFails) | AddSchedule |");
        StringAssert.Contains(output, "1 accepted step(s) may fail when the server executes them");
    }

    [TestMethod]
    public async Task Diff_ScheduleAdded_PlainTextNamesBothDimensions()
    {
        var (_, output, _) = await RunAsync("diff", Data("Planner/schedule_added.old.json"), Data("Planner/schedule_added.new.json"));

        StringAssert.Contains(output, "planner: Automatic");
        StringAssert.Contains(output, "client impact: NonBreaking");
    }

    [TestMethod]
    public async Task Diff_InvalidJson_ExitsThreeWithPath()
    {
        var bad = TempFile("{\"sections\": [{\"Typespace\": 5}]}");

        var (code, _, err) = await RunAsync("diff", bad, Data("handmade-v10-small-module.json"));

        Assert.AreEqual(3, code);
        StringAssert.Contains(err, "$.sections[0].Typespace");
    }
}
