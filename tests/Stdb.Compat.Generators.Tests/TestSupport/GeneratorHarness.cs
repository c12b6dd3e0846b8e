using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stdb.Compat.Generators;

namespace Stdb.Compat.Generators.Tests.TestSupport;

/// <summary>Compiles in-memory sources against reference assemblies and runs <see cref="DriverGenerator"/> over them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> Platform = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return paths
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Concat(new[] { MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Stdb.Compat.dll")) })
            .ToImmutableArray();
    });

    /// <summary>Path of a stand-in SDK assembly (1 = 1.12 shape, 2 = 2.8 shape).</summary>
    public static string StandIn(int major) => Path.Combine(AppContext.BaseDirectory, $"Stdb.Compat.SdkStandIn.V{major}.dll");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stdb.Compat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (Stdb.Compat.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The bindings sources of a fixture (without its driver declaration).</summary>
    public static IEnumerable<(string Path, string Text)> FixtureBindings(string fixture)
    {
        var root = Path.Combine(RepositoryRoot(), "tests", "SdkStandIns", "Fixtures", fixture);
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !p.Contains(Path.DirectorySeparatorChar + "Driver" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)));
    }

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources, params string[] referencePaths) =>
        CSharpCompilation.Create(
            "Bindings.Under.Test",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
            Platform.Value.AddRange(referencePaths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        new[] { new DriverGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GenerationResult Run(CSharpCompilation input)
    {
        var driver = NewDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        return new GenerationResult(driver, output, generatorDiagnostics, driver.GetRunResult());
    }

    /// <summary>A driver declaration for a connection type.</summary>
    public static Stdb.Compat.Schema.Manifest.BindingsManifest ManifestOf(GenerationResult result)
    {
        using var image = new System.IO.MemoryStream();
        var emitted = result.Output.Emit(image);
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.IsTrue(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new System.Runtime.Loader.AssemblyLoadContext("manifest", isCollectible: true);
        try
        {
            image.Position = 0;
            var driver = context.LoadFromStream(image).GetTypes().Single(t => typeof(Stdb.Compat.Driver.IBindingsManifestSource).IsAssignableFrom(t));
            return ((Stdb.Compat.Driver.IBindingsManifestSource)System.Activator.CreateInstance(driver)!).Manifest;
        }
        finally
        {
            context.Unload();
        }
    }

    public static (string Path, string Text) Driver(string ns, string name, string connection, string modifiers = "public sealed partial") =>
        ("Driver/" + ns + "." + name + ".cs", $"namespace {ns}\n{{\n    [global::Stdb.Compat.Driver.StdbCompatDriver(typeof({connection}))]\n    {modifiers} class {name}\n    {{\n    }}\n}}\n");
}

/// <summary>What one generator run produced.</summary>
internal sealed record GenerationResult(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult RunResult)
{
    public IReadOnlyList<SyntaxTree> GeneratedTrees => RunResult.GeneratedTrees;

    public IReadOnlyList<Diagnostic> CompileErrorsAndWarnings => Output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToList();

    public string GeneratedText(int index = 0) => RunResult.GeneratedTrees[index].ToString();
}
