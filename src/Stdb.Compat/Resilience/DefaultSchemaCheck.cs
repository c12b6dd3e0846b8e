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
/// manifest. No manifest → no default check.
/// </summary>
internal sealed class DefaultSchemaCheck : ICompatibilityCheck
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly BindingsManifest _manifest;
    private readonly Func<(ClientSnapshot Settings, string? Token)> _connection;
    private readonly HttpClient? _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DefaultSchemaCheck(BindingsManifest manifest, Func<(ClientSnapshot Settings, string? Token)> connection, TimeProvider time, ILogger logger, HttpClient? http = null)
    {
        _manifest = manifest;
        _connection = connection;
        _time = time;
        _logger = logger;
        _http = http;
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
        var source = new HttpModuleSchemaSource(_http ?? SharedHttp.Value, options.ToFetcherOptions(), _time);
        var checker = new CompatibilityCheckerEngine(_manifest, options, source, null, _time, _logger);
        return new SchemaCompatibilityCheck(checker).CheckAsync(context, cancellationToken);
    }
}
