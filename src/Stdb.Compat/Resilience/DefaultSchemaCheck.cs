using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Runtime;

namespace Stdb.Compat.Resilience;

/// <summary>
/// The check a client runs when none is configured and its driver carries the generated manifest
/// (<see cref="Driver.IBindingsManifestSource"/>): fetches the live schema over HTTP from the client's own server,
/// database and token (read at each check, so a reloaded option or a renewed token is used) and diffs it with the
/// manifest. No manifest → no default check. During a path selection (<see cref="CompatibilityCheckContext.Fetches"/>)
/// the candidates on one target share one fetch, and the lane's connect check right after it takes that schema
/// (<see cref="SchemaFetchHandover"/>) instead of fetching again.
/// </summary>
internal sealed class DefaultSchemaCheck : ICompatibilityCheck
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly BindingsManifest _manifest;
    private readonly Func<(ClientSnapshot Settings, string? Token)> _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SchemaFetchHandover? _handover;
    private readonly Func<SchemaFetcherOptions, IModuleSchemaSource>? _sources;

    /// <param name="manifest">The bindings' manifest.</param>
    /// <param name="connection">The lane's settings and token, read at each check.</param>
    /// <param name="time">Clock of the fetch's timeout.</param>
    /// <param name="logger">Where the checker logs.</param>
    /// <param name="handover">The latest selection's schemas (a schema-path client's lanes), or none.</param>
    /// <param name="sources">Where a schema is fetched from (tests); HTTP when null.</param>
    public DefaultSchemaCheck(BindingsManifest manifest, Func<(ClientSnapshot Settings, string? Token)> connection, TimeProvider time, ILogger logger,
        SchemaFetchHandover? handover = null, Func<SchemaFetcherOptions, IModuleSchemaSource>? sources = null)
    {
        _manifest = manifest;
        _connection = connection;
        _time = time;
        _logger = logger;
        _handover = handover;
        _sources = sources;
    }

    public ValueTask<CompatibilityCheckResult> CheckAsync(CompatibilityCheckContext context, CancellationToken cancellationToken = default)
    {
        var (settings, token) = _connection();
        var options = new SchemaCompatibilityOptions
        {
            ServerUri = settings.ServerUri,
            DatabaseName = settings.DatabaseName,
            Token = token,
            MaxRetryAttempts = 0,
        };
        var fetcher = options.ToFetcherOptions();
        var live = _sources?.Invoke(fetcher) ?? new HttpModuleSchemaSource(SharedHttp.Value, fetcher, _time);
        var source = live;
        if (context.Fetches is { } fetches)
        {
            source = new Shared(ct => fetches.FetchAsync(settings.ServerUri, settings.DatabaseName, () => live.FetchAsync(ct)));
        }
        else if (context.Trigger == CompatibilityCheckTrigger.Connected && _handover?.TryTake(settings.ServerUri, settings.DatabaseName) is { } fetched)
        {
            source = new Shared(_ => fetched);
        }

        var checker = new CompatibilityCheckerEngine(_manifest, options, source, null, _time, _logger);
        return new SchemaCompatibilityCheck(checker).CheckAsync(context, cancellationToken);
    }

    /// <summary>A schema fetched once for several checks.</summary>
    private sealed class Shared : IModuleSchemaSource
    {
        private readonly Func<CancellationToken, Task<FetchedModuleSchema>> _fetch;

        public Shared(Func<CancellationToken, Task<FetchedModuleSchema>> fetch) => _fetch = fetch;

        public Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default) => _fetch(cancellationToken);
    }
}
