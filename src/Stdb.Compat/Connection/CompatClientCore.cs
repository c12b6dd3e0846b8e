using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Stdb.Compat.Calls;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Events;
using Stdb.Compat.Internal;
using Stdb.Compat.Lifecycle;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Subscriptions;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Connection;

/// <summary>
/// The router: the public client over the feature engines (lifecycle, compatibility, calls, views, events,
/// subscriptions). It owns nothing but the pump and the wiring; each engine owns its state on the pump, and the
/// router forwards the lifecycle's moments to the engines that care.
/// </summary>
internal sealed partial class CompatClientCore : ICompatClient, ILifecycleHooks, ICallHost, IEventHost, ISubscriptionHost, ICallbackFaultSink
{
    private readonly ILogger _logger;
    private readonly Pump _pump;
    private readonly ClientServices _services;
    private readonly ResiliencePipelineRegistry<string> _standardPipelines = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly HandlerList<StateChange> _stateChanged = new();
    private readonly IConnectionDriver _driver;
    private readonly TokenKeeper _tokens;
    private readonly CompatibilityEngine _compatibility;
    private readonly LifecycleEngine _lifecycle;
    private readonly CallEngine _calls;
    private readonly ViewEngine _views;
    private readonly EventEngine _events;
    private readonly SubscriptionEngine _subscriptions;

    public CompatClientCore(IConnectionDriver driver, IClientSnapshotSource snapshots, ClientServices services, IEnumerable<EventStreamDeclaration> events, ILogger logger, TimeProvider time)
    {
        _driver = driver;
        _logger = logger;
        _services = services;
        _pump = new Pump(ex => Log.QueuedWorkFault(logger, ex));
        _standardPipelines.AddStandardPipelines(() => _lifecycle!.Settings.Resilience, snapshots.ReloadToken, time);
        var settings = snapshots.Current;
        _tokens = new TokenKeeper(settings.Token, services.TokenStore, _pump, logger, _lifetime.Token);
        DefaultCheck = services.CompatibilityCheck is null && driver is IBindingsManifestSource { Manifest: { } manifest }
            ? new DefaultSchemaCheck(manifest, () => (_lifecycle!.Settings, _tokens.ForAttempt(_lifecycle.Settings.Token)), time, logger, services.SchemaFetches, services.SchemaSources)
            : null;
        var check = services.CompatibilityCheck ?? (DefaultCheck is { } fallback ? services.ObserveDefaultCheck?.Invoke(fallback) ?? fallback : null);
        _compatibility = new CompatibilityEngine(driver, check, UsageFromClient, _pump, time, logger, _lifetime.Token);
        _lifecycle = new LifecycleEngine(_pump, snapshots, _compatibility, this, _tokens, time, logger, change => _stateChanged.Invoke(change, this, nameof(StateChanged)), _lifetime);
        _calls = new CallEngine(driver, this, _pump, time, logger);
        _views = new ViewEngine(driver, this, _calls.PeekCallId, () => _events!.OnUnknownTransaction(), _pump);
        _events = new EventEngine(driver, events, settings.LightMode, this, _pump, _views, this, logger);
        _subscriptions = new SubscriptionEngine(driver, this, _pump, _views, _events, logger);
    }

    public event Action<StateChange>? StateChanged
    {
        add => _stateChanged.Add(value);
        remove => _stateChanged.Remove(value);
    }

    public CompatConnectionState State => _lifecycle.State;

    public DriverCapabilities DriverCapabilities => _driver.Capabilities;

    public IReadOnlyList<CapabilityStatus> Capabilities => _events.Capabilities.Snapshot();

    public string? Identity => _lifecycle.Identity;

    public CompatibilityCircuitState CompatibilityCircuit => _compatibility.State;

    public CompatibilitySnapshot? Compatibility => _compatibility.Snapshot;

    /// <summary>Calls waiting for a connection (pump-owned; read by tests and the chaos suite).</summary>
    internal int QueuedCallCount => _calls.QueuedCount;

    /// <summary>App subscriptions remembered for replay.</summary>
    internal int SubscriptionCount => _subscriptions.Count;

    /// <summary>Replayed subscriptions not yet applied on this connection.</summary>
    internal int ReplayingCount => _subscriptions.ReplayingCount;

    /// <summary>The default check built from the driver's manifest (none configured), or null; a path selection runs it too.</summary>
    internal ICompatibilityCheck? DefaultCheck { get; }

    /// <summary>True when a compatibility check runs (configured, or the default one built from the driver's manifest).</summary>
    internal bool HasCompatibilityCheck => _compatibility.HasCheck;

    /// <summary>Calls sent and awaiting their result.</summary>
    internal int PendingCallCount => _calls.PendingCount;

    public bool IsAvailable(CompatCapability capability) => _events.Capabilities.IsAvailable(capability);

    public void FrameTick()
    {
        if (!_pump.TryEnter())
        {
            if (_pump.IsHeldByCurrentThread)
            {
                throw new InvalidOperationException("FrameTick is already running. Call it from one thread only, and never from inside a callback.");
            }

            return; // DisconnectAsync/DisposeAsync run the pump's last work on their own thread right now: skip this frame.
        }

        try
        {
            _pump.RunQueuedWork();
            if (_lifecycle.Session is { } session)
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

            _pump.RunQueuedWork();
        }
        finally
        {
            _pump.Exit();
        }
    }

    public Task ConnectAsync(CancellationToken cancellationToken = default) => _lifecycle.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken = default) => _lifecycle.DisconnectAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (await _lifecycle.CloseAsync().ConfigureAwait(false))
        {
            _standardPipelines.Dispose();
        }
    }

    public ITableView<TRow> Table<TRow>()
        where TRow : class => _views.Table<TRow>();

    public ITableView<TRow> Table<TRow>(string table)
        where TRow : class => _views.Table<TRow>(table);

    public IEventStream<TEvent> Events<TEvent>() => _events.Stream<TEvent>();

    public ICompatSubscription Subscribe(IEnumerable<string> tables) => _subscriptions.Subscribe(tables);

    public ICompatSubscription SubscribeToAllTables() => _subscriptions.SubscribeToAllTables();

    public Task<ReducerOutcome> CallReducerAsync<TArgs>(TArgs args, CancellationToken cancellationToken = default)
        where TArgs : class => _calls.CallAsync(args, cancellationToken);

    // ------------------------------------------------------------------ what the engines ask of the client

    public IDriverSession? ConnectedSession => _lifecycle.ConnectedSession;

    public bool IsClosed => _lifecycle.IsClosed;

    public ClientSnapshot Settings => _lifecycle.Settings;

    public bool LightModeRequested => _lifecycle.Settings.LightMode;

    public string Redact(string? text) => _tokens.Redact(text);

    public void ThrowIfClosed() => _lifecycle.ThrowIfClosed();

    public ResiliencePipeline<ReducerOutcome> ReducerPipeline() =>
        _services.Pipelines is { } custom && custom.TryGetPipeline<ReducerOutcome>(StdbCompatPipelineKeys.Reducer, out var pipeline)
            ? pipeline
            : _standardPipelines.GetPipeline<ReducerOutcome>(StdbCompatPipelineKeys.Reducer);

    public ResiliencePipeline ConnectPipeline(bool reconnect)
    {
        var key = reconnect ? StdbCompatPipelineKeys.Reconnect : StdbCompatPipelineKeys.Connect;
        return _services.Pipelines is { } custom && custom.TryGetPipeline(key, out var pipeline) ? pipeline : _standardPipelines.GetPipeline(key);
    }

    public void SubscribeSource(EventStreamEngine stream) => _subscriptions.SubscribeSource(stream);

    public void OnReplayComplete() => _compatibility.OnReplayComplete();

    // ------------------------------------------------------------------ the lifecycle's moments (pump)

    public void OnAttemptStarting(ClientSnapshot settings) => _events.BeginAttempt(settings.LightMode);

    public void OnSessionOpened(IDriverSession session)
    {
        _views.Attach(session);
        _events.Attach(session);
    }

    public void OnConnected(IDriverSession session)
    {
        // The schema check runs before subscribing: a table whose rows no longer decode never reaches the SDK's decoder.
        if (!_compatibility.CheckConnected(Settings.Resilience.Circuit.CheckOnConnect, snapshot => SubscribeChecked(session, snapshot)))
        {
            _subscriptions.Replay(session);
        }

        _calls.FlushQueued();
    }

    private void SubscribeChecked(IDriverSession session, CompatibilitySnapshot? snapshot)
    {
        if (!ReferenceEquals(_lifecycle.ConnectedSession, session))
        {
            return; // That connection is gone; the next one checks again.
        }

        var undecodable = snapshot?.Undecodable;
        if (undecodable is not null)
        {
            foreach (var table in undecodable)
            {
                Log.TableUndecodable(_logger, table.Key, table.Value);
            }
        }

        _subscriptions.Replay(session, undecodable);
    }

    /// <summary>What the app uses, from what the client does: tables subscribed, reducers called, event sources declared.</summary>
    private SchemaAppUsage? UsageFromClient()
    {
        var (tables, eventTables) = _subscriptions.TablesUsed();
        return new SchemaAppUsage { Tables = tables, Reducers = _calls.ReducersUsed(), EventTables = eventTables };
    }

    public void OnSessionEnded(string why)
    {
        _subscriptions.EndSession();
        _views.EndSession();
        _calls.DropPending(why);
    }

    public void OnGaveUp(string why) => _calls.FailQueued(why);

    public void OnReducerEvent(in DriverEvent reducerEvent)
    {
        RowOrigin origin;
        if (reducerEvent.CallerIsSelf && reducerEvent.ReducerArgs is not null)
        {
            origin = RowOrigin.OwnCall(_calls.OnOwnResult(reducerEvent), reducerEvent.ReducerName ?? string.Empty);
        }
        else
        {
            origin = RowOrigin.OtherClient(reducerEvent.ReducerName ?? string.Empty);
        }

        _events.OnReducerEvent(reducerEvent, origin);
    }

    void ICallbackFaultSink.OnCallbackFault(string callback, Exception exception)
    {
        StdbCompatTelemetry.CallbackFaults.Add(1, new KeyValuePair<string, object?>("stdb.compat.callback", callback));
        Log.CallbackFault(_logger, callback, exception);
    }

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Error, "An app callback ({Callback}) threw; the pump continues")]
        public static partial void CallbackFault(ILogger logger, string callback, Exception exception);

        [LoggerMessage(3002, LogLevel.Error, "Queued work failed; the pump continues")]
        public static partial void QueuedWorkFault(ILogger logger, Exception exception);

        [LoggerMessage(1025, LogLevel.Warning, "Table {Table} is not subscribed: its rows no longer decode with the bindings ({Reason})")]
        public static partial void TableUndecodable(ILogger logger, string table, string reason);

        [LoggerMessage(3003, LogLevel.Error, "The SDK's FrameTick let an exception escape; the pump continues")]
        public static partial void SdkFrameTickFault(ILogger logger, Exception exception);
    }
}
