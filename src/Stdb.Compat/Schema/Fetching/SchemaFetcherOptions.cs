using System;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Fetching;

/// <summary>Where and how to fetch a live module schema.</summary>
public sealed record SchemaFetcherOptions
{
    /// <summary>The server's base URI, e.g. <c>http://localhost:3000</c> (ws/wss are mapped to http/https).</summary>
    public Uri? ServerUri { get; init; }

    /// <summary>The database name or identity.</summary>
    public string DatabaseName { get; init; } = string.Empty;

    /// <summary>Bearer token; optional, the schema route needs none.</summary>
    public string? Token { get; init; }

    /// <summary>Timeout of one attempt. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt for network errors, timeouts and 5xx. Default 2.</summary>
    public int MaxRetryAttempts { get; init; } = 2;

    /// <summary>Base delay between retries (exponential, no jitter). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Also read the server version from <c>/v1/health</c>. Default <see langword="true"/>.</summary>
    public bool QueryServerVersion { get; init; } = true;

    internal void Validate()
    {
        if (ServerUri is null || !ServerUri.IsAbsoluteUri)
        {
            throw new ArgumentException("SchemaFetcherOptions.ServerUri must be an absolute URI.", nameof(ServerUri));
        }

        if (string.IsNullOrWhiteSpace(DatabaseName))
        {
            throw new ArgumentException("SchemaFetcherOptions.DatabaseName is required.", nameof(DatabaseName));
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("SchemaFetcherOptions.AttemptTimeout must be positive.", nameof(AttemptTimeout));
        }

        if (MaxRetryAttempts < 0)
        {
            throw new ArgumentException("SchemaFetcherOptions.MaxRetryAttempts must not be negative.", nameof(MaxRetryAttempts));
        }
    }
}

/// <summary>A live module schema as fetched.</summary>
/// <param name="Schema">The parsed schema.</param>
/// <param name="ModuleDefVersion">9 or 10: which route version answered.</param>
/// <param name="ServerVersion">The server version from <c>/v1/health</c>, when offered.</param>
/// <param name="Json">The raw body.</param>
public sealed record FetchedModuleSchema(ModuleSchema Schema, int ModuleDefVersion, string? ServerVersion, string Json);

/// <summary>A source of the live module schema (the HTTP fetcher, or a fake in tests).</summary>
public interface IModuleSchemaSource
{
    /// <summary>Fetches the live schema.</summary>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="SchemaFetchException">The fetch failed.</exception>
    Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default);
}
