using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;

namespace Stdb.Compat.Cli.Output;

/// <summary>Output formats.</summary>
internal enum OutputFormat
{
    Text,
    Json,
    Markdown,
}

/// <summary>Renders a <see cref="CompatibilityReport"/> as a table (Spectre.Console; plain when redirected), JSON or Markdown.</summary>
internal static class ReportWriter
{
    public const int JsonFormatVersion = 1;

    public static void Write(CliEnvironment env, CompatibilityReport report, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                env.Out.WriteLine(ToJson(report));
                break;
            case OutputFormat.Markdown:
                env.Out.Write(ToMarkdown(report));
                break;
            default:
                if (env.OutputRedirected) env.Out.Write(ToPlainText(report));
                else WriteTable(env.Out, report);
                break;
        }
    }

    public static string ToJson(CompatibilityReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", JsonFormatVersion);
            w.WriteString("verdict", report.Verdict.ToString());
            w.WriteString("mode", report.Mode.ToString());
            w.WriteString("liveSource", report.LiveSource.ToString());
            if (report.ServerVersion is null) w.WriteNull("serverVersion");
            else w.WriteString("serverVersion", report.ServerVersion);
            w.WriteBoolean("migrationRequired", report.MigrationRequired);
            w.WriteBoolean("newerCompatibleSchemaAvailable", report.NewerCompatibleSchemaAvailable);
            w.WriteStartArray("changes");
            foreach (var c in report.Changes)
            {
                w.WriteStartObject();
                w.WriteString("path", c.Path);
                w.WriteString("kind", c.Kind.ToString());
                w.WriteString("criticality", c.Criticality.ToString());
                w.WriteBoolean("affectsApp", c.AffectsApp);
                w.WriteString("runtimeEffect", c.RuntimeEffect.ToString());
                w.WriteString("migration", c.Migration.ToString());
                w.WriteString("reason", c.Reason);
                if (c.Subject is null) w.WriteNull("subject");
                else w.WriteString("subject", c.Subject);
                if (c.Expected is null) w.WriteNull("expected");
                else w.WriteString("expected", c.Expected);
                if (c.Live is null) w.WriteNull("live");
                else w.WriteString("live", c.Live);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ToMarkdown(CompatibilityReport report)
    {
        var sb = new StringBuilder();
        sb.Append("## Schema compatibility: ").Append(report.Verdict).AppendLine().AppendLine();
        sb.Append("Mode: ").Append(report.Mode).Append(". Changes: ").Append(report.Changes.Count)
            .Append(report.MigrationRequired ? ". A manual module migration is required." : ".").AppendLine().AppendLine();
        if (report.Changes.Count == 0) return sb.ToString();
        sb.AppendLine("| criticality | kind | path | used by app | SDK effect | reason |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var c in report.Changes)
        {
            sb.Append("| ").Append(c.Criticality).Append(" | ").Append(c.Kind).Append(" | `").Append(c.Path).Append("` | ")
                .Append(c.AffectsApp ? "yes" : "no").Append(" | ").Append(c.RuntimeEffect).Append(" | ")
                .Append(c.Reason.Replace("|", "\\|", StringComparison.Ordinal)).AppendLine(" |");
        }

        return sb.ToString();
    }

    public static string ToPlainText(CompatibilityReport report)
    {
        var sb = new StringBuilder();
        sb.Append("verdict: ").Append(report.Verdict).Append("  mode: ").Append(report.Mode).Append("  changes: ").Append(report.Changes.Count);
        if (report.ServerVersion is not null) sb.Append("  server: ").Append(report.ServerVersion);
        sb.AppendLine();
        foreach (var c in report.Changes)
        {
            sb.Append(c.Criticality.ToString().PadRight(12)).Append(' ').Append(c.Kind.ToString().PadRight(26)).Append(' ')
                .Append(c.Path).Append(c.AffectsApp ? "  [used]" : string.Empty).AppendLine();
            sb.Append("    ").Append(c.Reason).Append(" (SDK: ").Append(c.RuntimeEffect).Append("; planner: ").Append(c.Migration).AppendLine(")");
        }

        return sb.ToString();
    }

    private static void WriteTable(TextWriter writer, CompatibilityReport report)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        var color = report.Verdict switch
        {
            CompatibilityVerdict.Compatible => "green",
            CompatibilityVerdict.CompatibleWithWarnings => "yellow",
            _ => "red",
        };
        console.MarkupLine($"[bold {color}]{report.Verdict}[/]  mode {report.Mode}, {report.Changes.Count} change(s)"
            + (report.ServerVersion is null ? string.Empty : $", server {Markup.Escape(report.ServerVersion)}"));
        if (report.Changes.Count == 0) return;
        var table = new Table().AddColumns("Criticality", "Kind", "Path", "Used", "SDK effect", "Reason");
        foreach (var c in report.Changes.OrderByDescending(c => c.Criticality))
        {
            var critColor = c.Criticality switch
            {
                ChangeCriticality.Breaking => "red",
                ChangeCriticality.Dangerous => "yellow",
                _ => "grey",
            };
            table.AddRow($"[{critColor}]{c.Criticality}[/]", c.Kind.ToString(), Markup.Escape(c.Path), c.AffectsApp ? "yes" : "no",
                c.RuntimeEffect.ToString(), Markup.Escape(c.Reason));
        }

        console.Write(table);
    }
}
