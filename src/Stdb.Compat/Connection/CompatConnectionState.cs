namespace Stdb.Compat.Connection;

/// <summary>The lifecycle state of a <see cref="ICompatClient"/>.</summary>
public enum CompatConnectionState
{
    /// <summary>Not connected; <see cref="ICompatClient.ConnectAsync"/> may be called.</summary>
    Disconnected = 0,

    /// <summary>A connection attempt is under way.</summary>
    Connecting = 1,

    /// <summary>Connected: the server has sent the client its identity.</summary>
    Connected = 2,

    /// <summary>The connection was lost and a new one is being attempted.</summary>
    Reconnecting = 3,

    /// <summary>The connection failed in a way retrying cannot fix (see <see cref="StateChange.Reason"/>).</summary>
    Faulted = 4,

    /// <summary>The client was disposed.</summary>
    Closed = 5,
}
