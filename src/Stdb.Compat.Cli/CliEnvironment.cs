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
}
