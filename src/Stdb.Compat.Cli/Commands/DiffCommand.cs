using System.CommandLine;
using Stdb.Compat.Cli.Output;
using Stdb.Compat.Schema.Compatibility;

namespace Stdb.Compat.Cli.Commands;

/// <summary><c>stdb-compat diff a.json b.json</c>: classify the changes from one schema (manifest or module definition) to another.</summary>
internal sealed class DiffCommand(CliEnvironment env) : ICliCommand
{
    public Command Build()
    {
        var a = new Argument<string>("expected") { Description = "The expected (older, or the bindings') schema: manifest or module-definition JSON." };
        var b = new Argument<string>("live") { Description = "The live (newer) schema: manifest or module-definition JSON." };
        var format = CommonOptions.Format();
        var failOnWarnings = CommonOptions.FailOnWarnings();
        var command = new Command("diff", "Classify every change from one schema to another.") { a, b, format, failOnWarnings };
        command.SetAction(parse =>
        {
            var expected = SchemaFiles.Load(parse.GetValue(a)!);
            var live = SchemaFiles.Load(parse.GetValue(b)!);
            var report = SchemaCompatibility.Check(expected, live, CompatibilityMode.Forward, null, env.Time.GetUtcNow());
            ReportWriter.Write(env, report, parse.GetValue(format));
            return CommonOptions.ExitCode(report.Verdict, parse.GetValue(failOnWarnings));
        });
        return command;
    }
}
