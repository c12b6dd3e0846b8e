using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Stdb.Compat.Testing.Host.Http;
using Stdb.Compat.Testing.Host.Protocol;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Sql;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Host;

/// <summary>
/// Serves one <see cref="SimulatedServer"/> on a real loopback socket (Kestrel on 127.0.0.1, a random port) with
/// SpacetimeDB's routes: <c>GET /v1/database/{name}/subscribe</c> (WebSocket, <c>v1.bsatn.spacetimedb</c> and
/// <c>v2.bsatn.spacetimedb</c>, byte for byte as the real server), <c>POST /v1/identity</c>,
/// <c>GET /v1/database/{name}/schema?version=9|10</c>, <c>POST /v1/database/{name}/sql</c> (through
/// <see cref="SimulatedHostOptions.SqlHandler"/>) and <c>GET /v1/health</c>. Point a real <c>DbConnection</c>, the CLI
/// or the schema checker at <see cref="Uri"/>. Faults are the simulator's (<see cref="SimulatedServer.Faults"/>:
/// refuse, hold, drop; <see cref="SimulatedServer.Restart"/>) and take effect on the sockets; latency is
/// <see cref="SimulatedHostOptions.SendDelay"/>.
/// </summary>
public sealed class SimulatedHost : IAsyncDisposable
{
    private const string PackageName = "spacetimedb-client-api";
    private readonly WebApplication _app;
    private readonly SimulatedHostOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _connectionIds;
    private readonly object _gate = new();
    private readonly List<Task> _sessions = new();
    private readonly SimulatedSqlEndpoint _sql;
    private int _disposed;

    private SimulatedHost(SimulatedServer server, SimulatedHostOptions options, WebApplication app)
    {
        Server = server;
        _options = options;
        _app = app;
        _connectionIds = new Random(options.Seed);
        _sql = new SimulatedSqlEndpoint(server);
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:54321/</c>; use it as the <c>DbConnection</c> URI.</summary>
    public Uri Uri { get; private set; } = null!;

    /// <summary>The simulated server behind the socket.</summary>
    public SimulatedServer Server { get; }

    /// <summary>Starts Kestrel on 127.0.0.1 with a random port and serves <paramref name="server"/>.</summary>
    /// <param name="server">The simulated server to serve.</param>
    /// <param name="options">Options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host; dispose it to stop.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="server"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SimulatedHostOptions.SendDelay"/> is negative.</exception>
    public static async Task<SimulatedHost> StartAsync(SimulatedServer server, SimulatedHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new SimulatedHostOptions();
        if (options.SendDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SendDelay, "SimulatedHostOptions.SendDelay cannot be negative.");
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        WebApplication app = builder.Build();
        var host = new SimulatedHost(server, options, app);
        app.UseWebSockets();
        app.MapGet("/v1/health", host.HealthAsync);
        app.MapPost("/v1/identity", host.IdentityAsync);
        app.MapGet("/v1/database/{name}/schema", host.SchemaAsync);
        app.MapPost("/v1/database/{name}/sql", host.SqlAsync);
        app.MapGet("/v1/database/{name}/subscribe", host.SubscribeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Uri = new Uri(address.EndsWith('/') ? address : address + "/");
        return host;
    }

    /// <summary>Stops listening and closes every socket abruptly (as a stopped server); the simulated server keeps running.</summary>
    /// <returns>A task that completes when the host has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] sessions;
        lock (_gate)
        {
            sessions = _sessions.ToArray();
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"SimulatedHost at {Uri} serving {Server}";

    // GET /v1/health — crates/client-api/src/routes/health.rs (v1.12.0, v2.8.0):
    // {"package_name": CARGO_PKG_NAME, "version": CARGO_PKG_VERSION, "nodes": [...], "schedulable": bool}.
    // GUESS: a standalone server lists one node, id 0.
    private Task HealthAsync(HttpContext context) => WriteJsonAsync(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("package_name", PackageName);
        w.WriteString("version", Server.Version);
        w.WriteStartArray("nodes");
        w.WriteNumberValue(0);
        w.WriteEndArray();
        w.WriteBoolean("schedulable", true);
        w.WriteEndObject();
    });

    // POST /v1/identity — crates/client-api/src/routes/identity.rs (v2.8.0) CreateIdentityResponse { identity, token };
    // Identity serialises as its big-endian hex (crates/lib/src/identity.rs, serialize_to(to_be_byte_array)).
    private Task IdentityAsync(HttpContext context)
    {
        var (identity, token) = Server.IssueIdentity();
        return WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("identity", BigEndianHex(identity));
            w.WriteString("token", token);
            w.WriteEndObject();
        });
    }

    // GET /v1/database/{name}/schema?version=9|10 — crates/client-api/src/routes/database.rs `schema`:
    // v1.12.0 knows only version 9; v2.8.0 knows 9 and 10. The client-side fetcher treats "servers before 2.0.4 refuse
    // 10", which the host follows. GUESS: the 400 texts are axum's Query rejection texts for serde's errors.
    private Task SchemaAsync(HttpContext context)
    {
        string name = (string)context.Request.RouteValues["name"]!;
        string? versionText = context.Request.Query["version"].FirstOrDefault();
        bool knowsV10 = Server.Major >= 2 && !IsBefore(Server.Version, 2, 0, 4);
        string expected = knowsV10 ? "`9` or `10`" : "`9`";
        if (versionText is null)
        {
            return WriteTextAsync(context, 400, "Failed to deserialize query string: missing field `version`");
        }

        if (versionText != "9" && !(versionText == "10" && knowsV10))
        {
            return WriteTextAsync(context, 400, $"Failed to deserialize query string: unknown variant `{versionText}`, expected {expected}");
        }

        string? body = Server.Read(() => Server.HasDatabase(name) ? ModuleDefJsonWriter.Write(Server.DatabaseState(name), versionText == "10" ? 10 : 9) : null);
        return body is null
            ? WriteTextAsync(context, 404, $"`{name}` not found")
            : WriteRawJsonAsync(context, body);
    }

    // POST /v1/database/{name}/sql — served by SimulatedSqlEndpoint unless SimulatedHostOptions.SqlHandler overrides it.
    private async Task SqlAsync(HttpContext context)
    {
        string name = (string)context.Request.RouteValues["name"]!;
        using var reader = new System.IO.StreamReader(context.Request.Body);
        string sql = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var (status, contentType, body) = _options.SqlHandler is { } handler ? handler(name, sql) : ExecuteSql(name, sql);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private (int StatusCode, string ContentType, string Body) ExecuteSql(string databaseName, string sql)
    {
        var response = _sql.Execute(databaseName, sql);
        return (response.StatusCode, response.ContentType, response.Body);
    }

    // GET /v1/database/{name}/subscribe — crates/client-api/src/routes/subscribe.rs `handle_websocket` (v1.12.0, v2.8.0).
    private async Task SubscribeAsync(HttpContext context)
    {
        string name = (string)context.Request.RouteValues["name"]!;
        if (!TryReadQuery(context.Request.Query, out byte[]? connectionId, out WireCompression compression, out bool light, out bool? confirmed, out string? problem))
        {
            await WriteTextAsync(context, 400, problem!).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            // GUESS: axum's WebSocketUpgrade rejection for a plain GET.
            await WriteTextAsync(context, 400, "Connection header did not include 'upgrade'").ConfigureAwait(false);
            return;
        }

        // The real server's preference order is v3, v2, v1 BSATN, v1 JSON (select_protocol); the host speaks v2 (2.x servers)
        // and v1 BSATN. Anything else — none, v1.json.spacetimedb, v3 — is passed on and refused with 400 "no valid protocol selected".
        IList<string> offered = context.WebSockets.WebSocketRequestedProtocols;
        string subprotocol = Server.Major >= 2 && offered.Contains(WireSubprotocols.V2) ? WireSubprotocols.V2
            : offered.Contains(WireSubprotocols.V1) ? WireSubprotocols.V1
            : string.Empty;
        string? token = BearerToken(context.Request);
        var request = new WireConnectRequest(name, subprotocol, token, connectionId ?? NewConnectionId(), light, confirmed, compression.ToString());
        var session = new HostSession(Server, _options, subprotocol == WireSubprotocols.V2 ? 2 : 1, compression);
        if (!Server.TryAccept(request, session, out IWireServerEndpoint? endpoint, out WireRefusal? refusal))
        {
            await WriteTextAsync(context, refusal!.StatusCode == 0 ? 503 : refusal.StatusCode, refusal.Body).ConfigureAwait(false);
            return;
        }

        session.Attach(endpoint!);
        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol).ConfigureAwait(false);
        }
        catch
        {
            endpoint!.Close();
            throw;
        }

        Task run = session.RunAsync(context, socket, _stopping.Token);
        lock (_gate)
        {
            _sessions.RemoveAll(t => t.IsCompleted);
            _sessions.Add(run);
        }

        await run.ConfigureAwait(false);
    }

    // SubscribeQueryParams { connection_id: Option<ConnectionIdForUrl>, compression: Compression (default Brotli),
    // light: bool (default false), confirmed: Option<bool> }. The SDK sends connection_id as ConnectionId.ToString(),
    // 32 hex digits, big-endian; the wire carries it little-endian. All-zero ids are refused as by the real server.
    // GUESS: the texts of malformed parameters are axum's Query rejection texts.
    internal static bool TryReadQuery(IQueryCollection query, out byte[]? connectionId, out WireCompression compression, out bool light, out bool? confirmed, out string? problem)
    {
        connectionId = null;
        compression = WireCompression.Brotli;
        light = false;
        confirmed = null;
        problem = null;
        string? id = query["connection_id"].FirstOrDefault();
        if (id is not null)
        {
            string hex = id.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? id[2..] : id;
            if (hex.Length != 32 || !hex.All(Uri.IsHexDigit))
            {
                problem = "Failed to deserialize query string: connection_id: invalid ConnectionId: expected 32 hex digits";
                return false;
            }

            byte[] bigEndian = Convert.FromHexString(hex);
            Array.Reverse(bigEndian);
            connectionId = bigEndian;
            if (connectionId.All(b => b == 0))
            {
                problem = "Invalid connection ID: the all-zeros ConnectionId is reserved.";
                return false;
            }
        }

        string? c = query["compression"].FirstOrDefault();
        if (c is not null)
        {
            switch (c)
            {
                case "None":
                    compression = WireCompression.None;
                    break;
                case "Brotli":
                    compression = WireCompression.Brotli;
                    break;
                case "Gzip":
                    compression = WireCompression.Gzip;
                    break;
                default:
                    problem = $"Failed to deserialize query string: compression: unknown variant `{c}`, expected one of `None`, `Brotli`, `Gzip`";
                    return false;
            }
        }

        if (!TryBool(query, "light", out bool? l, ref problem) || !TryBool(query, "confirmed", out confirmed, ref problem))
        {
            return false;
        }

        light = l ?? false;
        return true;
    }

    internal static string BigEndianHex(byte[] littleEndian)
    {
        byte[] copy = (byte[])littleEndian.Clone();
        Array.Reverse(copy);
        return Convert.ToHexString(copy).ToLowerInvariant();
    }

    private static bool TryBool(IQueryCollection query, string key, out bool? value, ref string? problem)
    {
        value = null;
        string? text = query[key].FirstOrDefault();
        if (text is null)
        {
            return true;
        }

        if (bool.TryParse(text, out bool parsed) && (text == "true" || text == "false"))
        {
            value = parsed;
            return true;
        }

        problem = $"Failed to deserialize query string: {key}: provided string was not `true` or `false`";
        return false;
    }

    private static string? BearerToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization.FirstOrDefault();
        const string Prefix = "Bearer ";
        return header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }

    private static bool IsBefore(string version, int major, int minor, int patch)
    {
        string[] parts = version.Split('.', '-', '+');
        int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
        return (Part(0), Part(1), Part(2)).CompareTo((major, minor, patch)) < 0;
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static Task WriteRawJsonAsync(HttpContext context, string json)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(stream.ToArray(), context.RequestAborted).AsTask();
    }

    private byte[] NewConnectionId()
    {
        var id = new byte[16];
        lock (_gate)
        {
            _connectionIds.NextBytes(id);
        }

        id[0] |= 1; // never all zeros
        return id;
    }
}
