namespace Stdb.Compat;

/// <summary>The lifecycle state of a <c>ICompatClient</c>.</summary>
public enum CompatConnectionState
{
    /// <summary>Not connected; <c>ICompatClient.ConnectAsync</c> may be called.</summary>
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
