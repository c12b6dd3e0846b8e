using System;
using System.Collections.Generic;
using System.Globalization;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Server;

/// <summary>The process-wide registry of simulated servers, addressed by <c>sim://server-N/</c> URIs.</summary>
internal static class SimulatedNetwork
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, SimulatedServer> Servers = new(StringComparer.OrdinalIgnoreCase);
    private static int s_counter;

    public static Uri Register(SimulatedServer server)
    {
        lock (Gate)
        {
            s_counter++;
            var uri = new Uri(string.Format(CultureInfo.InvariantCulture, "sim://server-{0}/", s_counter));
            Servers[uri.Authority] = server;
            return uri;
        }
    }

    public static void Unregister(Uri uri)
    {
        lock (Gate)
        {
            Servers.Remove(uri.Authority);
        }
    }

    /// <summary>Finds the server behind a URI (any scheme; matched by host and port).</summary>
    public static bool TryGetServer(Uri uri, out SimulatedServer? server)
    {
        lock (Gate)
        {
            return Servers.TryGetValue(uri.Authority, out server);
        }
    }

    /// <summary>
    /// Opens a simulated socket. On success the server has already queued <c>IdentityToken</c>/<c>InitialConnection</c>
    /// into <paramref name="client"/>. On failure <paramref name="refusal"/> holds the HTTP status and body; status 0
    /// means no server answered at that address (connection refused).
    /// </summary>
    public static bool TryConnect(Uri uri, WireConnectRequest request, IWireClient client, out IWireServerEndpoint? endpoint, out WireRefusal? refusal)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        if (!TryGetServer(uri, out SimulatedServer? server))
        {
            endpoint = null;
            refusal = new WireRefusal(0, $"Connection refused: no simulated server at {uri}.");
            return false;
        }

        return server!.TryAccept(request, client, out endpoint, out refusal);
    }
}
