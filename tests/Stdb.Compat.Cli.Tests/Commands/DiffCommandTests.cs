using System;
using System.IO;
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
    public async Task Diff_InvalidJson_ExitsThreeWithPath()
    {
        var bad = TempFile("{\"sections\": [{\"Typespace\": 5}]}");

        var (code, _, err) = await RunAsync("diff", bad, Data("handmade-v10-small-module.json"));

        Assert.AreEqual(3, code);
        StringAssert.Contains(err, "$.sections[0].Typespace");
    }
}
