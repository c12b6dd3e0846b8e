using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Generators.Tests.TestSupport;

namespace Stdb.Compat.Generators.Tests;

/// <summary>
/// One whole generated driver (the Showcase bindings in the 2.x shape) compared textually with a checked-in copy, so
/// every change to the emitted code shows up in review. After an intended change, rerun with
/// STDB_COMPAT_UPDATE_GOLDEN=1 and review the diff of Golden/Showcase.Sdk2.GameDriver.g.cs.txt.
/// </summary>
[TestClass]
public sealed class GoldenDriverTests
{
    [TestMethod]
    public void Generate_ShowcaseSdk2_EqualsGoldenDriver()
    {
        var input = GeneratorHarness.Compile(
            GeneratorHarness.FixtureBindings("Showcase.Sdk2"),
            GeneratorHarness.StandIn(2)).AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                GeneratorHarness.Driver("Game", "GameDriver", "global::SpacetimeDB.DbConnection").Text, GeneratorHarness.ParseOptions, "Driver/Game.GameDriver.cs"));
        var actual = GeneratorHarness.Run(input).GeneratedText().Replace("\r\n", "\n", StringComparison.Ordinal);
        var path = Path.Combine(GeneratorHarness.RepositoryRoot(), "tests", "Stdb.Compat.Generators.Tests", "Golden", "Showcase.Sdk2.GameDriver.g.cs.txt");

        if (Environment.GetEnvironmentVariable("STDB_COMPAT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.AreEqual(expected, actual, "The generated driver differs from " + path + "; if intended, rerun with STDB_COMPAT_UPDATE_GOLDEN=1 and review the diff.");
    }
}
