using Stdb.Compat.Tables;

namespace Stdb.Compat.Events;

/// <summary>One event delivered to the app.</summary>
/// <typeparam name="TEvent">The app's event type.</typeparam>
public readonly struct CompatEvent<TEvent>
{
    /// <summary>Creates an event.</summary>
    public CompatEvent(TEvent value, RowOrigin origin, EventSourceKind source)
    {
        Value = value;
        Origin = origin;
        Source = source;
    }

    /// <summary>The projected event.</summary>
    public TEvent Value { get; }

    /// <summary>Who caused it.</summary>
    public RowOrigin Origin { get; }

    /// <summary>Which source delivered it.</summary>
    public EventSourceKind Source { get; }
}
