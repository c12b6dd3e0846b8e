using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Planner;

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
                if (env.OutputRedirected)
                {
                    env.Out.Write(ToPlainText(report));
                }
                else
                {
                    WriteTable(env.Out, report);
                }

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
            w.WriteString("serverVersion", report.ServerVersion); // a null string writes JSON null
            w.WriteBoolean("migrationRequired", report.MigrationRequired);
            w.WriteString("migration", report.Migration.ToString());
            if (report.Plan is null)
            {
                w.WriteNull("plan");
            }
            else
            {
                WritePlan(w, report.Plan);
            }

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
                w.WriteString("execution", c.Execution.ToString());
                w.WriteString("reason", c.Reason);
                w.WriteString("subject", c.Subject);
                w.WriteString("expected", c.Expected);
                w.WriteString("live", c.Live);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePlan(Utf8JsonWriter w, MigrationPlan plan)
    {
        w.WriteStartObject("plan");
        w.WriteString("outcome", plan.Outcome.ToString());
        w.WriteStartArray("steps");
        foreach (var s in plan.Steps)
        {
            w.WriteStartObject();
            w.WriteString("kind", s.Kind.ToString());
            w.WriteString("subject", s.Subject);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var e in plan.Errors)
        {
            w.WriteStartObject();
            w.WriteString("kind", e.Kind.ToString());
            w.WriteString("subject", e.Subject);
            w.WriteString("column", e.Column);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("sequencePrechecks");
        foreach (var name in plan.SequencePrechecks)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        w.WriteStartArray("executionRisks");
        foreach (var r in plan.ExecutionRisks)
        {
            w.WriteStartObject();
            w.WriteString("step", r.Step.ToString());
            w.WriteBoolean("always", r.Always);
            w.WriteString("reason", r.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string PlannerCell(SchemaChange c) =>
        c.Execution == MigrationExecution.Succeeds ? c.Migration.ToString() : c.Migration + " (" + c.Execution + ")";

    private static string PlanSummary(CompatibilityReport report)
    {
        var risks = report.Plan?.ExecutionRisks.Count ?? 0;
        return report.Migration switch
        {
            MigrationOutcome.ManualMigration => "SpacetimeDB's planner refuses this update: a manual module migration is required.",
            MigrationOutcome.AutomaticDisconnectsClients => "SpacetimeDB's planner migrates automatically but disconnects every client (publish needs --break-clients).",
            _ => "SpacetimeDB's planner migrates automatically.",
        } + (risks == 0 ? string.Empty : $" {risks} accepted step(s) may fail when the server executes them.");
    }

    public static string ToMarkdown(CompatibilityReport report)
    {
        var sb = new StringBuilder();
        sb.Append("## Schema compatibility: ").Append(report.Verdict).AppendLine().AppendLine();
        sb.Append("Mode: ").Append(report.Mode).Append(". Changes: ").Append(report.Changes.Count)
            .Append(". ").Append(PlanSummary(report)).AppendLine().AppendLine();
        if (report.Changes.Count == 0)
        {
            return sb.ToString();
        }

        sb.AppendLine("| client impact | planner | kind | path | used by app | SDK effect | reason |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in report.Changes)
        {
            sb.Append("| ").Append(c.Criticality).Append(" | ").Append(PlannerCell(c)).Append(" | ").Append(c.Kind).Append(" | `").Append(c.Path).Append("` | ")
                .Append(c.AffectsApp ? "yes" : "no").Append(" | ").Append(c.RuntimeEffect).Append(" | ")
                .Append(c.Reason.Replace("|", "\\|", StringComparison.Ordinal)).AppendLine(" |");
        }

        return sb.ToString();
    }

    public static string ToPlainText(CompatibilityReport report)
    {
        var sb = new StringBuilder();
        sb.Append("verdict: ").Append(report.Verdict).Append("  mode: ").Append(report.Mode).Append("  changes: ").Append(report.Changes.Count);
        if (report.ServerVersion is not null)
        {
            sb.Append("  server: ").Append(report.ServerVersion);
        }

        sb.Append("  planner: ").Append(report.Migration);
        sb.AppendLine();
        foreach (var c in report.Changes)
        {
            sb.Append(c.Criticality.ToString().PadRight(12)).Append(' ').Append(c.Kind.ToString().PadRight(26)).Append(' ')
                .Append(c.Path).Append(c.AffectsApp ? "  [used]" : string.Empty).AppendLine();
            sb.Append("    ").Append(c.Reason).Append(" (client impact: ").Append(c.Criticality).Append(", SDK: ").Append(c.RuntimeEffect)
                .Append("; planner: ").Append(PlannerCell(c)).AppendLine(")");
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
        console.MarkupLine(Markup.Escape(PlanSummary(report)));
        if (report.Changes.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("Client impact", "Planner", "Kind", "Path", "Used", "SDK effect", "Reason");
        foreach (var c in report.Changes.OrderByDescending(c => c.Criticality))
        {
            var critColor = c.Criticality switch
            {
                ChangeCriticality.Breaking => "red",
                ChangeCriticality.Dangerous => "yellow",
                _ => "grey",
            };
            table.AddRow($"[{critColor}]{c.Criticality}[/]", PlannerCell(c), c.Kind.ToString(), Markup.Escape(c.Path), c.AffectsApp ? "yes" : "no",
                c.RuntimeEffect.ToString(), Markup.Escape(c.Reason));
        }

        console.Write(table);
    }
}
