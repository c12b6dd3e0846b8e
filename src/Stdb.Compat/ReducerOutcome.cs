using System;

namespace Stdb.Compat;

/// <summary>The outcome of one reducer call made through <c>ICompatClient.CallReducerAsync</c>.</summary>
/// <param name="CallId">The call's id, unique per client; row changes caused by this call carry it in their origin.</param>
/// <param name="Reducer">Wire name of the reducer.</param>
/// <param name="Kind">How the call ended.</param>
/// <param name="Reason">Failure text (Failed), or why no result exists (NotConnected, Dropped, TimedOut).</param>
/// <param name="Timestamp">Server timestamp of the reducer run, when known.</param>
public sealed record ReducerOutcome(long CallId, string Reducer, ReducerOutcomeKind Kind, string? Reason = null, DateTimeOffset? Timestamp = null)
{
    /// <summary>True when the reducer committed.</summary>
    public bool IsCommitted => Kind == ReducerOutcomeKind.Committed;

    /// <summary>True when the server certainly did not commit the call (Failed, OutOfEnergy, NotConnected).</summary>
    public bool IsDefinitelyNotApplied => Kind is ReducerOutcomeKind.Failed or ReducerOutcomeKind.OutOfEnergy or ReducerOutcomeKind.NotConnected;
}
