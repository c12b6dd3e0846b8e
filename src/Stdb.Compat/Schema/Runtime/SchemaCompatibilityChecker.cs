using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Manifest;

namespace Stdb.Compat.Schema.Runtime;

/// <summary>Creates <see cref="ISchemaCompatibilityChecker"/> instances.</summary>
public static class SchemaCompatibilityChecker
{
    /// <summary>Creates a checker that fetches over HTTP.</summary>
    /// <param name="manifest">The bindings' manifest (expected side).</param>
    /// <param name="options">Server, database, token, mode and app usage.</param>
    /// <param name="http">The HTTP client to use (not disposed by the checker).</param>
    /// <param name="notifications">Callbacks; optional.</param>
    /// <param name="timeProvider">Time; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Logger; optional.</param>
    /// <returns>The checker.</returns>
    public static ISchemaCompatibilityChecker Create(BindingsManifest manifest, SchemaCompatibilityOptions options, HttpClient http,
        ISchemaCompatibilityNotifications? notifications = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var source = new HttpModuleSchemaSource(http, options.ToFetcherOptions(), timeProvider);
        return Create(manifest, options, source, notifications, timeProvider, logger);
    }

    /// <summary>Creates a checker over any schema source.</summary>
    /// <param name="manifest">The bindings' manifest (expected side).</param>
    /// <param name="options">Database, mode and app usage (server settings are not used).</param>
    /// <param name="source">Where the live schema comes from.</param>
    /// <param name="notifications">Callbacks; optional.</param>
    /// <param name="timeProvider">Time; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Logger; optional.</param>
    /// <returns>The checker.</returns>
    public static ISchemaCompatibilityChecker Create(BindingsManifest manifest, SchemaCompatibilityOptions options, IModuleSchemaSource source,
        ISchemaCompatibilityNotifications? notifications = null, TimeProvider? timeProvider = null, ILogger? logger = null) =>
        new CompatibilityCheckerEngine(
            manifest ?? throw new ArgumentNullException(nameof(manifest)),
            options ?? throw new ArgumentNullException(nameof(options)),
            source ?? throw new ArgumentNullException(nameof(source)),
            notifications,
            timeProvider ?? TimeProvider.System,
            logger ?? NullLogger.Instance);
}
