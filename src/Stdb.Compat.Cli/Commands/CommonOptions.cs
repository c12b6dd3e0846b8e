using System;
using System.CommandLine;
using Stdb.Compat.Cli.Output;
using Stdb.Compat.Schema.Compatibility;

namespace Stdb.Compat.Cli.Commands;

internal static class CommonOptions
{
    public static Option<OutputFormat> Format() => new("--format", "-f")
    {
        Description = "Output format: text, json or markdown.",
        DefaultValueFactory = _ => OutputFormat.Text,
    };

    public static Option<bool> FailOnWarnings() => new("--fail-on-warnings")
    {
        Description = "Exit with 1 when the verdict is CompatibleWithWarnings.",
    };

    public static int ExitCode(CompatibilityVerdict verdict, bool failOnWarnings) => verdict switch
    {
        CompatibilityVerdict.Incompatible => ExitCodes.Incompatible,
        CompatibilityVerdict.CompatibleWithWarnings when failOnWarnings => ExitCodes.Warnings,
        _ => ExitCodes.Compatible,
    };

    public static CompatibilityMode ParseMode(string text) => text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
    {
        "NONE" => CompatibilityMode.None,
        "BACKWARD" => CompatibilityMode.Backward,
        "BACKWARDTRANSITIVE" => CompatibilityMode.BackwardTransitive,
        "FORWARD" => CompatibilityMode.Forward,
        "FORWARDTRANSITIVE" => CompatibilityMode.ForwardTransitive,
        "FULL" => CompatibilityMode.Full,
        "FULLTRANSITIVE" => CompatibilityMode.FullTransitive,
        _ => throw new CliUsageException($"Unknown mode '{text}'. Use none, backward, forward, full or their -transitive forms."),
    };
}
