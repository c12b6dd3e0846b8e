using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Generators.Tests.TestSupport;

namespace Stdb.Compat.Generators.Tests;

/// <summary>
/// Unity compiles the app (bindings + generated driver) as a netstandard2.1 library at C# 9: the generator's output must
/// compile there with zero diagnostics, against both stand-in shapes, for every fixture set.
/// </summary>
[TestClass]
public sealed class UnityCompileTests
{
    private static readonly CSharpParseOptions CSharp9 = new(LanguageVersion.CSharp9);

    private static string Metadata(string key) =>
        typeof(UnityCompileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [TestMethod]
    [DataRow("V1Module.Sdk1", 1, "global::SpacetimeDB.Types.DbConnection")]
    [DataRow("V2Module.Sdk1", 1, "global::SpacetimeDB.Types.DbConnection")]
    [DataRow("V2Module.Sdk2", 2, "global::SpacetimeDB.Types.DbConnection")]
    [DataRow("Showcase.Sdk1", 1, "global::SpacetimeDB.DbConnection")]
    [DataRow("Showcase.Sdk2", 2, "global::SpacetimeDB.DbConnection")]
    public void Generate_FixtureAsNetStandard21AtCSharp9_CompilesWithoutDiagnostics(string fixture, int standIn, string connection)
    {
        var references = Directory.EnumerateFiles(Metadata("NetStandard21RefDir"), "*.dll")
            .Append(Path.Combine(string.Format(System.Globalization.CultureInfo.InvariantCulture, Metadata("StandInNetStandardDir"), "V" + standIn), $"Stdb.Compat.SdkStandIn.V{standIn}.dll"))
            .Append(Path.Combine(Metadata("CompatNetStandardDir"), "Stdb.Compat.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        // Records (the BSATN codegen's tagged-enum variants) need IsExternalInit, which netstandard2.1 lacks and the SDK
        // declares internal: a Unity app declares its own, as here.
        (string Path, string Text) isExternalInit = ("Unity/IsExternalInit.cs", "namespace System.Runtime.CompilerServices { internal static class IsExternalInit { } }");
        var sources = GeneratorHarness.FixtureBindings(fixture).Append(isExternalInit).Append(GeneratorHarness.Driver("Game", "GameDriver", connection));
        var input = CSharpCompilation.Create(
            "Unity.Bindings",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, CSharp9, s.Path)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var driver = CSharpGeneratorDriver.Create(new[] { new DriverGenerator().AsSourceGenerator() }, parseOptions: CSharp9)
            .RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);

        Assert.AreEqual(0, generatorDiagnostics.Length, string.Join("\n", generatorDiagnostics));
        Assert.AreEqual(1, driver.GetRunResult().GeneratedTrees.Length);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.AreEqual(0, problems.Count, string.Join("\n", problems.Take(20)));
    }
}
