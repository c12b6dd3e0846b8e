namespace Stdb.Compat;

/// <summary>A capability the façade relies on, whose availability depends on the SDK major and the server.</summary>
public enum CompatCapability
{
    /// <summary>2.x event tables (bindings and server both support them).</summary>
    EventTables = 0,

    /// <summary>Reducer callbacks for other clients' calls (1.x full mode, modules the server does not hide).</summary>
    OtherClientReducerCallbacks = 1,

    /// <summary>Light mode has an effect.</summary>
    LightMode = 2,

    /// <summary>Confirmed reads can be requested.</summary>
    ConfirmedReads = 3,

    /// <summary>Typed query builders exist in the bindings.</summary>
    TypedQueries = 4,

    /// <summary>Per-reducer call flags exist (1.x).</summary>
    ReducerFlags = 5,
}
