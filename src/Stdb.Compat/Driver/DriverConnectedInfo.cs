using System;

namespace Stdb.Compat.Driver;

/// <summary>What the server told the client when the connection was established.</summary>
public sealed class DriverConnectedInfo
{
    /// <summary>Creates the connect information.</summary>
    /// <param name="identityHex">The client's identity as hex.</param>
    /// <param name="connectionIdHex">The connection id as hex.</param>
    /// <param name="token">The server-issued token. Secret: never logged or formatted.</param>
    public DriverConnectedInfo(string identityHex, string connectionIdHex, string token)
    {
        IdentityHex = identityHex ?? throw new ArgumentNullException(nameof(identityHex));
        ConnectionIdHex = connectionIdHex ?? throw new ArgumentNullException(nameof(connectionIdHex));
        Token = token ?? throw new ArgumentNullException(nameof(token));
    }

    /// <summary>The client's identity as upper-case hex.</summary>
    public string IdentityHex { get; }

    /// <summary>The connection id as hex.</summary>
    public string ConnectionIdHex { get; }

    /// <summary>The server-issued auth token. A secret: keep it out of logs, metrics, traces and messages.</summary>
    public string Token { get; }

    /// <summary>Formats the identity and connection id; the token is never included.</summary>
    public override string ToString() => $"identity {IdentityHex}, connection {ConnectionIdHex}";
}
