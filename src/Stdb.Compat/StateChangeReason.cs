namespace Stdb.Compat;

/// <summary>Why the connection state changed.</summary>
public enum StateChangeReason
{
    /// <summary>The app asked for it (connect, disconnect, dispose).</summary>
    Requested = 0,

    /// <summary>The server accepted the connection.</summary>
    Established = 1,

    /// <summary>The connection could not be established (refused, unreachable, timed out).</summary>
    ConnectFailed = 2,

    /// <summary>The server speaks no protocol this SDK major can use (e.g. a 2.x client against a 1.x server).</summary>
    ProtocolMismatch = 3,

    /// <summary>The server closed the connection normally.</summary>
    ServerClosed = 4,

    /// <summary>The connection was lost with an error.</summary>
    ConnectionLost = 5,

    /// <summary>A message from the server could not be parsed with these bindings (the module changed).</summary>
    ParseFailure = 6,

    /// <summary>A connection attempt took longer than its timeout.</summary>
    TimedOut = 7,

    /// <summary>Reconnecting gave up: the reconnect pipeline's attempts are exhausted.</summary>
    RetriesExhausted = 8,

    /// <summary>The compatibility check found the bindings behind the live module (a breaking change the app uses).</summary>
    BindingsBehind = 9,

    /// <summary>No schema path's bindings are compatible with the live module; the error carries every path's report.</summary>
    NoCompatiblePath = 10,

    /// <summary>The client moved to another schema path (a flag change, a client-breaking publish, or <c>SwitchPathAsync</c>).</summary>
    PathSwitched = 11,
}
