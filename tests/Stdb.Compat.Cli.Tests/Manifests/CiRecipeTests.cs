using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Cli.Tests.Commands;

namespace Stdb.Compat.Cli.Tests.Manifests;

/// <summary>
/// The CI recipe of docs/cli.md, step by step from a fresh folder: build the bindings (the fixture project is built
/// before this test project), <c>stdb-compat manifest</c> on its output, then <c>stdb-compat check</c> against a saved
/// module definition (TestData/CiRecipe): the same module (exit 0) and one whose <c>player.score</c> widened (exit 2).
/// </summary>
[TestClass]
public sealed class CiRecipeTests
{
    [TestMethod]
    public async Task CiRecipe_SavedModuleMatchesTheBindings_ExitsZero()
    {
        var manifest = await WriteManifestAsync();

        var (code, output, error) = await CheckCommandTests.RunAsync("check", "--manifest", manifest, "--schema", CheckCommandTests.Data("CiRecipe/game-v2.module.json"));

        Assert.AreEqual(0, code, output + error);
        StringAssert.StartsWith(output, "verdict: Compatible");
    }

    [TestMethod]
    public async Task CiRecipe_SavedModuleChangedAColumnType_ExitsTwo()
    {
        var manifest = await WriteManifestAsync();

        var (code, output, _) = await CheckCommandTests.RunAsync("check", "--manifest", manifest, "--schema", CheckCommandTests.Data("CiRecipe/game-v2-score-widened.module.json"));

        Assert.AreEqual(2, code, output);
        StringAssert.StartsWith(output, "verdict: Incompatible");
        StringAssert.Contains(output, "tables/player/columns/2");
    }

    private static async Task<string> WriteManifestAsync()
    {
        var path = Path.Combine(FixtureAssemblies.FreshDirectory(), "game.manifest.json");
        var (code, _, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.GameBindings, "--out", path);
        Assert.AreEqual(0, code, error);
        return path;
    }
}
