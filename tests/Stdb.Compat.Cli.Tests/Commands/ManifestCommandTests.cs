using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Cli.Tests.Manifests;
using Stdb.Compat.Schema.Manifest;

namespace Stdb.Compat.Cli.Tests.Commands;

[TestClass]
public sealed class ManifestCommandTests
{
    [TestMethod]
    public async Task Manifest_FixtureAssembly_WritesTheGeneratedManifestToStdout()
    {
        var (code, output, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.GameBindings);

        Assert.AreEqual(0, code, error);
        var manifest = BindingsManifestJson.Read(output);
        Assert.AreEqual(2, manifest.SdkMajor);
        CollectionAssert.AreEquivalent(new[] { "damage_event", "player" }, manifest.Tables.Select(t => t.WireName).ToArray());
        CollectionAssert.AreEquivalent(new[] { "create_player", "deal_damage" }, manifest.Reducers.Select(r => r.WireName).ToArray());
        Assert.AreEqual(string.Empty, error);
    }

    [TestMethod]
    public async Task Manifest_OutOption_CreatesFoldersAndWritesTheFile()
    {
        var path = Path.Combine(FixtureAssemblies.FreshDirectory(), "obj", "stdb-compat", "game.manifest.json");

        var (code, output, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.GameBindings, "--out", path);

        Assert.AreEqual(0, code, error);
        Assert.AreEqual(string.Empty, output);
        StringAssert.Contains(error, "Game.GameDriver");
        Assert.AreEqual("player", BindingsManifestJson.Read(File.ReadAllText(path)).Tables.Single(t => !t.IsEvent).WireName);
    }

    [TestMethod]
    public async Task Manifest_PackageTargetDefaultPath_HoldsTheSameManifestAsTheCommand()
    {
        var (_, output, _) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.GameBindings);

        Assert.IsTrue(File.Exists(FixtureAssemblies.GameBindingsDefaultManifest), "StdbCompatWriteManifest ran after this project's build");
        Assert.AreEqual(output.TrimEnd(), File.ReadAllText(FixtureAssemblies.GameBindingsDefaultManifest).TrimEnd());
    }

    [TestMethod]
    public async Task Manifest_MissingFile_ExitsThreeNamingTheFile()
    {
        var missing = Path.Combine(FixtureAssemblies.FreshDirectory(), "Game.dll");

        var (code, _, error) = await CheckCommandTests.RunAsync("manifest", missing);

        Assert.AreEqual(3, code);
        StringAssert.Contains(error, "FileNotFound");
        StringAssert.Contains(error, missing);
    }

    [TestMethod]
    public async Task Manifest_NotAnAssembly_ExitsThree()
    {
        var notDll = Path.Combine(FixtureAssemblies.FreshDirectory(), "Game.dll");
        await File.WriteAllTextAsync(notDll, "not a PE file");

        var (code, _, error) = await CheckCommandTests.RunAsync("manifest", notDll);

        Assert.AreEqual(3, code);
        StringAssert.Contains(error, "NotAnAssembly");
        StringAssert.Contains(error, "is not a .NET assembly");
    }

    [TestMethod]
    public async Task Manifest_AssemblyWithoutDriver_ExitsFour()
    {
        var (code, output, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.NoDriverAssembly);

        Assert.AreEqual(4, code);
        Assert.AreEqual(string.Empty, output);
        StringAssert.Contains(error, "No Stdb.Compat driver");
    }

    [TestMethod]
    public async Task Manifest_SeveralDriversWithoutDriverOption_ExitsFiveListingThem()
    {
        var (code, _, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.ThisAssembly);

        Assert.AreEqual(5, code);
        StringAssert.Contains(error, "--driver");
        StringAssert.Contains(error, typeof(ArenaDriver).FullName!);
        StringAssert.Contains(error, typeof(LobbyDriver).FullName!);
    }

    [TestMethod]
    public async Task Manifest_DriverOptionBySimpleName_WritesThatDriversManifest()
    {
        var (code, output, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.ThisAssembly, "--driver", nameof(LobbyDriver));

        Assert.AreEqual(0, code, error);
        Assert.AreEqual("lobby", BindingsManifestJson.Read(output).ModuleName);
    }

    [TestMethod]
    public async Task Manifest_UnknownDriverOption_ExitsFourListingTheDrivers()
    {
        var (code, _, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.GameBindings, "--driver", "Game.Missing");

        Assert.AreEqual(4, code);
        StringAssert.Contains(error, "No driver named 'Game.Missing'");
        StringAssert.Contains(error, "Game.GameDriver");
    }

    [TestMethod]
    public async Task Manifest_DriverThrows_ExitsSixWithTheReason()
    {
        var (code, _, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.ThisAssembly, "--driver", typeof(BrokenDriver).FullName!);

        Assert.AreEqual(6, code);
        StringAssert.Contains(error, "InvalidOperationException: manifest builder failed");
    }

    [TestMethod]
    public async Task Manifest_ListOption_ListsEveryDriverSorted()
    {
        var (code, output, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.ThisAssembly, "--list");

        Assert.AreEqual(0, code, error);
        var expected = new[] { typeof(ArenaDriver), typeof(BrokenDriver), typeof(LobbyDriver) }.Select(t => t.FullName!).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [TestMethod]
    public async Task Manifest_ListOptionWithoutDriver_ExitsFour()
    {
        var (code, output, error) = await CheckCommandTests.RunAsync("manifest", FixtureAssemblies.NoDriverAssembly, "--list");

        Assert.AreEqual(4, code);
        Assert.AreEqual(string.Empty, output);
        StringAssert.Contains(error, "NoDriver");
    }
}
