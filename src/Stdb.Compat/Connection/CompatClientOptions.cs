using System;
using System.Threading;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Connection;

/// <summary>
/// Options of one <see cref="ICompatClient"/>: values only, bound as they are from the configuration section
/// <c>Stdb</c> when hosted. Validated when the client is created; each connection attempt runs with one validated
/// snapshot of them. Services (event streams, check, token store, pipelines) come from DI or <see cref="CompatClientServices"/>.
/// </summary>
public sealed class CompatClientOptions
{
    /// <summary>Server URI, e.g. <c>http://localhost:3000</c>. Required.</summary>
    public Uri? ServerUri { get; set; }

    /// <summary>Database name or address. Required.</summary>
    public string? DatabaseName { get; set; }

    /// <summary>Auth token to present at the first connect; null (the default) asks the server for a new identity. A secret.</summary>
    public string? Token { get; set; }

    /// <summary>Ask for light mode. Default false. Honoured by SDK 1.x only; 1.x then receives no reducer details for other clients.</summary>
    public bool LightMode { get; set; }

    /// <summary>Confirmed reads, or null (the default) to keep the server's default.</summary>
    public bool? ConfirmedReads { get; set; }

    /// <summary>Compression to request, or null (the default) for the SDK default (Brotli).</summary>
    public DriverCompression? Compression { get; set; }

    /// <summary>
    /// How long a reducer call may wait for its result before it ends as <see cref="ReducerOutcomeKind.TimedOut"/>.
    /// Default 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> disables the timeout.
    /// </summary>
    public TimeSpan ReducerTimeout { get; set; } = CompatClientDefaults.ReducerTimeout;

    /// <summary>Connect, reconnect, reducer-call and compatibility-circuit settings (configuration section <c>Stdb:Resilience</c>).</summary>
    public CompatResilienceOptions Resilience { get; set; } = new();

    /// <summary>An immutable copy for one connection attempt; call after <see cref="Validate()"/>.</summary>
    internal ClientSnapshot ToSnapshot() =>
        new(ServerUri!, DatabaseName!, Token, LightMode, ConfirmedReads, Compression, ReducerTimeout, Resilience);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate() => Validate("CompatClientOptions", ".");

    internal void Validate(string path, string separator)
    {
        if (ServerUri is null)
        {
            throw new ArgumentException($"{path}{separator}ServerUri is required.", nameof(ServerUri));
        }

        if (!ServerUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"{path}{separator}ServerUri must be absolute; got '{ServerUri}'.", nameof(ServerUri));
        }

        if (string.IsNullOrWhiteSpace(DatabaseName))
        {
            throw new ArgumentException($"{path}{separator}DatabaseName is required.", nameof(DatabaseName));
        }

        if (ReducerTimeout <= TimeSpan.Zero && ReducerTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"{path}{separator}ReducerTimeout must be positive or Timeout.InfiniteTimeSpan; got {ReducerTimeout}.", nameof(ReducerTimeout));
        }

        (Resilience ?? throw new ArgumentException($"{path}{separator}Resilience is required.", nameof(Resilience))).Validate(path + separator + "Resilience");
    }
}

/// <summary>Default values of <see cref="CompatClientOptions"/>.</summary>
internal static class CompatClientDefaults
{
    public static readonly TimeSpan ReducerTimeout = TimeSpan.FromSeconds(30);
}
