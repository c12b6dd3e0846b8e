using System;
using System.Collections.Generic;

namespace Stdb.Compat.Events;

/// <summary>The event streams a client offers, declared in <c>CompatClientServices.Events</c> (or with <c>AddEvents</c> in DI).</summary>
public sealed class EventStreamRegistry
{
    private readonly List<EventStreamDeclaration> _declarations = new();

    internal IReadOnlyList<EventStreamDeclaration> Declarations => _declarations;

    /// <summary>Declares the stream of events of type <typeparamref name="TEvent"/>.</summary>
    /// <exception cref="ArgumentException">The type is declared twice, or the stream has no source or projection.</exception>
    public EventStreamRegistry Add<TEvent>(Action<EventStreamBuilder<TEvent>> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        foreach (var existing in _declarations)
        {
            if (existing.EventType == typeof(TEvent))
            {
                throw new ArgumentException($"Events[{typeof(TEvent).Name}] is declared twice.", nameof(configure));
            }
        }

        var builder = new EventStreamBuilder<TEvent>();
        configure(builder);
        if (builder.Sources.Count == 0)
        {
            throw new ArgumentException($"Events[{typeof(TEvent).Name}] declares no source: call FromEventTable, FromReducer or FromLogTable.", nameof(configure));
        }

        if (builder.Projection is null)
        {
            throw new ArgumentException($"Events[{typeof(TEvent).Name}] has no projection: call Project.", nameof(configure));
        }

        _declarations.Add(new EventStreamDeclaration<TEvent>(builder.Sources.ToArray(), builder.Projection));
        return this;
    }
}

/// <summary>A validated stream declaration; creates the per-client engine.</summary>
internal abstract class EventStreamDeclaration
{
    public abstract Type EventType { get; }

    public abstract EventStreamEngine CreateEngine(EventEngineServices services);
}

internal sealed class EventStreamDeclaration<TEvent> : EventStreamDeclaration
{
    private readonly EventSourceSpec[] _sources;
    private readonly Func<EventFields, TEvent> _projection;

    public EventStreamDeclaration(EventSourceSpec[] sources, Func<EventFields, TEvent> projection)
    {
        _sources = sources;
        _projection = projection;
    }

    public override Type EventType => typeof(TEvent);

    public override EventStreamEngine CreateEngine(EventEngineServices services) => new EventStream<TEvent>(_sources, _projection, services);
}
