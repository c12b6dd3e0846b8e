namespace Stdb.Compat.Driver;

/// <summary>
/// What one set of generated bindings, compiled against one SDK major, can do. Everything that differs between
/// SpacetimeDB C# SDK 1.x and 2.x and matters above the driver port is expressed here, never as a version check.
/// </summary>
public sealed record DriverCapabilities
{
    private readonly bool? _reducerResultsCarryCallArgs;
    private readonly bool? _upgradeRefusalIsProtocolMismatch;

    /// <summary>Major version of the SpacetimeDB C# SDK the bindings were compiled against (1 or 2).</summary>
    public int SdkMajor { get; init; }

    /// <summary>WebSocket subprotocol the SDK requests, e.g. <c>v1.bsatn.spacetimedb</c>.</summary>
    public string Protocol { get; init; } = string.Empty;

    /// <summary>The bindings expose event tables (<c>RemoteEventTableHandle</c>, 2.x).</summary>
    public bool EventTables { get; init; }

    /// <summary>The SDK fires <c>On&lt;Reducer&gt;</c> for other clients' committed calls (1.x full mode).</summary>
    public bool ReducerCallbacksForOtherClients { get; init; }

    /// <summary><c>WithLightMode(true)</c> has an effect (1.x). 2.x accepts it and ignores it.</summary>
    public bool LightMode { get; init; }

    /// <summary>The builder offers <c>WithConfirmedReads</c> (1.9+ and 2.x).</summary>
    public bool ConfirmedReads { get; init; }

    /// <summary>The bindings carry a typed query builder (1.12 <c>Query&lt;TRow&gt;</c>, 2.x <c>IQuery&lt;TRow&gt;</c>).</summary>
    public bool TypedQueries { get; init; }

    /// <summary>Per-reducer call flags exist (<c>SetReducerFlags</c>, 1.x only).</summary>
    public bool ReducerFlags { get; init; }

    /// <summary>How wire names were derived by the code generator.</summary>
    public Stdb.Compat.WireNamePolicy WireNames { get; init; }

    /// <summary>Version of the <c>spacetime</c> CLI that generated the bindings, when known.</summary>
    public string? BindingsVersion { get; init; }

    /// <summary>
    /// A reducer result hands back the very argument object the app sent (2.x), so calls are matched by reference
    /// only; false when the SDK decodes a new object (1.x) and calls are matched by value. Default: true from SDK 2 on.
    /// </summary>
    public bool ReducerResultsCarryCallArgs
    {
        get => _reducerResultsCarryCallArgs ?? SdkMajor >= 2;
        init => _reducerResultsCarryCallArgs = value;
    }

    /// <summary>
    /// A refused WebSocket upgrade (HTTP 400) means the server speaks none of the SDK's protocols (2.x against a 1.x
    /// server). Default: true from SDK 2 on.
    /// </summary>
    public bool UpgradeRefusalIsProtocolMismatch
    {
        get => _upgradeRefusalIsProtocolMismatch ?? SdkMajor >= 2;
        init => _upgradeRefusalIsProtocolMismatch = value;
    }
}
