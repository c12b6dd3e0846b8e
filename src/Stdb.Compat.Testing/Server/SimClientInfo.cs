using System;

namespace Stdb.Compat.Testing.Server;

/// <summary>A client connected to a <see cref="SimulatedServer"/>.</summary>
public sealed class SimClientInfo
{
    internal SimClientInfo(ServerConnection connection)
    {
        Connection = connection;
    }

    /// <summary>The database the client connected to.</summary>
    public string DatabaseName => Connection.Database.Name;

    /// <summary>The client's identity (32 bytes, little-endian).</summary>
    public byte[] Identity => (byte[])Connection.Identity.Clone();

    /// <summary>The identity as big-endian upper-case hex.</summary>
    public string IdentityHex => SimHex.Of(Connection.Identity);

    /// <summary>The connection id as big-endian upper-case hex.</summary>
    public string ConnectionIdHex => SimHex.Of(Connection.ConnectionId);

    /// <summary>The negotiated subprotocol, <c>v1.bsatn.spacetimedb</c> or <c>v2.bsatn.spacetimedb</c>.</summary>
    public string Protocol => Connection.Protocol == 2 ? Wire.WireSubprotocols.V2 : Wire.WireSubprotocols.V1;

    /// <summary>The client asked for light mode.</summary>
    public bool LightMode => Connection.Light;

    /// <summary>Number of query sets the client has subscribed.</summary>
    public int SubscriptionCount => Connection.Subscriptions.Count;

    /// <summary>Number of server messages held back from this client by a fault.</summary>
    public int HeldMessages => Connection.HeldCount;

    internal ServerConnection Connection { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Protocol} client {IdentityHex.Substring(0, Math.Min(8, IdentityHex.Length))} on '{DatabaseName}'";
}
