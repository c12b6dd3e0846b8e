namespace Stdb.Compat.Events;

/// <summary>Where an event stream's events come from on the current connection.</summary>
public enum EventSourceKind
{
    /// <summary>No configured source works on this connection; see <see cref="IEventStream{TEvent}.UnavailableReason"/>.</summary>
    None = 0,

    /// <summary>A 2.x event table (insert-only rows, never cached).</summary>
    EventTable = 1,

    /// <summary>1.x reducer callbacks, projected onto the event's declared fields only.</summary>
    ReducerCallback = 2,

    /// <summary>Rows appended to an ordinary log table with a monotonic key (catch-up after reconnect, exactly once).</summary>
    LogTable = 3,
}
