using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using Stdb.Compat.Cli.Output;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Cli.Commands;

/// <summary>
/// <c>stdb-compat audit</c>: integrity rules (unique columns, required columns, references to another table's column)
/// over the HTTP SQL route, without bindings.
/// </summary>
internal sealed class AuditCommand(CliEnvironment env) : ICliCommand
{
    public Command Build()
    {
        var database = new Option<string>("--database", "-d") { Description = "Database: http://host:3000/name.", Required = true };
        var table = new Option<string>("--table", "-t") { Description = "Table to audit.", Required = true };
        var key = new Option<string?>("--key", "-k") { Description = "Key column listed for offending rows (default: the first column)." };
        var unique = new Option<string[]>("--unique") { Description = "Column whose values must be unique (repeat).", AllowMultipleArgumentsPerToken = true };
        var required = new Option<string[]>("--required") { Description = "Column that must hold a value: not none, not an empty string (repeat).", AllowMultipleArgumentsPerToken = true };
        var references = new Option<string[]>("--references") { Description = "column=table.column: every non-none value must exist there (repeat).", AllowMultipleArgumentsPerToken = true };
        var maxKeys = new Option<int>("--max-keys") { Description = "Offending keys listed per rule.", DefaultValueFactory = _ => 20 };
        var token = new Option<string?>("--token") { Description = "Bearer token (optional)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds per HTTP request.", DefaultValueFactory = _ => 30 };
        var format = CommonOptions.Format();
        var command = new Command("audit", "Check integrity rules on a table over the HTTP SQL route; exit 0 clean, 2 violations, 3 error.")
        {
            database, table, key, unique, required, references, maxKeys, token, timeout, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var db = DatabaseAddress.Parse("--database", parse.GetValue(database)!);
            var sql = new SqlHttpSource(env.Http, parse.GetValue(token), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))));
            var name = parse.GetValue(table)!;
            SqlResult? rows = null;
            IntegrityReport? report = null;
            var referenced = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var refs = Split(parse.GetValue(references)).Select(r => ParseReference(r)).ToList();
            var steps = new List<(string, Func<Task<string>>)>
            {
                StepReporter.Step($"table {name}", async () => (rows = await sql.QueryAsync(db, "SELECT * FROM " + Name(name), ct).ConfigureAwait(false)).Rows.Count + " rows"),
            };
            foreach (var (column, otherTable, otherColumn) in refs)
            {
                steps.Add(StepReporter.Step($"referenced {otherTable}.{otherColumn}", async () =>
                {
                    var other = await sql.QueryAsync(db, "SELECT * FROM " + Name(otherTable), ct).ConfigureAwait(false);
                    var index = other.IndexOf(otherColumn, $"table '{otherTable}'");
                    referenced[column + "=" + otherTable + "." + otherColumn] = new HashSet<string>(other.Rows.Select(r => r[index]), StringComparer.Ordinal);
                    return other.Rows.Count + " rows";
                }));
            }

            steps.Add(StepReporter.Step("rules", () =>
            {
                var where = $"table '{name}'";
                var keyIndex = rows!.IndexOf(parse.GetValue(key) ?? rows.Columns[0], where);
                var rules = new IntegrityRules<string[]>();
                foreach (var c in Split(parse.GetValue(unique)))
                {
                    var i = rows.IndexOf(c, where);
                    rules.Unique($"unique {c}", r => r[i]);
                }

                foreach (var c in Split(parse.GetValue(required)))
                {
                    var i = rows.IndexOf(c, where);
                    rules.Required($"required {c}", r => r[i] is "[1,[]]" or "\"\"" ? null : r[i]);
                }

                foreach (var (column, otherTable, otherColumn) in refs)
                {
                    var i = rows.IndexOf(column, where);
                    rules.References($"{column} -> {otherTable}.{otherColumn}", r => r[i] == "[1,[]]" ? null : Unwrap(r[i]), referenced[column + "=" + otherTable + "." + otherColumn]);
                }

                report = rules.Check(name, rows.Rows, r => VerifyCommand.KeyText(r[keyIndex]), Math.Max(0, parse.GetValue(maxKeys)), ct);
                return Task.FromResult(report.Passed ? "passed" : report.Violations.Count + " rule(s) broken");
            }));

            try
            {
                await StepReporter.RunAsync(env, steps).ConfigureAwait(false);
            }
            catch (SqlRouteException ex)
            {
                await env.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.UsageOrNetworkError;
            }

            MigrationOutput.WriteAudit(env, report!, parse.GetValue(format));
            return report!.Passed ? ExitCodes.Compatible : ExitCodes.Incompatible;
        });
        return command;
    }

    private static IEnumerable<string> Split(string[]? values) => values is null ? Enumerable.Empty<string>()
        : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>An option's "some" payload (<c>[0,x]</c>) compares as x.</summary>
    private static string Unwrap(string raw) => raw.StartsWith("[0,", StringComparison.Ordinal) && raw.EndsWith(']') ? raw.Substring(3, raw.Length - 4) : raw;

    private static string Name(string table) => table.Length > 0 && table.All(c => char.IsLetterOrDigit(c) || c == '_')
        ? table
        : throw new CliUsageException($"'{table}' is not a table name (letters, digits and '_').");

    private static (string Column, string Table, string OtherColumn) ParseReference(string text)
    {
        var eq = text.IndexOf('=');
        var dot = text.LastIndexOf('.');
        if (eq <= 0 || dot <= eq + 1 || dot == text.Length - 1)
        {
            throw new CliUsageException($"--references '{text}' must look like column=table.column.");
        }

        return (text.Substring(0, eq), text.Substring(eq + 1, dot - eq - 1), text.Substring(dot + 1));
    }
}
