using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Events;

/// <summary>What the event engine needs of the client around it (implemented by the router).</summary>
internal interface IEventHost
{
    /// <summary>The session, when the client is connected; null otherwise.</summary>
    IDriverSession? ConnectedSession { get; }

    /// <summary>Light mode was asked for on the current attempt.</summary>
    bool LightModeRequested { get; }

    /// <summary>Subscribes a stream's source table on the connected session.</summary>
    void SubscribeSource(EventStreamEngine stream);
}

/// <summary>
/// The app's event streams: which source each uses on the current connection (chosen from the capabilities the
/// driver declares and degraded on evidence the server gives), the taps on source tables, and the delivery of
/// reducer events. Pump-owned.
/// </summary>
internal sealed partial class EventEngine
{
    private readonly IConnectionDriver _driver;
    private readonly IEventHost _host;
    private readonly Pump _pump;
    private readonly IOriginResolver _origins;
    private readonly ILogger _logger;
    private readonly List<EventStreamEngine> _streams = new();
    private readonly Dictionary<Type, EventStreamEngine> _streamsByType = new();
    private EventSourceContext? _context;

    public EventEngine(IConnectionDriver driver, IEnumerable<EventStreamDeclaration> declarations, bool lightModeRequested, IEventHost host, Pump pump, IOriginResolver origins, ICallbackFaultSink faults, ILogger logger)
    {
        _driver = driver;
        _host = host;
        _pump = pump;
        _origins = origins;
        _logger = logger;
        Capabilities.Reset(driver.Capabilities, lightModeRequested);
        var services = new EventEngineServices(faults);
        foreach (var declaration in declarations)
        {
            var engine = declaration.CreateEngine(services);
            _streams.Add(engine);
            _streamsByType[declaration.EventType] = engine;
        }
    }

    /// <summary>Which capabilities work on the current connection.</summary>
    public CapabilityTracker Capabilities { get; } = new();

    public IReadOnlyList<EventStreamEngine> Streams => _streams;

    public IEventStream<TEvent> Stream<TEvent>()
    {
        if (_streamsByType.TryGetValue(typeof(TEvent), out var stream))
        {
            return (IEventStream<TEvent>)stream;
        }

        throw new ArgumentException($"No event stream of type {typeof(TEvent).Name} was declared; add it with CompatClientServices.Events.Add<{typeof(TEvent).Name}>(...) (or AddEvents in DI).", nameof(TEvent));
    }

    /// <summary>Pump: a new attempt starts; capabilities start again from the driver's record and every stream picks its source.</summary>
    public void BeginAttempt(bool lightModeRequested)
    {
        _pump.AssertOnPump();
        Capabilities.Reset(_driver.Capabilities, lightModeRequested);
        _context = new EventSourceContext(_driver, Capabilities);
        foreach (var stream in _streams)
        {
            stream.Select(_context, keepDegradedReducerCallbacks: false);
            LogSource(stream);
        }
    }

    /// <summary>Pump: taps every stream's source table on a new session.</summary>
    public void Attach(IDriverSession session)
    {
        foreach (var stream in _streams)
        {
            Tap(session, stream);
        }
    }

    /// <summary>Pump: delivers a reducer event (with its resolved origin) to every stream.</summary>
    public void OnReducerEvent(in DriverEvent reducerEvent, RowOrigin origin)
    {
        foreach (var stream in _streams)
        {
            stream.OnReducerEvent(reducerEvent, origin);
        }
    }

    /// <summary>
    /// Pump: a transaction arrived without reducer details. Where the driver says every transaction names its
    /// reducer (other clients' reducer callbacks available, no light mode), the server withholds them: degrade.
    /// </summary>
    public void OnUnknownTransaction()
    {
        if (_host.LightModeRequested || !Capabilities.IsAvailable(CompatCapability.OtherClientReducerCallbacks))
        {
            return;
        }

        const string Reason = "the server sent a transaction without reducer details outside light mode: it withholds other clients' reducer calls (a module published by SpacetimeDB 2.x to a 1.x client) or the module has reducers these bindings do not know; other clients' actions arrive with an unknown origin";
        if (Capabilities.Degrade(CompatCapability.OtherClientReducerCallbacks, Reason))
        {
            Log.CapabilityDegraded(_logger, CompatCapability.OtherClientReducerCallbacks, Reason);
            _pump.Enqueue(Reselect);
        }
    }

    /// <summary>Pump: the server refused the subscription of a stream's source; never use it again on this connection.</summary>
    public void OnSourceFailed(EventStreamEngine stream, Exception failure)
    {
        if (_context is null)
        {
            return;
        }

        if (stream.SourceTable is { } table)
        {
            _context.FailedSources.Add(EventSourceContext.Key(stream.CurrentSource, table.WireName));
            if (stream.CurrentSource == EventSourceKind.EventTable
                && Capabilities.Degrade(CompatCapability.EventTables, $"the server refused the event table '{table.WireName}': {failure.InnerException?.Message}"))
            {
                Log.CapabilityDegraded(_logger, CompatCapability.EventTables, Capabilities.ReasonFor(CompatCapability.EventTables));
            }
        }

        _pump.Enqueue(Reselect);
    }

    private void Reselect()
    {
        if (_context is null)
        {
            return;
        }

        foreach (var stream in _streams)
        {
            if (!stream.Select(_context, keepDegradedReducerCallbacks: true))
            {
                continue;
            }

            LogSource(stream);
            if (_host.ConnectedSession is { } session)
            {
                Tap(session, stream);
                _host.SubscribeSource(stream);
            }
        }
    }

    private void Tap(IDriverSession session, EventStreamEngine stream)
    {
        if (stream.SourceTable is { } table)
        {
            table.Accept(new SourceTapFactory(session, stream, _origins));
        }
    }

    private void LogSource(EventStreamEngine stream) => Log.EventSourceSelected(_logger, stream.EventType.Name, stream.CurrentSource, stream.Reason ?? "-");

    /// <summary>Taps the table that feeds an event stream, typed, without reflection.</summary>
    private sealed class SourceTapFactory : IDriverTableVisitor<bool>
    {
        private readonly IDriverSession _session;
        private readonly EventStreamEngine _stream;
        private readonly IOriginResolver _origins;

        public SourceTapFactory(IDriverSession session, EventStreamEngine stream, IOriginResolver origins)
        {
            _session = session;
            _stream = stream;
            _origins = origins;
        }

        public bool VisitUnkeyed<TRow>(DriverTable<TRow> table)
            where TRow : class
        {
            _session.Tap(table, new EventSourceTap<TRow>(table, _stream, _origins));
            return true;
        }

        public bool VisitKeyed<TRow, TKey>(DriverTable<TRow, TKey> table)
            where TRow : class
            where TKey : notnull => VisitUnkeyed<TRow>(table);
    }

    private static partial class Log
    {
        [LoggerMessage(1010, LogLevel.Warning, "Capability {Capability} is not available on this connection: {Reason}")]
        public static partial void CapabilityDegraded(ILogger logger, CompatCapability capability, string reason);

        [LoggerMessage(1011, LogLevel.Information, "Event stream {EventType} uses source {Source} (not used: {Reason})")]
        public static partial void EventSourceSelected(ILogger logger, string eventType, EventSourceKind source, string reason);
    }
}
