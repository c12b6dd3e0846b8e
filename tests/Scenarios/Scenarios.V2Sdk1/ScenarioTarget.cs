using GameModule;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Tables;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios;

/// <summary>
/// (c) Bindings in the SDK 1.12 shape for the v2 module, on a SpacetimeDB 2.x server: degraded. The server speaks
/// v1 to the client but withholds other clients' reducer details for a V10 module, and 1.x has no event tables.
/// </summary>
internal static class ScenarioTarget
{
    public const string Description = "(c) SDK 1.x shape <-> v2 module on a 2.x server (degraded)";
    public const string ServerVersion = "2.8.3";
    public const int SdkMajor = 1;
    public const RowOriginKind OtherClientOrigin = RowOriginKind.Unknown;
    public const EventSourceKind DamageSource = EventSourceKind.ReducerCallback;
    public static readonly bool SeesOtherClientsDamage = false;

    public static readonly CompatCapability[] MissingCapabilities =
    {
        CompatCapability.EventTables, CompatCapability.OtherClientReducerCallbacks,
    };

    public static SimModule Module() => GameModules.V2();

    /// <summary>The module after a client-breaking publish: a column appended to the player table (needs --break-clients).</summary>
    public static SimModule ClientBreakingModule() => GameModules.V2WithTitle();
}
