using System;
using System.Collections.Generic;

namespace Stdb.Compat.Events;

/// <summary>
/// Declares where one event type can come from, in order of preference, and how to project it. On every connection
/// the first source that works there is used.
/// </summary>
/// <typeparam name="TEvent">The app's event type.</typeparam>
public sealed class EventStreamBuilder<TEvent>
{
    internal List<EventSourceSpec> Sources { get; } = new();

    internal Func<EventFields, TEvent>? Projection { get; private set; }

    /// <summary>Use a 2.x event table (subscribed explicitly, never cached).</summary>
    public EventStreamBuilder<TEvent> FromEventTable(string table) => Add(EventSourceKind.EventTable, table, null);

    /// <summary>
    /// Use reducer callbacks for this reducer (1.x: also other clients' committed calls). Every committed call is
    /// delivered, <b>including this app's own calls</b> (origin <c>OwnCall</c>, carrying the call's id), as 2.x event
    /// tables also deliver rows the app's own calls inserted; filter on <c>CompatEvent.Origin</c> to skip them.
    /// </summary>
    public EventStreamBuilder<TEvent> FromReducer(string reducer) => Add(EventSourceKind.ReducerCallback, reducer, null);

    /// <summary>
    /// Use an ordinary table that the module appends one row to per event, with a monotonically increasing
    /// <paramref name="sequenceField"/>. Gives catch-up after reconnects and exactly-once delivery. Rows already in
    /// the table at the first connect are not delivered.
    /// </summary>
    public EventStreamBuilder<TEvent> FromLogTable(string table, string sequenceField)
    {
        if (string.IsNullOrWhiteSpace(sequenceField))
        {
            throw new ArgumentException("A log table source needs the name of its monotonic sequence field.", nameof(sequenceField));
        }

        return Add(EventSourceKind.LogTable, table, sequenceField);
    }

    /// <summary>How to build the event from the source's fields. Read only the fields the event declares.</summary>
    public EventStreamBuilder<TEvent> Project(Func<EventFields, TEvent> projection)
    {
        Projection = projection ?? throw new ArgumentNullException(nameof(projection));
        return this;
    }

    private EventStreamBuilder<TEvent> Add(EventSourceKind kind, string name, string? sequenceField)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"An event source of kind {kind} needs a name.", nameof(name));
        }

        Sources.Add(new EventSourceSpec(kind, name, sequenceField));
        return this;
    }
}

/// <summary>One declared source of an event stream.</summary>
internal sealed record EventSourceSpec(EventSourceKind Kind, string Name, string? SequenceField);
