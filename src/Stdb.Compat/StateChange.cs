using System;

namespace Stdb.Compat;

/// <summary>A transition of the connection state machine.</summary>
/// <param name="Previous">State before the change.</param>
/// <param name="Current">State after the change.</param>
/// <param name="Reason">Why it changed.</param>
/// <param name="Error">The error behind the change, if any. Never contains the auth token.</param>
/// <param name="Attempt">Connection attempt number (1 for the first attempt).</param>
/// <param name="NextDelay">Delay before the next attempt, when one is scheduled.</param>
public sealed record StateChange(
    CompatConnectionState Previous,
    CompatConnectionState Current,
    StateChangeReason Reason,
    Exception? Error = null,
    int Attempt = 1,
    TimeSpan? NextDelay = null);
