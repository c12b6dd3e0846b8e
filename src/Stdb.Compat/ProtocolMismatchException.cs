using System;

namespace Stdb.Compat;

/// <summary>
/// The server refused the SDK's WebSocket subprotocol: typically bindings built with SpacetimeDB C# SDK 2.x
/// connecting to a 1.x server (HTTP 400 "no valid protocol selected").
/// </summary>
public sealed class ProtocolMismatchException : ConnectFailedException
{
    /// <summary>Creates the exception.</summary>
    public ProtocolMismatchException(int sdkMajor, string requestedProtocol, bool tokenWasSent, Exception? innerException)
        : base(
            $"The server refused protocol '{requestedProtocol}' requested by SpacetimeDB C# SDK {sdkMajor}.x bindings. "
            + (sdkMajor >= 2
                ? "The server is probably SpacetimeDB 1.x, which speaks only v1: upgrade the server or use bindings generated for SDK 1.x."
                : "Upgrade the client SDK and regenerate the bindings.")
            + (tokenWasSent ? " (A malformed auth token is also refused with HTTP 400; check it if the server is 2.x.)" : string.Empty),
            innerException,
            isTransient: false)
    {
        SdkMajor = sdkMajor;
        RequestedProtocol = requestedProtocol;
    }

    /// <summary>SDK major of the bindings.</summary>
    public int SdkMajor { get; }

    /// <summary>The subprotocol the SDK asked for.</summary>
    public string RequestedProtocol { get; }
}
