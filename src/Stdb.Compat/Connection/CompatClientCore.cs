using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Events;
using Stdb.Compat.Internal;
using Stdb.Compat.Resilience;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Connection;

/// <summary>
/// The façade's engine. Pump-owned state (session, views, streams, subscriptions on the wire) is touched only inside
/// <see cref="FrameTick"/>; public members called from other threads enqueue work for the pump.
/// </summary>
internal sealed partial class CompatClientCore : ICompatClient, IOriginResolver, ICallbackFaultSink
{
    private readonly IConnectionDriver _driver;
    private readonly CompatClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly PendingCallTable _pending = new();
    private readonly CapabilityTracker _capabilities = new();
    private readonly Dictionary<Type, TableView> _viewsByRowType = new();
    private readonly List<TableView> _views = new();
    private readonly Dictionary<Type, DriverReducer> _reducersByArgsType = new();
    private readonly List<EventStreamEngine> _streams = new();
    private readonly Dictionary<Type, EventStreamEngine> _streamsByType = new();
    private readonly object _gate = new();
    private readonly List<CompatSubscription> _subscriptions = new();
    private readonly Dictionary<EventStreamEngine, CompatSubscription> _streamSubscriptions = new();
    private readonly HandlerList<StateChange> _stateChanged = new();
    private EventSourceContext? _sourceContext;
    private IDriverSession? _session;
    private int _generation;
    private int _state;
    private TaskCompletionSource<bool>? _connectCompletion;
    private string? _identity;
    private string? _sessionToken;
    private long _nextCallId;
    private int _ticking;
    private int _attempt;
    private bool _closed;

    public CompatClientCore(IConnectionDriver driver, CompatClientOptions options, ILogger logger, TimeProvider timeProvider,
        Func<CompatResilienceOptions>? resilience = null, Func<CancellationToken>? reloadToken = null)
    {
        _driver = driver;
        _options = options;
        _logger = logger;
        _time = timeProvider;
        _resilience = resilience ?? (() => options.Resilience);
        _standardPipelines = new Polly.Registry.ResiliencePipelineRegistry<string>();
        _standardPipelines.AddStandardPipelines(_resilience, reloadToken, timeProvider);
        _capabilities.Reset(driver.Capabilities, options.LightMode);
        _pending.MatchByValue = driver.Capabilities.SdkMajor < 2;

        var viewFactory = new ViewFactory(this);
        foreach (var table in driver.Tables)
        {
            if (table.IsEventTable)
            {
                continue;
            }

            var view = table.Accept(viewFactory);
            _views.Add(view);
            _viewsByRowType[table.RowType] = view;
            _viewsByName[table.WireName] = view;
        }

        foreach (var reducer in driver.Reducers)
        {
            _reducersByArgsType[reducer.ArgsType] = reducer;
        }

        var services = new EventEngineServices(this);
        foreach (var declaration in options.Events.Declarations)
        {
            var engine = declaration.CreateEngine(services);
            _streams.Add(engine);
            _streamsByType[declaration.EventType] = engine;
        }
    }

    public event Action<StateChange>? StateChanged
    {
        add => _stateChanged.Add(value);
        remove => _stateChanged.Remove(value);
    }

    public CompatConnectionState State => (CompatConnectionState)Volatile.Read(ref _state);

    public DriverCapabilities DriverCapabilities => _driver.Capabilities;

    public IReadOnlyList<CapabilityStatus> Capabilities => _capabilities.Snapshot();

    public string? Identity => Volatile.Read(ref _identity);

    public bool IsAvailable(CompatCapability capability) => _capabilities.IsAvailable(capability);

    // ------------------------------------------------------------------ public API (any thread)

    public void FrameTick()
    {
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            throw new InvalidOperationException("FrameTick is already running. Call it from one thread only, and never from inside a callback.");
        }

        try
        {
            RunQueuedWork();
            var session = _session;
            if (session is not null)
            {
                try
                {
                    session.FrameTick();
                }
#pragma warning disable CA1031 // The SDK lets some callback exceptions escape FrameTick; the pump must survive them.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.SdkFrameTickFault(_logger, ex);
                }
            }

            RunQueuedWork();
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    public ITableView<TRow> Table<TRow>()
        where TRow : class
    {
        if (_viewsByRowType.TryGetValue(typeof(TRow), out var view))
        {
            return (TableView<TRow>)view;
        }

        foreach (var table in _driver.Tables)
        {
            if (table.RowType == typeof(TRow) && table.IsEventTable)
            {
                throw new UnknownTableException(table.WireName, $"'{table.WireName}' is an event table: its rows are never cached; declare an event stream with FromEventTable(\"{table.WireName}\") and use Events<T>()");
            }
        }

        throw new UnknownTableException(typeof(TRow).FullName ?? typeof(TRow).Name, BindingLookup.DescribeTables(_driver.Tables));
    }

    public IEventStream<TEvent> Events<TEvent>()
    {
        if (_streamsByType.TryGetValue(typeof(TEvent), out var stream))
        {
            return (IEventStream<TEvent>)stream;
        }

        throw new ArgumentException($"No event stream of type {typeof(TEvent).Name} was declared; add it with CompatClientOptions.Events.Add<{typeof(TEvent).Name}>(...).", nameof(TEvent));
    }

    public ICompatSubscription Subscribe(IEnumerable<string> tables)
    {
        if (tables is null)
        {
            throw new ArgumentNullException(nameof(tables));
        }

        var resolved = new List<DriverTable>();
        foreach (var name in tables)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("Table names must not be empty.", nameof(tables));
            }

            resolved.Add(BindingLookup.FindTable(_driver.Tables, name)
                ?? throw new UnknownTableException(name, BindingLookup.DescribeTables(_driver.Tables)));
        }

        if (resolved.Count == 0)
        {
            throw new ArgumentException("Subscribe needs at least one table.", nameof(tables));
        }

        return AddSubscription(resolved);
    }

    public ICompatSubscription SubscribeToAllTables()
    {
        // 1.x sends legacy "SELECT * FROM *" (no handle, never unsubscribable); 2.x one query per table including
        // event tables. Both are replaced by one explicit query per ordinary table, identical on both majors.
        var tables = new List<DriverTable>();
        foreach (var table in _driver.Tables)
        {
            if (!table.IsEventTable)
            {
                tables.Add(table);
            }
        }

        if (tables.Count == 0)
        {
            throw new InvalidOperationException("The bindings have no ordinary tables to subscribe to.");
        }

        return AddSubscription(tables);
    }

    private void OnReducerEvent(in DriverEvent reducerEvent)
    {
        var name = reducerEvent.ReducerName ?? string.Empty;
        RowOrigin origin;
        if (reducerEvent.CallerIsSelf && reducerEvent.ReducerArgs is not null)
        {
            var call = _pending.Take(name, reducerEvent.ReducerArgs);
            origin = RowOrigin.OwnCall(call?.Id ?? 0, name);
            if (call is null)
            {
                Log.ResultWithoutCall(_logger, name);
            }
            else
            {
                var timestamp = reducerEvent.TimestampMicros == 0 ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(reducerEvent.TimestampMicros / 1000).AddTicks(reducerEvent.TimestampMicros % 1000 * 10);
                var (kind, reason) = reducerEvent.Status switch
                {
                    DriverReducerStatus.Committed => (ReducerOutcomeKind.Committed, (string?)null),
                    DriverReducerStatus.OutOfEnergy => (ReducerOutcomeKind.OutOfEnergy, "out of energy"),
                    _ => (ReducerOutcomeKind.Failed, reducerEvent.FailureReason ?? "the reducer failed"),
                };
                if (!Complete(call, kind, reason, timestamp))
                {
                    Log.LateResult(_logger, call.Id, name);
                }
            }
        }
        else
        {
            origin = RowOrigin.OtherClient(name);
        }

        foreach (var stream in _streams)
        {
            stream.OnReducerEvent(reducerEvent, origin);
        }
    }

    public RowOrigin Resolve(in DriverEvent driverEvent)
    {
        switch (driverEvent.Kind)
        {
            case DriverEventKind.SubscribeApplied:
            case DriverEventKind.UnsubscribeApplied:
                return RowOrigin.Subscription;
            case DriverEventKind.Reducer:
                if (driverEvent.CallerIsSelf)
                {
                    var call = driverEvent.ReducerArgs is null ? null : _pending.Peek(driverEvent.ReducerName ?? string.Empty, driverEvent.ReducerArgs);
                    return RowOrigin.OwnCall(call?.Id ?? 0, driverEvent.ReducerName);
                }

                return RowOrigin.OtherClient(driverEvent.ReducerName);
            case DriverEventKind.Transaction:
                return RowOrigin.OtherClient(null);
            case DriverEventKind.UnknownTransaction:
                NoticeUnknownTransaction();
                return RowOrigin.Unknown;
            default:
                return RowOrigin.Unknown;
        }
    }

    private void NoticeUnknownTransaction()
    {
        // 1.x full mode should name the reducer of every transaction; UnknownTransaction means the server withholds
        // it (a module published by SpacetimeDB 2.x) or the module has reducers these bindings do not know.
        if (_driver.Capabilities.SdkMajor >= 2 || _options.LightMode || !_capabilities.IsAvailable(CompatCapability.OtherClientReducerCallbacks))
        {
            return;
        }

        const string Reason = "the server sent a transaction without reducer details outside light mode: it withholds other clients' reducer calls (a module published by SpacetimeDB 2.x to a 1.x client) or the module has reducers these bindings do not know; other clients' actions arrive with an unknown origin";
        if (_capabilities.Degrade(CompatCapability.OtherClientReducerCallbacks, Reason))
        {
            Log.CapabilityDegraded(_logger, CompatCapability.OtherClientReducerCallbacks, Reason);
            Enqueue(ReselectSources);
        }
    }

    private void ReselectSources()
    {
        var session = _session;
        if (_sourceContext is null)
        {
            return;
        }

        foreach (var stream in _streams)
        {
            if (!stream.Select(_sourceContext, keepDegradedReducerCallbacks: true))
            {
                continue;
            }

            LogSource(stream);
            if (session is not null && State == CompatConnectionState.Connected)
            {
                TapStreamSource(session, stream);
                SubscribeStreamSource(session, stream);
            }
        }
    }

    internal void OnSubscriptionFailed(CompatSubscription subscription, SubscriptionFailedException failure)
    {
        Log.SubscriptionFailed(_logger, string.Join("; ", subscription.Queries), failure.InnerException?.Message ?? failure.Message);
        OnSubscriptionSettled(subscription);
        lock (_gate)
        {
            _subscriptions.Remove(subscription); // It would fail again on every connection.
        }

        EventStreamEngine? failedStream = null;
        foreach (var pair in _streamSubscriptions)
        {
            if (ReferenceEquals(pair.Value, subscription))
            {
                failedStream = pair.Key;
                break;
            }
        }

        if (failedStream is not null && _sourceContext is not null)
        {
            var stream = failedStream;
            _streamSubscriptions.Remove(stream);
            var table = stream.SourceTable;
            if (table is not null)
            {
                _sourceContext.FailedSources.Add(EventSourceContext.Key(stream.CurrentSource, table.WireName));
                if (stream.CurrentSource == EventSourceKind.EventTable
                    && _capabilities.Degrade(CompatCapability.EventTables, $"the server refused the event table '{table.WireName}': {failure.InnerException?.Message}"))
                {
                    Log.CapabilityDegraded(_logger, CompatCapability.EventTables, _capabilities.ReasonFor(CompatCapability.EventTables));
                }
            }

            Enqueue(ReselectSources);
        }
    }

    internal Task RemoveSubscriptionAsync(CompatSubscription subscription, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
        {
            lock (_gate)
            {
                _subscriptions.Remove(subscription);
            }

            subscription.Remove();
            done.TrySetResult(true);
        });
        return done.Task;
    }

    // ------------------------------------------------------------------ helpers

    private ICompatSubscription AddSubscription(List<DriverTable> tables)
    {
        ThrowIfClosed();
        var names = new string[tables.Count];
        var queries = new string[tables.Count];
        for (var i = 0; i < tables.Count; i++)
        {
            names[i] = tables[i].WireName;
            queries[i] = SqlText.SelectAll(tables[i].WireName);
        }

        var subscription = new CompatSubscription(this, names, queries);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        Enqueue(() =>
        {
            if (_session is { } session && State == CompatConnectionState.Connected && !subscription.IsRemoved)
            {
                subscription.Apply(session);
            }
        });
        return subscription;
    }

    private void TapStreamSource(IDriverSession session, EventStreamEngine stream)
    {
        if (stream.SourceTable is { } table)
        {
            table.Accept(new SourceTapFactory(session, stream, this));
        }
    }

    private void SubscribeStreamSource(IDriverSession session, EventStreamEngine stream) => CreateStreamSubscription(stream)?.Apply(session);

    /// <summary>Registers the subscription of a stream's source table for this session, without sending it.</summary>
    private CompatSubscription? CreateStreamSubscription(EventStreamEngine stream)
    {
        if (stream.SourceTable is not { } table || _streamSubscriptions.ContainsKey(stream))
        {
            return null;
        }

        var subscription = new CompatSubscription(this, new[] { table.WireName }, new[] { SqlText.SelectAll(table.WireName) }, stream.InitialRowsSeen);
        _streamSubscriptions[stream] = subscription;
        return subscription;
    }

    private List<CompatSubscription> SubscriptionsSnapshot()
    {
        lock (_gate)
        {
            return new List<CompatSubscription>(_subscriptions);
        }
    }

    private TaskCompletionSource<bool>? TakeConnectCompletion()
    {
        lock (_gate)
        {
            var completion = _connectCompletion;
            _connectCompletion = null;
            return completion;
        }
    }

    private void LogSource(EventStreamEngine stream)
    {
        Log.EventSourceSelected(_logger, stream.EventType.Name, stream.CurrentSource, stream.Reason ?? "-");
    }

    private void Enqueue(Action work) => _work.Enqueue(work);

    private void RunQueuedWork()
    {
        while (_work.TryDequeue(out var work))
        {
            try
            {
                work();
            }
#pragma warning disable CA1031 // Queued work must never stop the pump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.QueuedWorkFault(_logger, ex);
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(ICompatClient));
        }
    }

    void ICallbackFaultSink.OnCallbackFault(string callback, Exception exception)
    {
        StdbCompatTelemetry.CallbackFaults.Add(1, new KeyValuePair<string, object?>("stdb.compat.callback", callback));
        Log.CallbackFault(_logger, callback, exception);
    }

    /// <summary>Routes one session's callbacks to the client, ignoring those of sessions that have ended.</summary>
    private sealed class SessionListener : IDriverSessionListener
    {
        private readonly CompatClientCore _client;
        private readonly int _generation;

        public SessionListener(CompatClientCore client, int generation)
        {
            _client = client;
            _generation = generation;
        }

        private bool IsCurrent => _client._generation == _generation;

        public void OnConnected(DriverConnectedInfo info)
        {
            if (IsCurrent)
            {
                _client.OnConnected(info);
            }
        }

        public void OnConnectError(Exception error)
        {
            if (IsCurrent)
            {
                _client.OnConnectError(error);
            }
        }

        public void OnDisconnected(Exception? error)
        {
            if (IsCurrent)
            {
                _client.OnDisconnected(error);
            }
        }

        public void OnReducerEvent(in DriverEvent reducerEvent)
        {
            if (IsCurrent)
            {
                _client.OnReducerEvent(reducerEvent);
            }
        }
    }

    /// <summary>Creates the typed view of each table without reflection.</summary>
    private sealed class ViewFactory : IDriverTableVisitor<TableView>
    {
        private readonly CompatClientCore _client;

        public ViewFactory(CompatClientCore client) => _client = client;

        public TableView VisitUnkeyed<TRow>(DriverTable<TRow> table)
            where TRow : class => new TableView<TRow>(table, new ValueRowStore<TRow>(table.WireName), _client, _client);

        public TableView VisitKeyed<TRow, TKey>(DriverTable<TRow, TKey> table)
            where TRow : class
            where TKey : notnull => new TableView<TRow>(table, new KeyedRowStore<TRow, TKey>(table), _client, _client);
    }

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
}
