namespace Stdb.Compat.Driver;

/// <summary>
/// Version-neutral view of the SDK's event context, handed to the core with every table and reducer callback.
/// A struct, passed by reference: building it allocates nothing.
/// </summary>
public readonly struct DriverEvent
{
    /// <summary>Creates an event description for a non-reducer event.</summary>
    public DriverEvent(DriverEventKind kind, object? raw = null)
    {
        Kind = kind;
        Raw = raw;
        ReducerName = null;
        ReducerArgs = null;
        CallerIsSelf = false;
        Status = DriverReducerStatus.None;
        FailureReason = null;
        TimestampMicros = 0;
    }

    /// <summary>Creates an event description for <c>Event.Reducer</c> or a reducer callback.</summary>
    public DriverEvent(string reducerName, object reducerArgs, bool callerIsSelf, DriverReducerStatus status, string? failureReason, long timestampMicros, object? raw = null)
    {
        Kind = DriverEventKind.Reducer;
        ReducerName = reducerName;
        ReducerArgs = reducerArgs;
        CallerIsSelf = callerIsSelf;
        Status = status;
        FailureReason = failureReason;
        TimestampMicros = timestampMicros;
        Raw = raw;
    }

    /// <summary>The event variant.</summary>
    public DriverEventKind Kind { get; }

    /// <summary>Wire name of the reducer (reducer events only).</summary>
    public string? ReducerName { get; }

    /// <summary>
    /// The reducer argument object (<c>ReducerEvent.Reducer</c>). In 2.x it is the very object passed to the call;
    /// in 1.x it is decoded from the server's message and equal by value.
    /// </summary>
    public object? ReducerArgs { get; }

    /// <summary>True when the caller's identity and connection id are this connection's own.</summary>
    public bool CallerIsSelf { get; }

    /// <summary>Reducer status (reducer events only).</summary>
    public DriverReducerStatus Status { get; }

    /// <summary>Failure text of <c>Status.Failed</c>.</summary>
    public string? FailureReason { get; }

    /// <summary>Server timestamp of the reducer event, microseconds since the Unix epoch (0 when absent).</summary>
    public long TimestampMicros { get; }

    /// <summary>The SDK's own event object, for diagnostics only; never interpret it above the driver.</summary>
    public object? Raw { get; }
}
