using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Adapters;
using Stdb.Compat.Driver;
using Stdb.Compat.Events;
using Stdb.Compat.Internal;
using Stdb.Compat.Paths;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Connection;

/// <summary>
/// The schema-path router: one lane (an engine-room client) per distinct driver and target, the path in use chosen
/// once per connection attempt by the engine room's <see cref="PathSelector"/>, and the app's model views, event
/// streams and subscriptions carried across path switches. Nothing here runs per row or per call but one dictionary
/// lookup.
/// </summary>
internal sealed partial class SchemaPathClient : ISchemaPathClient, ICallbackFaultSink
{
    private readonly SchemaPathOptions _paths;
    private readonly Func<SchemaPathDefinition, Func<ICompatibilityCheck, ICompatibilityCheck>, ICompatClient> _createLane;
    private readonly ILogger _logger;
    private readonly PathSelector _selector;
    private readonly SchemaFetchHandover? _fetches;
    private readonly Dictionary<(IConnectionDriver Driver, Uri? Uri, string? Db), Lane> _lanes = new();
    private readonly Dictionary<(Type Model, string Table), IViewSlot> _views = new();
    private readonly Dictionary<Type, object> _streams = new();
    private readonly List<PathSubscription> _subscriptions = new();
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly HandlerList<StateChange> _stateChanged = new();
    private readonly object _gate = new();
    private SchemaPathDefinition? _active;
    private Lane? _lane;
    private SchemaPathSelection? _selection;
    private CompatConnectionState _ownState = CompatConnectionState.Disconnected;
    private Task? _reselect;
    private bool _reselectAgain;

    public SchemaPathClient(SchemaPathOptions paths, Func<SchemaPathDefinition, Func<ICompatibilityCheck, ICompatibilityCheck>, ICompatClient> createLane, ILogger logger, TimeProvider time, SchemaFetchHandover? fetches = null)
    {
        _paths = paths;
        _createLane = createLane;
        _logger = logger;
        _fetches = fetches;
        _selector = new PathSelector(paths, time, logger, DefaultCheckOf, fetches);
        foreach (var path in paths.Paths)
        {
            LaneOf(path); // Every lane exists up front: subscriptions and streams are remembered on each.
        }
    }

    /// <summary>Creates the router and one lane per distinct driver and target (shared by <see cref="CompatClient"/> and Hosting).</summary>
    internal static SchemaPathClient Create(SchemaPathOptions paths, Func<IClientSnapshotSource> snapshots, ClientServices services, IEnumerable<EventStreamDeclaration> events, ILoggerFactory loggers, TimeProvider time)
    {
        var declarations = events.ToArray();
        var fetches = new SchemaFetchHandover();
        return new SchemaPathClient(
            paths,
            (path, observe) =>
            {
                var source = path.ServerUri is null ? snapshots() : new TargetSnapshotSource(snapshots(), path.ServerUri, path.DatabaseName!);
                var laneServices = new ClientServices
                {
                    CompatibilityCheck = path.Check is { } own ? observe(own) : services.CompatibilityCheck,
                    TokenStore = services.TokenStore,
                    Pipelines = services.Pipelines,
                    ObserveDefaultCheck = observe,
                    SchemaFetches = fetches,
                    SchemaSources = services.SchemaSources,
                };
                return new CompatClientCore(path.Driver, source, laneServices, declarations, loggers.CreateLogger("Stdb.Compat.CompatClient." + path.Name), time);
            },
            loggers.CreateLogger("Stdb.Compat.SchemaPaths"),
            time,
            fetches);
    }

    public event Action<StateChange>? StateChanged
    {
        add => _stateChanged.Add(value);
        remove => _stateChanged.Remove(value);
    }

    public string? CurrentPath => Volatile.Read(ref _active)?.Name;

    public SchemaPathSelection? LatestSelection => Volatile.Read(ref _selection);

    public CompatConnectionState State => Volatile.Read(ref _lane)?.Client.State ?? _ownState;

    public DriverCapabilities DriverCapabilities => (Volatile.Read(ref _active)?.Driver ?? Newest.Driver).Capabilities;

    public IReadOnlyList<CapabilityStatus> Capabilities => Volatile.Read(ref _lane)?.Client.Capabilities ?? Array.Empty<CapabilityStatus>();

    public string? Identity => Volatile.Read(ref _lane)?.Client.Identity;

    public CompatibilityCircuitState CompatibilityCircuit => Volatile.Read(ref _lane)?.Client.CompatibilityCircuit ?? CompatibilityCircuitState.Closed;

    public CompatibilitySnapshot? Compatibility => Volatile.Read(ref _lane)?.Client.Compatibility;

    private SchemaPathDefinition Newest => _selector.Newest;

    /// <summary>The engine-room selector (read by tests: the connect record of each target).</summary>
    internal PathSelector Selector => _selector;

    public bool IsAvailable(CompatCapability capability) => Volatile.Read(ref _lane)?.Client.IsAvailable(capability) ?? false;

    public void FrameTick()
    {
        // Path switches run here, between frames: never in the middle of a frame or a call.
        while (_work.TryDequeue(out var work))
        {
            try
            {
                work();
            }
#pragma warning disable CA1031 // Queued work never stops the pump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.PathWorkFault(_logger, ex);
            }
        }

        Lane[] lanes;
        lock (_gate)
        {
            lanes = _lanes.Values.ToArray();
        }

        foreach (var lane in lanes)
        {
            if (lane.Client.State != CompatConnectionState.Closed)
            {
                lane.Client.FrameTick();
            }
        }
    }

    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        var selection = await _selector.SelectAsync(requested: null, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(selection, follow: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _lane) is { } lane)
        {
            await lane.Client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SwitchPathAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = _paths.Find(path ?? throw new ArgumentNullException(nameof(path)))
            ?? throw new ArgumentException($"'{path}' is not a declared schema path (declared: {string.Join(", ", _paths.Names)}).", nameof(path));
        var selection = await _selector.SelectAsync(target.Name, cancellationToken).ConfigureAwait(false);
        if (selection.Path is null || !string.Equals(selection.Path, target.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConnectFailedException($"Schema path '{target.Name}' cannot be used: {selection.Checks[target.Name].Reason}", null, isTransient: false);
        }

        await ApplyAsync(selection with { Choice = SchemaPathChoice.Requested }, follow: true, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Lane[] lanes;
        lock (_gate)
        {
            lanes = _lanes.Values.ToArray();
        }

        foreach (var lane in lanes)
        {
            await lane.Client.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ITableView<TRow> Table<TRow>()
        where TRow : class => ModelTable<TRow>(null);

    public ITableView<TRow> Table<TRow>(string table)
        where TRow : class => ModelTable<TRow>(table ?? throw new ArgumentNullException(nameof(table)));

    /// <summary>The model view of <typeparamref name="TRow"/> (a model type), from the table the app named when it did.</summary>
    private ModelView<TRow> ModelTable<TRow>(string? table)
        where TRow : class
    {
        lock (_gate)
        {
            var key = (typeof(TRow), table ?? string.Empty);
            if (_views.TryGetValue(key, out var existing))
            {
                return ((ViewSlot<TRow>)existing).ModelView;
            }

            // Every path is asked now, on the app's thread: a declared map that reads another table throws here, never on the pump.
            var maps = _paths.Paths.Select(p => (Path: p, Map: p.RowMapOf<TRow>(table))).Where(p => p.Map is not null).ToArray();
            var first = maps.Length > 0 ? maps[0]
                : throw new UnknownTableException(table ?? typeof(TRow).FullName ?? typeof(TRow).Name, table is null
                    ? "none maps onto this model type: add Rows<TGeneratedRow, " + typeof(TRow).Name + ">(...) to a schema path"
                    : "no schema path has it with the row type " + typeof(TRow).Name);
            var view = first.Map!.FindTable(first.Path.Driver).Accept(new ModelViewFactory<TRow>(this));
            var slot = new ViewSlot<TRow>(view, table);
            _views.Add(key, slot);
            if (_active is { } active && _lane is { } lane)
            {
                slot.Rebind(active, lane);
            }

            return view;
        }
    }

    public IEventStream<TEvent> Events<TEvent>()
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(typeof(TEvent), out var stream))
            {
                var relay = new EventRelay<TEvent>(this);
                foreach (var lane in _lanes.Values)
                {
                    relay.Attach(lane);
                }

                stream = relay;
                _streams.Add(typeof(TEvent), relay);
            }

            return (IEventStream<TEvent>)stream;
        }
    }

    public ICompatSubscription Subscribe(IEnumerable<string> tables) => AddSubscription(tables?.ToArray() ?? throw new ArgumentNullException(nameof(tables)));

    public ICompatSubscription SubscribeToAllTables() => AddSubscription(null);

    public Task<ReducerOutcome> CallReducerAsync<TArgs>(TArgs args, CancellationToken cancellationToken = default)
        where TArgs : class
    {
        if (args is null)
        {
            throw new ArgumentNullException(nameof(args));
        }

        // One read of the pinned path and one lookup: no flag, no selection per call.
        var active = Volatile.Read(ref _active);
        var lane = Volatile.Read(ref _lane);
        if (active is null || lane is null)
        {
            return Task.FromResult(new ReducerOutcome(0, typeof(TArgs).Name, ReducerOutcomeKind.NotConnected, "no schema path is selected yet: call ConnectAsync first"));
        }

        return active.CommandMaps.TryGetValue(typeof(TArgs), out var map)
            ? map.CallAsync(lane, args, cancellationToken)
            : lane.Client.CallReducerAsync(args, cancellationToken);
    }

    void ICallbackFaultSink.OnCallbackFault(string callback, Exception exception) => Log.CallbackFault(_logger, callback, exception);

    private PathSubscription AddSubscription(string[]? tables)
    {
        var subscription = new PathSubscription(this, tables);
        Lane[] lanes;
        lock (_gate)
        {
            lanes = _lanes.Values.ToArray();
        }

        UnknownTableException? unknown = null;
        var known = 0;
        foreach (var lane in lanes)
        {
            try
            {
                subscription.On(lane);
                known++;
            }
            catch (UnknownTableException ex)
            {
                unknown ??= ex; // A table only some generations have: subscribed where it exists.
            }
        }

        if (known == 0 && unknown is not null)
        {
            throw unknown;
        }

        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    private Lane LaneOf(SchemaPathDefinition path)
    {
        lock (_gate)
        {
            var key = (path.Driver, path.ServerUri, path.DatabaseName);
            if (!_lanes.TryGetValue(key, out var lane))
            {
                lane = new Lane(_createLane(path, check => new ObservedCheck(this, check)));
                _lanes.Add(key, lane);
                lane.Client.StateChanged += change => OnLaneStateChanged(lane, change);
                foreach (var stream in _streams.Values)
                {
                    ((IEventRelay)stream).Attach(lane);
                }
            }

            return lane;
        }
    }

    /// <summary>A path without its own check is checked by its lane's default schema check (manifest vs. live module), when the lane built one.</summary>
    private ICompatibilityCheck? DefaultCheckOf(SchemaPathDefinition path) => (LaneOf(path).Client as CompatClientCore)?.DefaultCheck;

    private void Emit(StateChange change) => _stateChanged.Invoke(change, this, nameof(StateChanged));

    /// <summary>
    /// A path's check (its own, or its lane's default schema check) as its lane's circuit runs it: an incompatible
    /// answer on the lane in use (a client-breaking publish) makes the router pick another path instead of only refusing.
    /// </summary>
    private sealed class ObservedCheck : ICompatibilityCheck
    {
        private readonly SchemaPathClient _owner;
        private readonly ICompatibilityCheck _inner;

        public ObservedCheck(SchemaPathClient owner, ICompatibilityCheck inner)
        {
            _owner = owner;
            _inner = inner;
        }

        public async ValueTask<CompatibilityCheckResult> CheckAsync(CompatibilityCheckContext context, CancellationToken cancellationToken = default)
        {
            var result = await _inner.CheckAsync(context, cancellationToken).ConfigureAwait(false);
            if (!result.CanConnect && _owner._selector.HasChoice)
            {
                _ = _owner.ReselectAsync();
            }

            return result;
        }
    }

    /// <summary>One engine-room client: a driver and a target.</summary>
    private sealed class Lane : IRowSource, IReducerSink
    {
        public Lane(ICompatClient client) => Client = client;

        public ICompatClient Client { get; }

        public ITableView<TRow> Table<TRow>(string table)
            where TRow : class => Client.Table<TRow>(table);

        public Task<ReducerOutcome> CallReducerAsync<TArgs>(TArgs args, CancellationToken cancellationToken)
            where TArgs : class => Client.CallReducerAsync(args, cancellationToken);
    }
}
