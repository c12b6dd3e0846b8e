using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Cli.Output;

/// <summary>Renders verify and audit results: a table (Spectre.Console; plain when redirected), JSON or Markdown.</summary>
internal static class MigrationOutput
{
    public const int JsonFormatVersion = 1;

    public static void WriteVerification(CliEnvironment env, IReadOnlyList<TableVerification> results, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                env.Out.WriteLine(Json(w =>
                {
                    w.WriteNumber("formatVersion", JsonFormatVersion);
                    w.WriteBoolean("matches", results.All(r => r.Matches));
                    w.WriteStartArray("tables");
                    foreach (var r in results)
                    {
                        MigrationReportWriter.WriteVerification(w, r);
                    }

                    w.WriteEndArray();
                }));
                break;
            case OutputFormat.Markdown:
                var sb = new StringBuilder("## Verification: ").AppendLine(results.All(r => r.Matches) ? "match" : "MISMATCH").AppendLine();
                sb.AppendLine("| table | result | source rows | target rows | source hash | target hash | differing keys |").AppendLine("|---|---|---|---|---|---|---|");
                foreach (var r in results)
                {
                    sb.AppendLine($"| {r.Table} | {(r.Matches ? "match" : "MISMATCH")} | {r.SourceCount} | {r.TargetCount} | `{r.SourceHash}` | `{r.TargetHash}` | {r.MismatchCount} {string.Join(", ", Keys(r))} |");
                }

                env.Out.Write(sb.ToString());
                break;
            default:
                if (env.OutputRedirected)
                {
                    foreach (var r in results)
                    {
                        env.Out.WriteLine($"{r.Table}: {(r.Matches ? "match" : "MISMATCH")} source {r.SourceCount} rows {r.SourceHash}, target {r.TargetCount} rows {r.TargetHash}");
                        foreach (var k in r.MissingOnTarget)
                        {
                            env.Out.WriteLine($"  missing on target: {k}");
                        }

                        foreach (var k in r.ExtraOnTarget)
                        {
                            env.Out.WriteLine($"  extra on target: {k}");
                        }

                        foreach (var k in r.Different)
                        {
                            env.Out.WriteLine($"  different: {k}");
                        }
                    }
                }
                else
                {
                    var table = new Table().AddColumns("table", "result", "source rows", "target rows", "differing keys");
                    foreach (var r in results)
                    {
                        table.AddRow(Markup.Escape(r.Table), r.Matches ? "[green]match[/]" : "[red]MISMATCH[/]", r.SourceCount.ToString(System.Globalization.CultureInfo.InvariantCulture), r.TargetCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", Keys(r))));
                    }

                    Console(env.Out).Write(table);
                }

                break;
        }
    }

    public static void WriteAudit(CliEnvironment env, IntegrityReport report, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                env.Out.WriteLine(Json(w =>
                {
                    w.WriteNumber("formatVersion", JsonFormatVersion);
                    w.WriteString("table", report.Table);
                    w.WriteBoolean("passed", report.Passed);
                    w.WriteNumber("rows", report.Rows);
                    w.WriteNumber("rulesChecked", report.RulesChecked);
                    w.WriteStartArray("violations");
                    foreach (var v in report.Violations)
                    {
                        w.WriteStartObject();
                        w.WriteString("rule", v.Rule);
                        w.WriteNumber("count", v.Count);
                        w.WriteStartArray("keys");
                        foreach (var k in v.Keys)
                        {
                            w.WriteStringValue(k);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }));
                break;
            case OutputFormat.Markdown:
                var sb = new StringBuilder($"## Audit of `{report.Table}`: {(report.Passed ? "passed" : "FAILED")} ({report.Rows} rows, {report.RulesChecked} rules)").AppendLine().AppendLine();
                if (report.Violations.Count > 0)
                {
                    sb.AppendLine("| rule | rows | keys |").AppendLine("|---|---|---|");
                    foreach (var v in report.Violations)
                    {
                        sb.AppendLine($"| {v.Rule} | {v.Count} | {string.Join(", ", v.Keys)} |");
                    }
                }

                env.Out.Write(sb.ToString());
                break;
            default:
                env.Out.WriteLine($"{report.Table}: {(report.Passed ? "passed" : "FAILED")} ({report.Rows} rows, {report.RulesChecked} rules)");
                foreach (var v in report.Violations)
                {
                    env.Out.WriteLine($"  {v.Rule}: {v.Count} row(s): {string.Join(", ", v.Keys)}");
                }

                break;
        }
    }

    private static IEnumerable<string> Keys(TableVerification r) =>
        r.MissingOnTarget.Select(k => "-" + k).Concat(r.ExtraOnTarget.Select(k => "+" + k)).Concat(r.Different.Select(k => "~" + k));

    private static IAnsiConsole Console(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });

    private static string Json(System.Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
