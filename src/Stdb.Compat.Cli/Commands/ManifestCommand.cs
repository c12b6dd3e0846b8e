using System;
using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using Stdb.Compat.Cli.Manifests;

namespace Stdb.Compat.Cli.Commands;

/// <summary><c>stdb-compat manifest app.dll</c>: write the schema manifest the generator compiled into a bindings assembly.</summary>
internal sealed class ManifestCommand(CliEnvironment env) : ICliCommand
{
    public Command Build()
    {
        var assembly = new Argument<string>("assembly") { Description = "The built assembly holding the bindings and the generated Stdb.Compat driver." };
        var driver = new Option<string?>("--driver") { Description = "The driver type (full or simple name) when the assembly has several." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the manifest JSON to this file (folders are created) instead of stdout." };
        var list = new Option<bool>("--list") { Description = "List the assembly's drivers, one per line, and write nothing else." };
        var command = new Command("manifest", "Write the bindings' schema manifest (for 'check --manifest') from a built assembly.") { assembly, driver, output, list };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(assembly)!;
            try
            {
                if (parse.GetValue(list))
                {
                    foreach (var name in BindingsAssemblyReader.ListDrivers(path))
                    {
                        await env.Out.WriteLineAsync(name).ConfigureAwait(false);
                    }

                    return ExitCodes.Compatible;
                }

                var manifest = BindingsAssemblyReader.Read(path, parse.GetValue(driver));
                var outPath = parse.GetValue(output);
                if (outPath is null)
                {
                    await env.Out.WriteLineAsync(manifest.Json).ConfigureAwait(false);
                }
                else
                {
                    await WriteFileAsync(outPath, manifest.Json, ct).ConfigureAwait(false);
                    await env.Error.WriteLineAsync($"wrote the manifest of {manifest.DriverName} to {outPath}").ConfigureAwait(false);
                }

                return ExitCodes.Compatible;
            }
            catch (ManifestExtractionException ex)
            {
                await env.Error.WriteLineAsync($"error: {ex.Failure}: {ex.Message}").ConfigureAwait(false);
                return ExitCode(ex.Failure);
            }
        });
        return command;
    }

    internal static int ExitCode(ManifestExtractionFailure failure) => failure switch
    {
        ManifestExtractionFailure.NoDriver => ExitCodes.NoDriver,
        ManifestExtractionFailure.AmbiguousDriver => ExitCodes.AmbiguousDriver,
        ManifestExtractionFailure.ManifestFailed => ExitCodes.ManifestFailed,
        _ => ExitCodes.UsageOrNetworkError,
    };

    private static async Task WriteFileAsync(string path, string json, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await File.WriteAllTextAsync(path, json + "\n", cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new CliUsageException($"Cannot write '{path}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliUsageException($"Cannot write '{path}': {ex.Message}", ex);
        }
    }
}
