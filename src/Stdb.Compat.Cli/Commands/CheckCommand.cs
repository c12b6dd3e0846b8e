using System;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Cli.Output;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Fetching;

namespace Stdb.Compat.Cli.Commands;

/// <summary><c>stdb-compat check</c>: the bindings' manifest against a live server or a saved schema.</summary>
internal sealed class CheckCommand(CliEnvironment env) : ICliCommand
{
    public Command Build()
    {
        var manifest = new Option<string>("--manifest", "-m") { Description = "The bindings' schema manifest (JSON).", Required = true };
        var server = new Option<string?>("--server", "-s") { Description = "Server base URI, e.g. http://localhost:3000." };
        var database = new Option<string?>("--database", "-d") { Description = "Database name or identity." };
        var token = new Option<string?>("--token") { Description = "Bearer token (optional)." };
        var schema = new Option<string?>("--schema") { Description = "Check offline against a saved module-definition JSON instead of a server." };
        var mode = new Option<string>("--mode") { Description = "none, backward, forward (default), full, or a -transitive form.", DefaultValueFactory = _ => "forward" };
        var tables = new Option<string[]>("--tables") { Description = "Tables the app subscribes to (default: all in the manifest).", AllowMultipleArgumentsPerToken = true };
        var reducers = new Option<string[]>("--reducers") { Description = "Reducers the app calls (default: all in the manifest).", AllowMultipleArgumentsPerToken = true };
        var events = new Option<string[]>("--event-tables") { Description = "Event tables the app listens to (default: all in the manifest).", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<int>("--timeout") { Description = "Seconds per HTTP attempt.", DefaultValueFactory = _ => 10 };
        var format = CommonOptions.Format();
        var failOnWarnings = CommonOptions.FailOnWarnings();

        var command = new Command("check", "Check the bindings' manifest against a live module (--server/--database) or a saved schema (--schema).")
        {
            manifest, server, database, token, schema, mode, tables, reducers, events, timeout, format, failOnWarnings,
        };
        command.SetAction(async (parse, ct) =>
        {
            var expected = SchemaFiles.LoadManifest(parse.GetValue(manifest)!);
            var m = CommonOptions.ParseMode(parse.GetValue(mode)!);
            var usage = new SchemaAppUsage
            {
                Tables = NullIfEmpty(parse.GetValue(tables)),
                Reducers = NullIfEmpty(parse.GetValue(reducers)),
                EventTables = NullIfEmpty(parse.GetValue(events)),
            };

            Schema.Model.ModuleSchema live;
            string? serverVersion = null;
            var schemaPath = parse.GetValue(schema);
            if (schemaPath is not null)
            {
                live = SchemaFiles.Load(schemaPath);
            }
            else
            {
                var serverText = parse.GetValue(server) ?? throw new CliUsageException("Give --schema, or --server and --database.");
                if (!Uri.TryCreate(serverText, UriKind.Absolute, out var uri))
                {
                    throw new CliUsageException($"--server '{serverText}' is not an absolute URI such as http://localhost:3000.");
                }

                var db = parse.GetValue(database) ?? throw new CliUsageException("--database is required with --server.");
                var source = new HttpModuleSchemaSource(env.Http, new SchemaFetcherOptions
                {
                    ServerUri = uri,
                    DatabaseName = db,
                    Token = parse.GetValue(token),
                    AttemptTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
                }, env.Time);
                try
                {
                    var fetched = await source.FetchAsync(ct).ConfigureAwait(false);
                    live = fetched.Schema;
                    serverVersion = fetched.ServerVersion;
                }
                catch (SchemaFetchException ex)
                {
                    await env.Error.WriteLineAsync($"error: {ex.Failure}: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrNetworkError;
                }
            }

            var report = SchemaCompatibility.Check(expected.ToModuleSchema(), live, m, usage, env.Time.GetUtcNow()) with { ServerVersion = serverVersion };
            ReportWriter.Write(env, report, parse.GetValue(format));
            return CommonOptions.ExitCode(report.Verdict, parse.GetValue(failOnWarnings));
        });
        return command;
    }

    private static string[]? NullIfEmpty(string[]? values) => values is null || values.Length == 0 ? null
        : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
}
