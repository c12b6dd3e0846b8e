using System;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class MigrationReportTests
{
    private static readonly MigrationReport Report = new()
    {
        Name = "items",
        Status = MigrationRunStatus.Completed,
        SourceRows = 10,
        Written = 9,
        Batches = 2,
        Rejected = new[] { new MigrationRejectedRow("7", "unlucky | value") },
        Verification = new[] { new TableVerification { Table = "item", SourceCount = 9, TargetCount = 9, SourceHash = "ab", TargetHash = "ab" } },
        Duration = TimeSpan.FromSeconds(3),
    };

    [TestMethod]
    public void ToJson_HasTheCountsRejectionsAndVerification()
    {
        using var doc = JsonDocument.Parse(Report.ToJson());

        Assert.AreEqual("Completed", doc.RootElement.GetProperty("status").GetString());
        Assert.AreEqual(9, doc.RootElement.GetProperty("written").GetInt64());
        Assert.AreEqual("unlucky | value", doc.RootElement.GetProperty("rejected")[0].GetProperty("reason").GetString());
        Assert.IsTrue(doc.RootElement.GetProperty("verification")[0].GetProperty("matches").GetBoolean());
        Assert.IsTrue(doc.RootElement.GetProperty("succeeded").GetBoolean());
    }

    [TestMethod]
    public void ToMarkdown_EscapesCellsAndShowsTheVerdict()
    {
        var md = Report.ToMarkdown();

        StringAssert.Contains(md, "## Migration `items` (Copy): Completed");
        StringAssert.Contains(md, "unlucky \\| value");
        StringAssert.Contains(md, "| item | match | 9 | 9 |");
    }
}
