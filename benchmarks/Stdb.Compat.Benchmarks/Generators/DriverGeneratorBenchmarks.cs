using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stdb.Compat.Generators;

namespace Stdb.Compat.Benchmarks.Generators;

/// <summary>
/// The Stdb.Compat driver generator over synthetic 2.8-shaped bindings with 200 tables and 300 reducers, against the
/// baseline of compiling (emitting) those bindings alone. Each iteration starts from a fresh compilation of pre-parsed trees.
/// </summary>
[MemoryDiagnoser]
public class DriverGeneratorBenchmarks
{
    private const int TableCount = 200;
    private const int ReducerCount = 300;

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;
    private CSharpParseOptions _parseOptions = CSharpParseOptions.Default;

    [GlobalSetup]
    public void Setup()
    {
        _parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        _trees = SyntheticBindings.Sources(TableCount, ReducerCount)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, _parseOptions, s.Path))
            .ToImmutableArray();
        _references = SyntheticBindings.References();

        var (compilation, generated) = RunGenerator();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || generated != 1)
        {
            throw new InvalidOperationException($"Synthetic bindings do not generate cleanly ({generated} drivers): " + string.Join("\n", errors.Take(10)));
        }
    }

    /// <summary>Baseline: compile the bindings alone (bind everything and emit IL).</summary>
    [Benchmark(Baseline = true)]
    public long CompileBindings()
    {
        using var stream = new MemoryStream();
        var result = NewCompilation().Emit(stream);
        return result.Success ? stream.Length : -1;
    }

    /// <summary>The generator alone over a fresh compilation of the same bindings.</summary>
    [Benchmark]
    public int RunGeneratorOnly() => RunGenerator().Generated;

    /// <summary>The whole build with the generator: generate, then compile bindings plus driver.</summary>
    [Benchmark]
    public long GenerateAndCompile()
    {
        var (compilation, _) = RunGenerator();
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        return result.Success ? stream.Length : -1;
    }

    private CSharpCompilation NewCompilation() => CSharpCompilation.Create(
        "Synthetic.Bindings",
        _trees,
        _references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private (Compilation Output, int Generated) RunGenerator()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DriverGenerator().AsSourceGenerator() }, parseOptions: _parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out _);
        return (output, driver.GetRunResult().GeneratedTrees.Length);
    }
}

/// <summary>Synthetic bindings in the shape <c>spacetime generate</c> 2.8 emits, over the fixture's connection and contexts.</summary>
internal static class SyntheticBindings
{
    public static ImmutableArray<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll");
        var own = new[]
        {
            typeof(Stdb.Compat.Driver.IConnectionDriver).Assembly.Location,
            typeof(SpacetimeDB.Identity).Assembly.Location,
        };
        return platform.Concat(own).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    public static IEnumerable<(string Path, string Text)> Sources(int tables, int reducers)
    {
        var root = RepositoryRoot();
        var fixture = Path.Combine(root, "tests", "SdkStandIns", "Fixtures", "V2Module.Sdk2");
        foreach (var file in Directory.EnumerateFiles(fixture, "*.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            if (file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || file.Contains(Path.DirectorySeparatorChar + "Driver" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            yield return (file, File.ReadAllText(file));
        }

        // The fixture brings 2 tables and 2 reducers; add the rest.
        for (var t = 0; t < tables - 2; t++)
        {
            yield return ("Synthetic/Tables/T" + t.ToString(CultureInfo.InvariantCulture) + ".g.cs", Table(t));
        }

        for (var r = 0; r < reducers - 2; r++)
        {
            yield return ("Synthetic/Reducers/R" + r.ToString(CultureInfo.InvariantCulture) + ".g.cs", Reducer(r));
        }

        yield return ("Driver/GameDriver.cs", "namespace Game { [global::Stdb.Compat.Driver.StdbCompatDriver(typeof(global::SpacetimeDB.Types.DbConnection))] public sealed partial class GameDriver { } }");
    }

    private static string Table(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        return $$"""
            // This was generated using spacetimedb cli version 2.8.3.
            #nullable enable
            using System.IO;
            using System.Runtime.Serialization;
            namespace SpacetimeDB.Types
            {
                [SpacetimeDB.Type]
                [DataContract]
                public sealed partial class Row{{n}} : SpacetimeDB.BSATN.IStructuralReadWrite
                {
                    [DataMember(Name = "id")] public ulong Id;
                    [DataMember(Name = "name")] public string Name = "";
                    [DataMember(Name = "level")] public uint Level;
                    [DataMember(Name = "nickname")] public string? Nickname;
                    [DataMember(Name = "owner")] public SpacetimeDB.Identity Owner;
                    [DataMember(Name = "score")] public long Score;
                    public void ReadFields(BinaryReader reader) { }
                    public void WriteFields(BinaryWriter writer) { }
                    public object GetSerializer() => this;
                }

                public sealed partial class RemoteTables
                {
                    public sealed class T{{n}}Handle : RemoteTableHandle<EventContext, Row{{n}}>
                    {
                        public override string RemoteTableName => "t_{{n}}";

                        public sealed class IdUniqueIndex : UniqueIndexBase<ulong>
                        {
                            protected override ulong GetKey(Row{{n}} row) => row.Id;
                            public IdUniqueIndex(T{{n}}Handle table) : base(table) { }
                        }

                        public readonly IdUniqueIndex Id;

                        public sealed class LevelIndex : BTreeIndexBase<uint>
                        {
                            protected override uint GetKey(Row{{n}} row) => row.Level;
                            public LevelIndex(T{{n}}Handle table) : base(table) { }
                        }

                        public readonly LevelIndex Level;

                        internal T{{n}}Handle(DbConnection conn) : base(conn)
                        {
                            Id = new(this);
                            Level = new(this);
                        }

                        protected override object GetPrimaryKey(Row{{n}} row) => row.Id;
                    }

                    public readonly T{{n}}Handle T{{n}} = null!;
                }
            }
            """;
    }

    private static string Reducer(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        return $$"""
            // This was generated using spacetimedb cli version 2.8.3.
            #nullable enable
            using System.IO;
            using System.Runtime.Serialization;
            namespace SpacetimeDB.Types
            {
                public sealed partial class RemoteReducers : RemoteBase
                {
                    public delegate void R{{n}}Handler(ReducerEventContext ctx, ulong target, string note);
                    public event R{{n}}Handler? OnR{{n}};

                    public void R{{n}}(ulong target, string note)
                    {
                        conn.InternalCallReducer(new Reducer.R{{n}}(target, note));
                    }
                }

                public abstract partial class Reducer
                {
                    [SpacetimeDB.Type]
                    [DataContract]
                    public sealed partial class R{{n}} : Reducer, IReducerArgs
                    {
                        [DataMember(Name = "target")] public ulong Target;
                        [DataMember(Name = "note")] public string Note = "";
                        public R{{n}}() { }
                        public R{{n}}(ulong Target, string Note) { this.Target = Target; this.Note = Note; }
                        string IReducerArgs.ReducerName => "r_{{n}}";
                        public void ReadFields(BinaryReader reader) { }
                        public void WriteFields(BinaryWriter writer) { }
                        public object GetSerializer() => this;
                    }
                }
            }
            """;
    }

    private static string RepositoryRoot()
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
}
