using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Cli.Output;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Cli.Commands;

/// <summary>
/// <c>stdb-compat verify</c>: counts and order-independent content hashes per table, source vs target, over the HTTP
/// SQL route, without bindings. The model space is the chosen columns by name (default: all the source's columns).
/// </summary>
internal sealed class VerifyCommand(CliEnvironment env) : ICliCommand
{
    public Command Build()
    {
        var source = new Option<string>("--source") { Description = "Source database: http://host:3000/name.", Required = true };
        var target = new Option<string>("--target") { Description = "Target database: http://host:3000/name.", Required = true };
        var tables = new Option<string[]>("--table", "-t") { Description = "Table to compare, 'name' or 'source=target' (repeat).", Required = true, AllowMultipleArgumentsPerToken = true };
        var key = new Option<string?>("--key", "-k") { Description = "Key column (default: the first column)." };
        var columns = new Option<string?>("--columns") { Description = "Columns compared, comma-separated (default: every source column)." };
        var maxKeys = new Option<int>("--max-keys") { Description = "Differing keys listed per table.", DefaultValueFactory = _ => 20 };
        var token = new Option<string?>("--token") { Description = "Bearer token for both sides (optional)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds per HTTP request.", DefaultValueFactory = _ => 30 };
        var format = CommonOptions.Format();
        var command = new Command("verify", "Compare source and target tables (counts, content hashes, differing keys) over the HTTP SQL route; exit 0 match, 2 mismatch, 3 error.")
        {
            source, target, tables, key, columns, maxKeys, token, timeout, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var from = DatabaseAddress.Parse("--source", parse.GetValue(source)!);
            var to = DatabaseAddress.Parse("--target", parse.GetValue(target)!);
            var sql = new SqlHttpSource(env.Http, parse.GetValue(token), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))));
            var pairs = parse.GetValue(tables)!.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(t => t.Split('=', 2) is { Length: 2 } p ? (Source: p[0].Trim(), Target: p[1].Trim()) : (Source: t, Target: t)).ToList();
            var chosen = parse.GetValue(columns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var options = new VerificationOptions { MaxListedKeys = Math.Max(0, parse.GetValue(maxKeys)) };
            var results = new List<TableVerification>();
            var steps = new List<(string, Func<Task<string>>)>();
            foreach (var (s, t) in pairs)
            {
                SqlResult? left = null;
                steps.Add(StepReporter.Step($"source {s}", async () => (left = await Query(sql, from, s, ct).ConfigureAwait(false)).Rows.Count + " rows"));
                steps.Add(StepReporter.Step($"target {t}", async () =>
                {
                    var right = await Query(sql, to, t, ct).ConfigureAwait(false);
                    var cols = chosen ?? left!.Columns.ToArray();
                    var keyColumn = parse.GetValue(key) ?? left!.Columns[0];
                    var result = MigrationVerifier.VerifyContent(s == t ? s : s + "=" + t, Model(left!, keyColumn, cols, $"source table '{s}'"), Model(right, keyColumn, cols, $"target table '{t}'"), options, ct);
                    results.Add(result);
                    return right.Rows.Count + " rows, " + (result.Matches ? "match" : result.MismatchCount + " differing key(s)");
                }));
            }

            try
            {
                await StepReporter.RunAsync(env, steps).ConfigureAwait(false);
            }
            catch (SqlRouteException ex)
            {
                await env.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.UsageOrNetworkError;
            }

            MigrationOutput.WriteVerification(env, results, parse.GetValue(format));
            return results.TrueForAll(r => r.Matches) ? ExitCodes.Compatible : ExitCodes.Incompatible;
        });
        return command;
    }

    private static Task<SqlResult> Query(SqlHttpSource sql, DatabaseAddress db, string table, CancellationToken ct)
    {
        if (table.Length == 0 || !table.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            throw new CliUsageException($"--table '{table}' is not a table name (letters, digits and '_').");
        }

        return sql.QueryAsync(db, "SELECT * FROM " + table, ct);
    }

    internal static IEnumerable<KeyValuePair<string, string>> Model(SqlResult result, string keyColumn, IReadOnlyList<string> columns, string where)
    {
        var key = result.IndexOf(keyColumn, where);
        var indexes = columns.Select(c => result.IndexOf(c, where)).ToArray();
        foreach (var row in result.Rows)
        {
            var content = new StringBuilder("[");
            for (var i = 0; i < indexes.Length; i++)
            {
                content.Append(i == 0 ? string.Empty : ",").Append(row[indexes[i]]);
            }

            yield return new KeyValuePair<string, string>(KeyText(row[key]), content.Append(']').ToString());
        }
    }

    /// <summary>A key cell as text: a JSON string without its quotes, anything else as its JSON.</summary>
    internal static string KeyText(string raw) => raw.StartsWith('"') ? JsonSerializer.Deserialize<string>(raw) ?? raw : raw;
}
