using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Stdb.Compat.Driver;
using Stdb.Compat.Schema.Manifest;

namespace Stdb.Compat.Cli.Tests.Manifests;

/// <summary>Paths of the built fixture bindings (tests/SdkStandIns/Fixtures/V2Module.Sdk2) and of this test assembly.</summary>
internal static class FixtureAssemblies
{
    /// <summary>Game.Bindings.V2.Sdk2.dll in the fixture's own bin folder (built before these tests, not referenced).</summary>
    public static string GameBindings => Metadata("FixtureBindingsAssembly");

    /// <summary>Where the package's MSBuild target wrote the fixture's manifest by default (obj/…/stdb-compat/).</summary>
    public static string GameBindingsDefaultManifest => Metadata("FixtureDefaultManifestPath");

    /// <summary>The SDK stand-in next to the fixture: a .NET assembly without a driver.</summary>
    public static string NoDriverAssembly => Path.Combine(Path.GetDirectoryName(GameBindings)!, "Stdb.Compat.SdkStandIn.V2.dll");

    /// <summary>This test assembly: it declares the two drivers below (and one that throws).</summary>
    public static string ThisAssembly => typeof(FixtureAssemblies).Assembly.Location;

    public static string FreshDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "stdb-compat-ci-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Metadata(string key) => typeof(FixtureAssemblies).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// <summary>A second driver in one assembly (with <see cref="LobbyDriver"/>): <c>manifest</c> must ask for --driver.</summary>
internal sealed class ArenaDriver : IBindingsManifestSource
{
    public BindingsManifest Manifest => new() { SdkMajor = 2, WireNamePolicy = WireNamePolicy.SnakeCase, ModuleName = "arena" };
}

/// <summary>See <see cref="ArenaDriver"/>.</summary>
internal sealed class LobbyDriver : IBindingsManifestSource
{
    public BindingsManifest Manifest => new() { SdkMajor = 1, WireNamePolicy = WireNamePolicy.SnakeCase, ModuleName = "lobby" };
}

/// <summary>A driver whose manifest cannot be built.</summary>
internal sealed class BrokenDriver : IBindingsManifestSource
{
    public BindingsManifest Manifest => throw new InvalidOperationException("manifest builder failed");
}
