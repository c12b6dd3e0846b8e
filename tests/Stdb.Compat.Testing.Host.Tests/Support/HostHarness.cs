using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Testing.Host.Tests.Support;

/// <summary>A simulated server with one small module, served on loopback, and raw WebSocket clients for it.</summary>
internal sealed class HostHarness : IAsyncDisposable
{
    public const string Db = "game";

    /// <summary>Connection id 1 as the SDK writes it in the URL (big-endian hex); on the wire it is 01 00 … 00.</summary>
    public const string ConnectionIdHex = "00000000000000000000000000000001";

    public static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private HostHarness(SimulatedServer server, SimulatedHost host, FakeTimeProvider time)
    {
        Server = server;
        Host = host;
        Time = time;
    }

    public SimulatedServer Server { get; }

    public SimulatedHost Host { get; }

    public FakeTimeProvider Time { get; }

    public static long StartMicros => Start.ToUnixTimeMilliseconds() * 1000;

    public static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>player(id u64 pk, name string), score(id u32 pk, points u32), reducer set_score(id u32, points u32).</summary>
    public static SimModule Module(ModuleDefVersion version) => SimModule.Define(version)
        .Table("player", t => t.Column("id", SimType.U64).Column("name", SimType.String).PrimaryKey("id"))
        .Table("score", t => t.Column("id", SimType.U32).Column("points", SimType.U32).PrimaryKey("id"))
        .Reducer("set_score", p => p.Param("id", SimType.U32).Param("points", SimType.U32), (ctx, args) =>
        {
            SimTable score = ctx.Table("score");
            if (score.Find(args[0]!) is null)
            {
                score.Insert(new SimRow(args[0], args[1]));
            }
            else
            {
                score.Update(new SimRow(args[0], args[1]));
            }
        });

    public static async Task<HostHarness> StartAsync(string version = "2.8.3", SimulatedHostOptions? options = null, SimModule? module = null)
    {
        var time = new FakeTimeProvider(Start);
        var server = new SimulatedServer(new SimulatedServerOptions { Version = version, TimeProvider = time });
        server.Publish(Db, module ?? Module(version.StartsWith('1') ? ModuleDefVersion.V9 : ModuleDefVersion.V10));
        SimulatedHost host = await SimulatedHost.StartAsync(server, options);
        return new HostHarness(server, host, time);
    }

    public Uri SubscribeUri(string query = "compression=None", string db = Db) =>
        new($"ws://{Host.Uri.Authority}/v1/database/{db}/subscribe?connection_id={ConnectionIdHex}&{query}");

    public async Task<ClientWebSocket> ConnectAsync(string subprotocol, string query = "compression=None", string? token = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(subprotocol);
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(SubscribeUri(query), cts.Token);
        return socket;
    }

    /// <summary>Sends a WebSocket upgrade by hand, so the refusal's status and body can be read.</summary>
    public async Task<(int Status, string Body)> UpgradeAsync(IEnumerable<string> subprotocols, string query = "compression=None", string db = Db)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.Uri, $"v1/database/{db}/subscribe?connection_id={ConnectionIdHex}&{query}"));
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        string protocols = string.Join(", ", subprotocols);
        if (protocols.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Protocol", protocols);
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<byte[]> ReceiveAsync(WebSocket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        var message = new List<byte>();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            message.AddRange(buffer.AsSpan(0, result.Count).ToArray());
        }
        while (!result.EndOfMessage);
        return message.ToArray();
    }

    public static Task SendAsync(WebSocket socket, byte[] message) =>
        socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Server.Dispose();
    }

    public SimClientInfo OnlyClient() => Server.Clients.Single();
}
