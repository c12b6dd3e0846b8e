using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Fetching;

/// <summary>
/// Fetches the live module schema over HTTP: <c>GET /v1/database/{name}/schema?version=10</c>, falling back to
/// <c>version=9</c> when the server refuses 10 (servers before 2.0.4 answer 400), and the server version from
/// <c>/v1/health</c>. Timeouts and retries run through a Polly pipeline on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class HttpModuleSchemaSource : IModuleSchemaSource
{
    private readonly HttpClient _http;
    private readonly SchemaFetcherOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly Uri _base;

    /// <summary>Creates the source.</summary>
    /// <param name="http">The HTTP client (not disposed by this source).</param>
    /// <param name="options">Where and how to fetch.</param>
    /// <param name="timeProvider">Time for timeouts and retry delays; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public HttpModuleSchemaSource(HttpClient http, SchemaFetcherOptions options, TimeProvider? timeProvider = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _base = NormaliseBase(options.ServerUri!);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is TimeoutRejectedException
                    or SchemaFetchException { IsTransient: true }),
            });
        }

        _pipeline = builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <inheritdoc/>
    public async Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default)
    {
        var (status, body, uri) = await GetSchemaAsync(10, cancellationToken).ConfigureAwait(false);
        var version = 10;
        if (status == HttpStatusCode.BadRequest)
        {
            (status, body, uri) = await GetSchemaAsync(9, cancellationToken).ConfigureAwait(false);
            version = 9;
            if (status == HttpStatusCode.BadRequest)
            {
                throw new SchemaFetchException(SchemaFetchFailure.VersionRefused,
                    $"The server at {_base} refused schema versions 10 and 9: {body}", uri, status, body);
            }
        }

        ModuleSchema schema;
        try
        {
            schema = version == 10 ? ModuleDefJson.ReadV10(body) : ModuleDefJson.ReadV9(body);
        }
        catch (SchemaFormatException ex)
        {
            throw new SchemaFetchException(SchemaFetchFailure.InvalidSchema,
                $"The server answered {uri} with an invalid module definition: {ex.Message}", uri, status, null, ex);
        }

        var serverVersion = _options.QueryServerVersion ? await GetServerVersionAsync(cancellationToken).ConfigureAwait(false) : null;
        return new FetchedModuleSchema(schema, version, serverVersion, body);
    }

    /// <summary>Reads the server version from <c>/v1/health</c>; <see langword="null"/> when the route is missing or fails.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The version, or <see langword="null"/>.</returns>
    public async Task<string?> GetServerVersionAsync(CancellationToken cancellationToken = default)
    {
        var uri = new Uri(_base, "v1/health");
        try
        {
            var (status, body) = await _pipeline.ExecuteAsync(
                async ct => await SendAsync(uri, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (status != HttpStatusCode.OK)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("version", out var v)
                && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The health route is optional; any failure means "unknown version".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private async Task<(HttpStatusCode Status, string Body, Uri Uri)> GetSchemaAsync(int version, CancellationToken cancellationToken)
    {
        var uri = new Uri(_base, $"v1/database/{Uri.EscapeDataString(_options.DatabaseName)}/schema?version={version}");
        try
        {
            return await _pipeline.ExecuteAsync(async ct =>
            {
                var (status, body) = await SendAsync(uri, ct).ConfigureAwait(false);
                Classify(status, body, uri);
                return (status, body, uri);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SchemaFetchException(SchemaFetchFailure.Timeout,
                $"Fetching {uri} timed out after {_options.MaxRetryAttempts + 1} attempt(s) of {_options.AttemptTimeout}.", uri, innerException: ex);
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Uri uri, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
#if NET8_0_OR_GREATER
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
#else
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
            return (response.StatusCode, body);
        }
        catch (HttpRequestException ex)
        {
            throw new SchemaFetchException(SchemaFetchFailure.NetworkError, $"Could not reach {uri}: {ex.Message}", uri, innerException: ex);
        }
    }

    // Throws for every status that is final; returns for 200 and for a 400 that refuses the version.
    private static void Classify(HttpStatusCode status, string body, Uri uri)
    {
        var code = (int)status;
        if (status == HttpStatusCode.OK)
        {
            return;
        }

        if (status == HttpStatusCode.Unauthorized || body.StartsWith("Authorization", StringComparison.Ordinal))
        {
            throw new SchemaFetchException(SchemaFetchFailure.Unauthorized, $"The server rejected the token for {uri}: {body}", uri, status, body);
        }

        if (status == HttpStatusCode.BadRequest)
        {
            return; // version refused: the caller falls back
        }

        if (status == HttpStatusCode.NotFound)
        {
            throw new SchemaFetchException(SchemaFetchFailure.DatabaseNotFound, $"The server does not know the database ({uri}): {body}", uri, status, body);
        }

        if (code >= 500)
        {
            var failure = body.Trim().Equals("no such module", StringComparison.Ordinal) ? SchemaFetchFailure.ModuleNotLoaded : SchemaFetchFailure.ServerError;
            throw new SchemaFetchException(failure, $"The server failed to serve {uri} ({code}): {body}", uri, status, body);
        }

        throw new SchemaFetchException(SchemaFetchFailure.UnexpectedStatus, $"Unexpected status {code} from {uri}: {body}", uri, status, body);
    }

    private static Uri NormaliseBase(Uri server)
    {
        var b = new UriBuilder(server);
        if (b.Scheme == "ws")
        {
            b.Scheme = "http";
        }
        else if (b.Scheme == "wss")
        {
            b.Scheme = "https";
        }

        if (!b.Path.EndsWith("/", StringComparison.Ordinal))
        {
            b.Path += "/";
        }

        b.Query = string.Empty;
        return b.Uri;
    }
}
