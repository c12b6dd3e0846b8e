using GameModule;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Tables;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios;

/// <summary>(a) Bindings in the SDK 1.12 shape for the v1 module, on a SpacetimeDB 1.x server.</summary>
internal static class ScenarioTarget
{
    public const string Description = "(a) SDK 1.x shape <-> v1 module on a 1.x server";
    public const string ServerVersion = "1.12.0";
    public const int SdkMajor = 1;
    public const RowOriginKind OtherClientOrigin = RowOriginKind.OtherClient;
    public const EventSourceKind DamageSource = EventSourceKind.ReducerCallback;
    public static readonly bool SeesOtherClientsDamage = true;

    public static readonly CompatCapability[] MissingCapabilities = { CompatCapability.EventTables };

    public static SimModule Module() => GameModules.V1();

    /// <summary>The module after a client-breaking publish: a column appended to the player table (needs --break-clients).</summary>
    public static SimModule ClientBreakingModule() => GameModules.V1WithTitle();
}
