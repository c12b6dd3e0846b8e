namespace Stdb.Compat;

/// <summary>How a reducer call ended. Every call made through Stdb.Compat gets exactly one.</summary>
public enum ReducerOutcomeKind
{
    /// <summary>The reducer ran and its transaction committed.</summary>
    Committed = 0,

    /// <summary>The reducer ran and failed; see <see cref="ReducerOutcome.Reason"/>.</summary>
    Failed = 1,

    /// <summary>The caller ran out of energy (SpacetimeDB 1.x only).</summary>
    OutOfEnergy = 2,

    /// <summary>The call was not sent because the client was not connected.</summary>
    NotConnected = 3,

    /// <summary>The call was sent but the connection went away before its result arrived; it may or may not have run.</summary>
    Dropped = 4,

    /// <summary>No result arrived within the call's timeout; it may or may not have run.</summary>
    TimedOut = 5,

    /// <summary>The schema path in use cannot express the command (its adapter says why in <see cref="ReducerOutcome.Reason"/>); nothing was sent.</summary>
    NotSupportedOnPath = 6,
}
