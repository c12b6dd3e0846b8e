namespace Stdb.Compat.Driver;

/// <summary>The SDK's reducer <c>Status</c>.</summary>
public enum DriverReducerStatus
{
    /// <summary>Not a reducer event.</summary>
    None = 0,

    /// <summary><c>Status.Committed</c>.</summary>
    Committed = 1,

    /// <summary><c>Status.Failed(reason)</c>.</summary>
    Failed = 2,

    /// <summary><c>Status.OutOfEnergy</c> (1.x only).</summary>
    OutOfEnergy = 3,
}
