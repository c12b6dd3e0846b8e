using System.Collections.Generic;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Server;

/// <summary>One query set a client subscribed (v1 query id / v2 query set id), or the v1 legacy subscribe-all.</summary>
internal sealed class QuerySet
{
    public QuerySet(uint queryId, List<string> tables, bool legacy)
    {
        QueryId = queryId;
        Tables = tables;
        IsLegacy = legacy;
    }

    public uint QueryId { get; }

    public List<string> Tables { get; }

    public bool IsLegacy { get; }
}

/// <summary>The server side of one simulated socket.</summary>
internal sealed class ServerConnection : IWireServerEndpoint
{
    private readonly SimulatedServer _server;
    private readonly Queue<ServerMessage> _held = new();

    public ServerConnection(SimulatedServer server, DatabaseState db, IWireClient client, int protocol, byte[] identity, byte[] connectionId, string token, bool light)
    {
        _server = server;
        Database = db;
        Client = client;
        Protocol = protocol;
        Identity = identity;
        ConnectionId = connectionId;
        Token = token;
        Light = light;
    }

    public DatabaseState Database { get; }

    public IWireClient Client { get; }

    /// <summary>1 for v1.bsatn.spacetimedb, 2 for v2.bsatn.spacetimedb.</summary>
    public int Protocol { get; }

    public byte[] Identity { get; }

    public byte[] ConnectionId { get; }

    public string Token { get; }

    public bool Light { get; }

    public bool IsClosed { get; private set; }

    public bool Held { get; set; }

    public int HeldCount => _held.Count;

    public List<QuerySet> Subscriptions { get; } = new();

    public void Send(ClientMessage message) => _server.Handle(this, message);

    public void Close() => _server.CloseFromClient(this);

    /// <summary>Delivers at once, or queues while delivery to this client is held.</summary>
    public void Deliver(ServerMessage message)
    {
        if (IsClosed)
        {
            return;
        }

        if (Held || _server.Faults.AllHeld)
        {
            _held.Enqueue(message);
            return;
        }

        Client.Receive(message);
    }

    public void Flush()
    {
        while (!IsClosed && !Held && !_server.Faults.AllHeld && _held.Count > 0)
        {
            Client.Receive(_held.Dequeue());
        }
    }

    /// <summary>Marks the socket closed; messages still held are lost.</summary>
    public void MarkClosed()
    {
        IsClosed = true;
        _held.Clear();
    }
}
