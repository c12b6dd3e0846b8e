using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Spectre.Console;

namespace Stdb.Compat.Cli.Output;

/// <summary>
/// Progress of a multi-step command on stderr (stdout stays clean for --format json): a Spectre.Console progress
/// bar on a terminal, one plain line per finished step when redirected.
/// </summary>
internal static class StepReporter
{
    public static (string Description, Func<Task<string>> Run) Step(string description, Func<Task<string>> run) => (description, run);

    public static async Task RunAsync(CliEnvironment env, IReadOnlyList<(string Description, Func<Task<string>> Run)> steps)
    {
        if (env.OutputRedirected)
        {
            foreach (var (description, run) in steps)
            {
                var outcome = await run().ConfigureAwait(false);
                await env.Error.WriteLineAsync($"{description}: {outcome}").ConfigureAwait(false);
            }

            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(env.Error) });
        await console.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var overall = ctx.AddTask("steps", maxValue: steps.Count);
            foreach (var (description, run) in steps)
            {
                overall.Description = Markup.Escape(description);
                var outcome = await run().ConfigureAwait(false);
                console.MarkupLine($"[grey]{Markup.Escape(description)}:[/] {Markup.Escape(outcome)}");
                overall.Increment(1);
            }
        }).ConfigureAwait(false);
    }
}
