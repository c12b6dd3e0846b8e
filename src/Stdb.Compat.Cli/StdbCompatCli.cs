using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Cli.Commands;

namespace Stdb.Compat.Cli;

/// <summary>The <c>stdb-compat</c> root command. Add a command by adding an <see cref="ICliCommand"/> to the list.</summary>
internal sealed class StdbCompatCli
{
    private readonly CliEnvironment _env;
    private readonly RootCommand _root;

    public StdbCompatCli(CliEnvironment env)
    {
        _env = env;
        _root = new RootCommand("Checks SpacetimeDB client bindings against a live or saved module schema, and verifies and audits data migrations.");
        ICliCommand[] commands = { new CheckCommand(env), new DiffCommand(env), new ManifestCommand(env), new VerifyCommand(env), new AuditCommand(env) };
        foreach (var c in commands)
        {
            _root.Subcommands.Add(c.Build());
        }
    }

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = _root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await _env.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            }

            await _env.Error.WriteLineAsync("Run 'stdb-compat --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageOrNetworkError;
        }

        var config = new InvocationConfiguration { Output = _env.Out, Error = _env.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await _env.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.UsageOrNetworkError;
        }
    }
}

/// <summary>One <c>stdb-compat</c> subcommand.</summary>
internal interface ICliCommand
{
    Command Build();
}

/// <summary>Bad arguments or unreadable input; exit code 3.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
