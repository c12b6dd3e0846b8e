using GameModule;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Tables;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios;

/// <summary>(b) Bindings in the SDK 2.8 shape for the v2 module, on a SpacetimeDB 2.x server.</summary>
internal static class ScenarioTarget
{
    public const string Description = "(b) SDK 2.x shape <-> v2 module on a 2.x server";
    public const string ServerVersion = "2.8.3";
    public const int SdkMajor = 2;
    public const RowOriginKind OtherClientOrigin = RowOriginKind.OtherClient;
    public const EventSourceKind DamageSource = EventSourceKind.EventTable;
    public static readonly bool SeesOtherClientsDamage = true;

    public static readonly CompatCapability[] MissingCapabilities =
    {
        CompatCapability.OtherClientReducerCallbacks, CompatCapability.LightMode, CompatCapability.ReducerFlags,
    };

    public static SimModule Module() => GameModules.V2();

    /// <summary>The module after a client-breaking publish: a column appended to the player table (needs --break-clients).</summary>
    public static SimModule ClientBreakingModule() => GameModules.V2WithTitle();
}
