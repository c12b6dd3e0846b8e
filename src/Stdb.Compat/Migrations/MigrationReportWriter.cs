using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Stdb.Compat.Migrations;

/// <summary>Writes a <see cref="MigrationReport"/> as JSON and Markdown.</summary>
internal static class MigrationReportWriter
{
    public static string Json(MigrationReport r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("mode", r.Mode.ToString());
            w.WriteString("status", r.Status.ToString());
            if (r.StatusReason is null)
            {
                w.WriteNull("statusReason");
            }
            else
            {
                w.WriteString("statusReason", r.StatusReason);
            }

            w.WriteBoolean("succeeded", r.Succeeded);
            w.WriteNumber("sourceRows", r.SourceRows);
            w.WriteNumber("written", r.Written);
            w.WriteNumber("alreadyWritten", r.AlreadyWritten);
            w.WriteNumber("recoveredFromProbe", r.RecoveredFromProbe);
            w.WriteNumber("batches", r.Batches);
            w.WriteNumber("retries", r.Retries);
            w.WriteNumber("durationSeconds", r.Duration.TotalSeconds);
            w.WriteStartArray("rejected");
            foreach (var row in r.Rejected)
            {
                w.WriteStartObject();
                w.WriteString("key", row.Key);
                w.WriteString("reason", row.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("verification");
            foreach (var v in r.Verification)
            {
                WriteVerification(w, v);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteVerification(Utf8JsonWriter w, TableVerification v)
    {
        w.WriteStartObject();
        w.WriteString("table", v.Table);
        w.WriteBoolean("matches", v.Matches);
        w.WriteNumber("sourceCount", v.SourceCount);
        w.WriteNumber("targetCount", v.TargetCount);
        w.WriteString("sourceHash", v.SourceHash);
        w.WriteString("targetHash", v.TargetHash);
        w.WriteNumber("mismatchCount", v.MismatchCount);
        WriteKeys(w, "missingOnTarget", v.MissingOnTarget);
        WriteKeys(w, "extraOnTarget", v.ExtraOnTarget);
        WriteKeys(w, "different", v.Different);
        w.WriteEndObject();
    }

    public static string Markdown(MigrationReport r)
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant($"## Migration `{r.Name}` ({r.Mode}): {r.Status}")).AppendLine();
        sb.AppendLine();
        if (r.StatusReason is not null)
        {
            sb.Append(FormattableString.Invariant($"> {r.StatusReason}")).AppendLine().AppendLine();
        }

        sb.AppendLine("| measure | value |").AppendLine("|---|---|");
        sb.Append(FormattableString.Invariant($"| source rows | {r.SourceRows} |")).AppendLine();
        sb.Append(FormattableString.Invariant($"| {(r.Mode == MigrationMode.Rollback ? "deleted" : r.Mode == MigrationMode.DryRun ? "would write" : "written")} | {r.Written} |")).AppendLine();
        sb.Append(FormattableString.Invariant($"| already written | {r.AlreadyWritten} |")).AppendLine();
        sb.Append(FormattableString.Invariant($"| recovered by probe | {r.RecoveredFromProbe} |")).AppendLine();
        sb.Append(FormattableString.Invariant($"| batches | {r.Batches} |")).AppendLine();
        sb.Append(FormattableString.Invariant($"| retries | {r.Retries} |")).AppendLine();
        sb.Append(FormattableString.Invariant($"| rejected | {r.Rejected.Count} |")).AppendLine();
        sb.Append(FormattableString.Invariant($"| time | {r.Duration.TotalSeconds:F1} s |")).AppendLine();
        if (r.Rejected.Count > 0)
        {
            sb.AppendLine().AppendLine("### Rejected rows").AppendLine().AppendLine("| key | reason |").AppendLine("|---|---|");
            foreach (var row in r.Rejected)
            {
                sb.Append(FormattableString.Invariant($"| {Cell(row.Key)} | {Cell(row.Reason)} |")).AppendLine();
            }
        }

        if (r.Verification.Count > 0)
        {
            sb.AppendLine().AppendLine("### Verification").AppendLine();
            AppendVerification(sb, r.Verification);
        }

        return sb.ToString();
    }

    public static void AppendVerification(StringBuilder sb, System.Collections.Generic.IReadOnlyList<TableVerification> tables)
    {
        sb.AppendLine("| table | result | source rows | target rows | source hash | target hash | differing keys |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var v in tables)
        {
            var keys = string.Join(", ", Concat(v));
            sb.Append(FormattableString.Invariant($"| {Cell(v.Table)} | {(v.Matches ? "match" : "MISMATCH")} | {v.SourceCount} | {v.TargetCount} | `{v.SourceHash}` | `{v.TargetHash}` | {v.MismatchCount}{(keys.Length > 0 ? ": " + Cell(keys) : string.Empty)} |")).AppendLine();
        }
    }

    private static System.Collections.Generic.IEnumerable<string> Concat(TableVerification v)
    {
        foreach (var k in v.MissingOnTarget)
        {
            yield return "-" + k;
        }

        foreach (var k in v.ExtraOnTarget)
        {
            yield return "+" + k;
        }

        foreach (var k in v.Different)
        {
            yield return "~" + k;
        }
    }

    private static void WriteKeys(Utf8JsonWriter w, string name, System.Collections.Generic.IReadOnlyList<string> keys)
    {
        w.WriteStartArray(name);
        foreach (var k in keys)
        {
            w.WriteStringValue(k);
        }

        w.WriteEndArray();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
