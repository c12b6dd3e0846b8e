using System;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Fetching;

namespace Stdb.Compat.Schema.Runtime;

/// <summary>
/// Checks the app's bindings against the live module. The connection façade calls <see cref="CheckAsync"/> at
/// connect and after every reconnect.
/// </summary>
public interface ISchemaCompatibilityChecker
{
    /// <summary>The report of the latest successful check, or <see langword="null"/> before the first.</summary>
    CompatibilityReport? LatestReport { get; }

    /// <summary>Fetches the live schema, diffs it against the manifest, stores <see cref="LatestReport"/> and notifies.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report.</returns>
    /// <exception cref="SchemaFetchException">The live schema could not be fetched; <see cref="LatestReport"/> is kept.</exception>
    Task<CompatibilityReport> CheckAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Callbacks to the app after a check, in the spirit of Asp.Versioning's client API notifications. Called outside any
/// lock; exceptions they throw are logged and swallowed.
/// </summary>
public interface ISchemaCompatibilityNotifications
{
    /// <summary>The app's bindings are behind the live module: something the app uses changed incompatibly.</summary>
    /// <param name="notification">The report and database.</param>
    void OnBindingsBehind(SchemaCompatibilityNotification notification);

    /// <summary>The live module is newer but still compatible: new tables, reducers, columns or variants exist.</summary>
    /// <param name="notification">The report and database.</param>
    void OnNewerSchemaAvailable(SchemaCompatibilityNotification notification);
}

/// <summary>What a notification carries.</summary>
/// <param name="DatabaseName">The database checked.</param>
/// <param name="Report">The report.</param>
public sealed record SchemaCompatibilityNotification(string DatabaseName, CompatibilityReport Report);

/// <summary>Inputs of the run-time compatibility check.</summary>
public sealed record SchemaCompatibilityOptions
{
    /// <summary>The server's base URI (http, https, ws or wss).</summary>
    public Uri? ServerUri { get; init; }

    /// <summary>The database name or identity.</summary>
    public string DatabaseName { get; init; } = string.Empty;

    /// <summary>Bearer token, optional.</summary>
    public string? Token { get; init; }

    /// <summary>The mode; default <see cref="CompatibilityMode.Forward"/> (the bindings read the live module).</summary>
    public CompatibilityMode Mode { get; init; } = CompatibilityMode.Forward;

    /// <summary>What the app uses: tables it subscribes to, reducers it calls, event tables it listens to.</summary>
    public SchemaAppUsage Usage { get; init; } = SchemaAppUsage.All;

    /// <summary>Timeout of one fetch attempt. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Fetch retries after the first attempt. Default 2.</summary>
    public int MaxRetryAttempts { get; init; } = 2;

    /// <summary>Base retry delay. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    internal SchemaFetcherOptions ToFetcherOptions() => new()
    {
        ServerUri = ServerUri,
        DatabaseName = DatabaseName,
        Token = Token,
        AttemptTimeout = AttemptTimeout,
        MaxRetryAttempts = MaxRetryAttempts,
        RetryDelay = RetryDelay,
    };
}
