using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Events;

/// <summary>What an event engine needs from its client.</summary>
internal sealed class EventEngineServices
{
    public EventEngineServices(ICallbackFaultSink faults) => Faults = faults;

    public ICallbackFaultSink Faults { get; }
}

/// <summary>What source selection looks at on one connection.</summary>
internal sealed class EventSourceContext
{
    public EventSourceContext(IConnectionDriver driver, CapabilityTracker capabilities)
    {
        Driver = driver;
        Capabilities = capabilities;
    }

    public IConnectionDriver Driver { get; }

    public CapabilityTracker Capabilities { get; }

    /// <summary>Sources that failed on the current connection (e.g. the server refused the subscription).</summary>
    public HashSet<string> FailedSources { get; } = new(StringComparer.Ordinal);

    public static string Key(EventSourceKind kind, string name) => kind + ":" + name;
}

/// <summary>Non-generic part of an event stream, driven by the client.</summary>
internal abstract class EventStreamEngine
{
    public abstract Type EventType { get; }

    /// <summary>The table this stream needs tapped and subscribed on the current connection, if any.</summary>
    public abstract DriverTable? SourceTable { get; }

    public abstract EventSourceKind CurrentSource { get; }

    /// <summary>Why the preferred source is not in use, or null.</summary>
    public abstract string? Reason { get; }

    /// <summary>
    /// Chooses the source for the current connection. Returns true when the choice changed. With
    /// <paramref name="keepDegradedReducerCallbacks"/>, a reducer-callback source that lost its capability mid-connection
    /// is kept when nothing better exists: the callbacks that still arrive are better than none.
    /// </summary>
    public abstract bool Select(EventSourceContext context, bool keepDegradedReducerCallbacks);

    public abstract void OnReducerEvent(in DriverEvent reducerEvent, RowOrigin origin);

    public abstract void OnSourceRow(DriverTable table, in DriverEvent context, object row, RowOrigin origin);

    /// <summary>The subscription delivering the source table's initial rows was applied.</summary>
    public abstract void InitialRowsSeen();
}

/// <summary>One stream of events of type <typeparamref name="TEvent"/>.</summary>
internal sealed class EventStream<TEvent> : EventStreamEngine, IEventStream<TEvent>
{
    private readonly EventSourceSpec[] _sources;
    private readonly Func<EventFields, TEvent> _projection;
    private readonly EventEngineServices _services;
    private readonly HandlerList<CompatEvent<TEvent>> _received = new();
    private EventSourceKind _source;
    private string? _reason = "not connected";
    private DriverTable? _table;
    private DriverReducer? _reducer;
    private DriverField? _sequenceField;
    private object? _watermark;
    private bool _watermarkEstablished;

    public EventStream(EventSourceSpec[] sources, Func<EventFields, TEvent> projection, EventEngineServices services)
    {
        _sources = sources;
        _projection = projection;
        _services = services;
    }

    public event Action<CompatEvent<TEvent>>? Received
    {
        add => _received.Add(value);
        remove => _received.Remove(value);
    }

    public override Type EventType => typeof(TEvent);

    public EventSourceKind Source => _source;

    public override EventSourceKind CurrentSource => _source;

    public string? UnavailableReason => _reason;

    public override DriverTable? SourceTable => _source is EventSourceKind.EventTable or EventSourceKind.LogTable ? _table : null;

    public override string? Reason => _reason;

    public override bool Select(EventSourceContext context, bool keepDegradedReducerCallbacks)
    {
        var previous = (_source, _table, _reducer);
        var reasons = new List<string>();
        _source = EventSourceKind.None;
        _table = null;
        _reducer = null;
        _sequenceField = null;

        foreach (var spec in _sources)
        {
            if (context.FailedSources.Contains(EventSourceContext.Key(spec.Kind, spec.Name)))
            {
                reasons.Add($"{Describe(spec)} failed on this connection");
                continue;
            }

            if (TryUse(spec, context, reasons))
            {
                break;
            }
        }

        if (_source == EventSourceKind.None && keepDegradedReducerCallbacks && previous._source == EventSourceKind.ReducerCallback)
        {
            _source = EventSourceKind.ReducerCallback;
            _reducer = previous._reducer;
            reasons.Insert(0, "degraded: other clients' calls may be missing");
        }

        _reason = reasons.Count == 0 ? null : string.Join("; ", reasons);
        return previous != (_source, _table, _reducer);
    }

    public override void OnReducerEvent(in DriverEvent reducerEvent, RowOrigin origin)
    {
        if (_source != EventSourceKind.ReducerCallback
            || reducerEvent.Status != DriverReducerStatus.Committed
            || reducerEvent.ReducerArgs is null
            || _reducer is null
            || !string.Equals(reducerEvent.ReducerName, _reducer.WireName, StringComparison.Ordinal))
        {
            return;
        }

        Emit(new EventFields(_reducer.WireName, reducerEvent.ReducerArgs, _reducer.Parameters), origin);
    }

    public override void OnSourceRow(DriverTable table, in DriverEvent context, object row, RowOrigin origin)
    {
        if (_table is null || !ReferenceEquals(table, _table))
        {
            return; // A tap left over from a source this stream no longer uses.
        }

        if (_source == EventSourceKind.EventTable)
        {
            Emit(new EventFields(_table.WireName, row, _table.Fields), origin);
            return;
        }

        if (_source != EventSourceKind.LogTable || _sequenceField is null)
        {
            return;
        }

        var sequence = _sequenceField.Read(row);
        if (sequence is null)
        {
            return;
        }

        var initialRows = context.Kind == DriverEventKind.SubscribeApplied;
        if (initialRows && !_watermarkEstablished)
        {
            // First connect ever: the log's history is not news. Remember where it ends.
            if (_watermark is null || Comparer<object>.Default.Compare(sequence, _watermark) > 0)
            {
                _watermark = sequence;
            }

            return;
        }

        _watermarkEstablished = true;
        if (_watermark is not null && Comparer<object>.Default.Compare(sequence, _watermark) <= 0)
        {
            return; // Already delivered: exactly once across reconnects.
        }

        _watermark = sequence;
        Emit(new EventFields(_table.WireName, row, _table.Fields), initialRows ? RowOrigin.Unknown : origin);
    }

    public override void InitialRowsSeen()
    {
        if (_source == EventSourceKind.LogTable)
        {
            _watermarkEstablished = true;
        }
    }

    private bool TryUse(EventSourceSpec spec, EventSourceContext context, List<string> reasons)
    {
        var driver = context.Driver;
        switch (spec.Kind)
        {
            case EventSourceKind.EventTable:
                {
                    var table = BindingLookup.FindTable(driver.Tables, spec.Name);
                    if (!context.Capabilities.IsAvailable(CompatCapability.EventTables))
                    {
                        reasons.Add($"{Describe(spec)}: {context.Capabilities.ReasonFor(CompatCapability.EventTables)}");
                        return false;
                    }

                    if (table is null || !table.IsEventTable)
                    {
                        reasons.Add(table is null ? $"{Describe(spec)}: the bindings have no such table" : $"{Describe(spec)}: '{table.WireName}' is not an event table in these bindings");
                        return false;
                    }

                    _source = EventSourceKind.EventTable;
                    _table = table;
                    return true;
                }

            case EventSourceKind.ReducerCallback:
                {
                    var reducer = BindingLookup.FindReducer(driver.Reducers, spec.Name);
                    if (reducer is null)
                    {
                        reasons.Add($"{Describe(spec)}: the bindings have no such reducer");
                        return false;
                    }

                    if (!context.Capabilities.IsAvailable(CompatCapability.OtherClientReducerCallbacks))
                    {
                        reasons.Add($"{Describe(spec)}: {context.Capabilities.ReasonFor(CompatCapability.OtherClientReducerCallbacks)}");
                        return false;
                    }

                    _source = EventSourceKind.ReducerCallback;
                    _reducer = reducer;
                    return true;
                }

            case EventSourceKind.LogTable:
                {
                    var table = BindingLookup.FindTable(driver.Tables, spec.Name);
                    if (table is null || table.IsEventTable)
                    {
                        reasons.Add(table is null ? $"{Describe(spec)}: the bindings have no such table" : $"{Describe(spec)}: '{table.WireName}' is an event table; declare it with FromEventTable");
                        return false;
                    }

                    DriverField? sequence = null;
                    foreach (var field in table.Fields)
                    {
                        if (NameMatch.Matches(spec.SequenceField!, field.WireName, field.MemberName))
                        {
                            sequence = field;
                            break;
                        }
                    }

                    if (sequence is null)
                    {
                        reasons.Add($"{Describe(spec)}: table '{table.WireName}' has no field '{spec.SequenceField}'");
                        return false;
                    }

                    _source = EventSourceKind.LogTable;
                    _table = table;
                    _sequenceField = sequence;
                    return true;
                }

            default:
                reasons.Add($"{Describe(spec)}: unknown source kind");
                return false;
        }
    }

    private void Emit(EventFields fields, RowOrigin origin)
    {
        TEvent value;
        try
        {
            value = _projection(fields);
        }
#pragma warning disable CA1031 // A failing projection must not stop the pump; it is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _services.Faults.OnCallbackFault($"Events[{typeof(TEvent).Name}] projection", ex);
            return;
        }

        _received.Invoke(new CompatEvent<TEvent>(value, origin, _source), _services.Faults, $"Events[{typeof(TEvent).Name}]");
    }

    private static string Describe(EventSourceSpec spec) => spec.Kind switch
    {
        EventSourceKind.EventTable => $"event table '{spec.Name}'",
        EventSourceKind.ReducerCallback => $"reducer callbacks of '{spec.Name}'",
        EventSourceKind.LogTable => $"log table '{spec.Name}'",
        _ => spec.Name,
    };
}
