namespace Stdb.Compat;

/// <summary>What caused a row change or an event, normalised across SDK majors.</summary>
public enum RowOriginKind
{
    /// <summary>The cause is not known (1.x light mode, or a server that hides other clients' reducers).</summary>
    Unknown = 0,

    /// <summary>A subscription was applied or ended (initial rows, dropped rows, reconciliation after a reconnect).</summary>
    Subscription = 1,

    /// <summary>A reducer call made by this client.</summary>
    OwnCall = 2,

    /// <summary>Another client's reducer call, a scheduled reducer or SQL.</summary>
    OtherClient = 3,
}
