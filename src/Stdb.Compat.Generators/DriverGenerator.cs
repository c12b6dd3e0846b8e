using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Stdb.Compat.Generators.Discovery;
using Stdb.Compat.Generators.Emit;
using Stdb.Compat.Generators.Model;

namespace Stdb.Compat.Generators;

/// <summary>
/// Emits a Stdb.Compat driver (<c>IConnectionDriver</c> + schema manifest) for every partial class marked
/// <c>[StdbCompatDriver(typeof(DbConnection))]</c>, by reading the app's generated SpacetimeDB bindings at compile time.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DriverGenerator : IIncrementalGenerator
{
    /// <summary>Metadata name of the trigger attribute.</summary>
    public const string AttributeName = "Stdb.Compat.Driver.StdbCompatDriverAttribute";

    /// <summary>Tracking name of the stage that reads the bindings of each marked class.</summary>
    public const string ExtractStep = "StdbCompat.Extract";

    /// <summary>Tracking name of the stage that resolves duplicate drivers across the compilation.</summary>
    public const string ResolveStep = "StdbCompat.Resolve";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var extracted = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => BindingsReader.Read(ctx, ct))
            .WithTrackingName(ExtractStep);

        var resolved = extracted.Collect()
            .Select(static (results, _) => Resolve(results))
            .WithTrackingName(ResolveStep);

        context.RegisterSourceOutput(resolved, static (spc, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            foreach (var model in result.Models)
            {
                spc.AddSource(model.HintName, SourceText.From(DriverEmitter.Emit(model), Encoding.UTF8));
            }
        });
    }

    /// <summary>Keeps one driver per connection (the first by driver name) and reports the others.</summary>
    internal static ResolvedDrivers Resolve(ImmutableArray<ExtractResult> results)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var models = new List<DriverModel>();
        var byConnection = new Dictionary<string, DriverModel>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            diagnostics.AddRange(result.Diagnostics);
        }

        foreach (var model in results.Select(r => r.Model).Where(m => m is not null).Select(m => m!).OrderBy(m => m.HintName, StringComparer.Ordinal))
        {
            if (byConnection.TryGetValue(model.ConnectionTypeName, out var first))
            {
                diagnostics.Add(new DiagnosticInfo(
                    Diagnostics.DuplicateDriver.Id,
                    model.Location,
                    new EquatableArray<string>(new[] { Qualified(model), model.ConnectionDisplayName, Qualified(first) })));
                continue;
            }

            byConnection.Add(model.ConnectionTypeName, model);
            models.Add(model);
        }

        return new ResolvedDrivers(new EquatableArray<DriverModel>(models), new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    private static string Qualified(DriverModel model) => model.Namespace.Length == 0 ? model.ClassName : model.Namespace + "." + model.ClassName;
}

/// <summary>The drivers to emit and every diagnostic to report.</summary>
internal sealed record ResolvedDrivers(EquatableArray<DriverModel> Models, EquatableArray<DiagnosticInfo> Diagnostics);
