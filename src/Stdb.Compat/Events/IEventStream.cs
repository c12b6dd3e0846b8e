using System;

namespace Stdb.Compat.Events;

/// <summary>
/// One app-facing stream of events of one type, fed on each connection by the best source that works there.
/// Events are raised on the pump thread, outside any lock.
/// </summary>
/// <typeparam name="TEvent">The app's event type.</typeparam>
public interface IEventStream<TEvent>
{
    /// <summary>The source in use on the current connection.</summary>
    EventSourceKind Source { get; }

    /// <summary>Why no source (or not the preferred one) is in use, or null.</summary>
    string? UnavailableReason { get; }

    /// <summary>An event arrived.</summary>
    event Action<CompatEvent<TEvent>>? Received;
}
