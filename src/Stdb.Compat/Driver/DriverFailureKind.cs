namespace Stdb.Compat.Driver;

/// <summary>What a connect error or disconnect reported by the SDK means, as the driver classifies it.</summary>
public enum DriverFailureKind
{
    /// <summary>The driver cannot tell; the core falls back to the SDK's known error texts.</summary>
    Unknown = 0,

    /// <summary>A normal close (the SDK passed no error).</summary>
    Closed = 1,

    /// <summary>The connection was lost or could not be made; another attempt may work.</summary>
    Lost = 2,

    /// <summary>The server speaks none of the SDK's protocols (the WebSocket upgrade was refused).</summary>
    ProtocolRefused = 3,

    /// <summary>A message from the server could not be decoded with these bindings.</summary>
    ParseFailure = 4,
}
