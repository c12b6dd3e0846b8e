using System;
using System.Collections.Generic;

namespace Stdb.Compat.Testing.Server;

/// <summary>Fault injection on a <see cref="SimulatedServer"/>. Deterministic: nothing happens until the test says so.</summary>
public sealed class SimFaults
{
    private readonly SimulatedServer _server;
    private readonly Dictionary<string, Queue<(string Message, bool Internal)>> _failNext = new(StringComparer.Ordinal);

    internal SimFaults(SimulatedServer server)
    {
        _server = server;
    }

    /// <summary>New connections are refused (HTTP 503) while true.</summary>
    public bool RefuseConnections { get; set; }

    internal bool AllHeld { get; private set; }

    /// <summary>
    /// Holds outbound messages (simulated latency): to one client, or to every client (including later ones) when
    /// <paramref name="client"/> is null. Reducers still run at once; their results wait for <see cref="ReleaseDelivery"/>.
    /// </summary>
    public void HoldDelivery(SimClientInfo? client = null) => _server.Read(() =>
    {
        if (client is null)
        {
            AllHeld = true;
        }
        else
        {
            client.Connection.Held = true;
        }

        return true;
    });

    /// <summary>Releases held messages, in order: of one client, or of every client when <paramref name="client"/> is null.</summary>
    public void ReleaseDelivery(SimClientInfo? client = null) => _server.Read(() =>
    {
        if (client is null)
        {
            AllHeld = false;
            foreach (ServerConnection connection in _server.AllConnections())
            {
                connection.Held = false;
                connection.Flush();
            }
        }
        else
        {
            client.Connection.Held = false;
            client.Connection.Flush();
        }

        return true;
    });

    /// <summary>Drops a client's connection now (its held messages are lost); the client sees a close with <paramref name="reason"/>.</summary>
    public void DropConnection(SimClientInfo client, string reason = "Connection reset by peer (simulated fault).")
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        _server.CloseFromServer(client.Connection, reason);
    }

    /// <summary>
    /// Fails the next call of <paramref name="reducer"/> with <paramref name="message"/> without running it.
    /// <paramref name="internalError"/> = true simulates a host crash (v2 <c>InternalError</c>) instead of a reducer error.
    /// </summary>
    public void FailNextCall(string reducer, string message, bool internalError = false) => _server.Read(() =>
    {
        if (!_failNext.TryGetValue(reducer, out var queue))
        {
            queue = new Queue<(string, bool)>();
            _failNext[reducer] = queue;
        }

        queue.Enqueue((message, internalError));
        return true;
    });

    internal bool TryTakeFailure(string reducer, out string message, out bool internalError)
    {
        if (_failNext.TryGetValue(reducer, out var queue) && queue.Count > 0)
        {
            (message, internalError) = queue.Dequeue();
            return true;
        }

        message = string.Empty;
        internalError = false;
        return false;
    }
}
