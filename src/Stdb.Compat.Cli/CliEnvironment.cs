using System;
using System.IO;
using System.Net.Http;

namespace Stdb.Compat.Cli;

/// <summary>What a command may touch: output streams, whether output is redirected, the HTTP client and time.</summary>
internal sealed record CliEnvironment(TextWriter Out, TextWriter Error, bool OutputRedirected, HttpClient Http)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>Process exit codes of <c>stdb-compat</c>.</summary>
internal static class ExitCodes
{
    public const int Compatible = 0;
    public const int Warnings = 1;
    public const int Incompatible = 2;
    public const int UsageOrNetworkError = 3;

    /// <summary><c>manifest</c>: no generated driver in the assembly (or none named by <c>--driver</c>).</summary>
    public const int NoDriver = 4;

    /// <summary><c>manifest</c>: several drivers and no (or an ambiguous) <c>--driver</c>.</summary>
    public const int AmbiguousDriver = 5;

    /// <summary><c>manifest</c>: the driver's manifest could not be built or written.</summary>
    public const int ManifestFailed = 6;
}
