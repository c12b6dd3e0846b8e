using System;
using System.Collections.Generic;
using System.Linq;
using GameModule;
using Microsoft.Extensions.Time.Testing;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Tests.Support;

/// <summary>A raw wire client that records what the server sends.</summary>
internal sealed class RecordingClient : IWireClient
{
    private static int s_next;

    public RecordingClient()
    {
        ConnectionId = new byte[16];
        BitConverter.GetBytes(System.Threading.Interlocked.Increment(ref s_next)).CopyTo(ConnectionId, 0);
        ConnectionId[15] = 0xC1;
    }

    public byte[] ConnectionId { get; }

    public List<ServerMessage> Messages { get; } = new();

    public List<string?> Closes { get; } = new();

    public IWireServerEndpoint Endpoint { get; set; } = null!;

    public void Receive(ServerMessage message) => Messages.Add(message);

    public void Closed(string? error) => Closes.Add(error);

    public T Last<T>()
        where T : ServerMessage => Messages.OfType<T>().Last();

    public void Clear() => Messages.Clear();

    public void Send(ClientMessage message) => Endpoint.Send(message);
}

internal static class WireHarness
{
    public const string Db = "game";

    public static readonly IReadOnlyList<SimColumn> PlayerV1Columns = new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("username", SimType.String), SimColumn.Of("score", SimType.U32) };

    public static readonly IReadOnlyList<SimColumn> PlayerV2Columns = PlayerV1Columns.Append(SimColumn.Of("display_name", SimType.Option(SimType.String))).ToArray();

    public static SimulatedServer StartServer(string version, SimModule? module = null, FakeTimeProvider? time = null)
    {
        var server = new SimulatedServer(new SimulatedServerOptions { Version = version, TimeProvider = time ?? new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)) });
        server.Publish(Db, module ?? (version.StartsWith('1') ? GameModules.V1() : GameModules.V2()));
        return server;
    }

    public static RecordingClient Connect(SimulatedServer server, int protocol, bool light = false, string? token = null, string db = Db)
    {
        var client = new RecordingClient();
        bool ok = SimulatedNetwork.TryConnect(server.Uri, Request(protocol, client, light, token, db), client, out IWireServerEndpoint? endpoint, out WireRefusal? refusal);
        if (!ok)
        {
            throw new InvalidOperationException($"refused: {refusal}");
        }

        client.Endpoint = endpoint!;
        return client;
    }

    public static WireConnectRequest Request(int protocol, RecordingClient client, bool light = false, string? token = null, string db = Db) =>
        new(db, protocol == 2 ? WireSubprotocols.V2 : WireSubprotocols.V1, token, client.ConnectionId, light, null, "None");

    public static void Subscribe(RecordingClient client, uint queryId, params string[] queries) => client.Send(new WireSubscribe(queryId, queryId, queries));

    public static void Call(RecordingClient client, uint requestId, string reducer, SimRow args, IReadOnlyList<SimColumn> parameters, byte flags = 0) =>
        client.Send(new WireCallReducer(requestId, reducer, BsatnCodec.EncodeRow(parameters, args), flags));

    public static void CreatePlayer(RecordingClient client, uint requestId, string name, byte flags = 0) =>
        Call(client, requestId, "create_player", new SimRow(name), new[] { SimColumn.Of("username", SimType.String) }, flags);

    public static void DealDamage(RecordingClient client, uint requestId, ulong target, uint amount, byte flags = 0) =>
        Call(client, requestId, "deal_damage", new SimRow(target, amount), new[] { SimColumn.Of("target", SimType.U64), SimColumn.Of("amount", SimType.U32) }, flags);

    public static SimRow Decode(IReadOnlyList<SimColumn> columns, byte[] bytes) => BsatnCodec.DecodeRow(columns, bytes);
}
