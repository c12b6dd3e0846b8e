using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Driver;
using Stdb.Compat.Events;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Subscriptions;

/// <summary>
/// The registry of subscriptions (the app's, remembered across connections, and each event stream's source) and
/// their replay on every connection. The registry is read by any thread under a lock; the rest is pump-owned.
/// </summary>
internal sealed partial class SubscriptionEngine
{
    private readonly IConnectionDriver _driver;
    private readonly ISubscriptionHost _host;
    private readonly Pump _pump;
    private readonly ViewEngine _views;
    private readonly EventEngine _events;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<CompatSubscription> _subscriptions = new();
    private readonly Dictionary<EventStreamEngine, CompatSubscription> _streamSubscriptions = new();
    private readonly HashSet<CompatSubscription> _replaying = new();
    private IReadOnlyDictionary<string, string> _blocked = NoneBlocked;
    private IDriverSession? _replayedSession;
    private static readonly IReadOnlyDictionary<string, string> NoneBlocked = new Dictionary<string, string>();

    public SubscriptionEngine(IConnectionDriver driver, ISubscriptionHost host, Pump pump, ViewEngine views, EventEngine events, ILogger logger)
    {
        _driver = driver;
        _host = host;
        _pump = pump;
        _views = views;
        _events = events;
        _logger = logger;
    }

    /// <summary>App subscriptions remembered for replay.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Replayed subscriptions not yet applied on this connection.</summary>
    public int ReplayingCount => _replaying.Count;

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

        return Add(resolved);
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

        return Add(tables);
    }

    /// <summary>
    /// Pump: subscribes a stream's source table on the connected session (after a source change); before this
    /// connection's replay the replay does it.
    /// </summary>
    public void SubscribeSource(EventStreamEngine stream)
    {
        if (_replayedSession is { } session && ReferenceEquals(session, _host.ConnectedSession)
            && CreateStreamSubscription(stream) is { } subscription && TryGate(subscription, out var queries))
        {
            subscription.Apply(session, queries);
        }
    }

    /// <summary>What the app subscribes to: wire names of its tables, and of the event streams' source tables.</summary>
    public (IReadOnlyCollection<string> Tables, IReadOnlyCollection<string> EventTables) TablesUsed()
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        var eventTables = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                tables.UnionWith(subscription.Tables);
            }
        }

        foreach (var stream in _events.Streams)
        {
            if (stream.SourceTable is { } table)
            {
                (table.IsEventTable ? eventTables : tables).Add(table.WireName);
            }
        }

        return (tables, eventTables);
    }

    /// <summary>
    /// Pump, once connected (after the schema check): replays every subscription, leaving out the tables whose rows
    /// no longer decode (<paramref name="undecodable"/>: wire name → why; never sent to the server). The views
    /// reconcile against the replayed initial rows.
    /// </summary>
    public void Replay(IDriverSession session, IReadOnlyDictionary<string, string>? undecodable = null)
    {
        _pump.AssertOnPump();
        _blocked = undecodable ?? NoneBlocked;
        _replayedSession = session;
        List<CompatSubscription> replay;
        lock (_gate)
        {
            replay = new List<CompatSubscription>(_subscriptions);
        }

        _streamSubscriptions.Clear();
        foreach (var stream in _events.Streams)
        {
            if (CreateStreamSubscription(stream) is { } streamSubscription)
            {
                replay.Add(streamSubscription);
            }
        }

        _replaying.Clear();
        var pendingByTable = new Dictionary<string, int>(StringComparer.Ordinal);
        var applied = new List<(CompatSubscription Subscription, IReadOnlyList<string>? Queries)>(replay.Count);
        foreach (var subscription in replay)
        {
            if (!TryGate(subscription, out var queries))
            {
                continue;
            }

            _replaying.Add(subscription);
            applied.Add((subscription, queries));
            foreach (var table in subscription.Tables)
            {
                if (_blocked.ContainsKey(table))
                {
                    continue;
                }

                pendingByTable.TryGetValue(table, out var count);
                pendingByTable[table] = count + 1;
            }
        }

        _views.BeginReconcile(pendingByTable, _blocked);
        _views.SetFaults(_blocked);
        foreach (var (subscription, queries) in applied)
        {
            subscription.Apply(session, queries);
        }

        if (_replaying.Count == 0)
        {
            _host.OnReplayComplete();
        }
    }

    /// <summary>Pump: the session ended; every subscription will be applied again on the next one.</summary>
    public void EndSession()
    {
        _pump.AssertOnPump();
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Detach();
            }
        }

        _streamSubscriptions.Clear();
        _replaying.Clear();
        _replayedSession = null;
    }

    internal void OnSettled(CompatSubscription subscription)
    {
        if (!_replaying.Remove(subscription))
        {
            return;
        }

        foreach (var table in subscription.Tables)
        {
            if (!_blocked.ContainsKey(table))
            {
                _views.SettleOne(table);
            }
        }

        if (_replaying.Count == 0)
        {
            _host.OnReplayComplete();
        }
    }

    internal void OnFailed(CompatSubscription subscription, SubscriptionFailedException failure)
    {
        Log.SubscriptionFailed(_logger, string.Join("; ", subscription.Queries), failure.InnerException?.Message ?? failure.Message);
        OnSettled(subscription);
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

        if (failedStream is not null)
        {
            _streamSubscriptions.Remove(failedStream);
            _events.OnSourceFailed(failedStream, failure);
        }
    }

    internal Task RemoveAsync(CompatSubscription subscription, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_host.IsClosed)
        {
            // Disposed: the connection and its subscriptions are gone and no pump runs the removal; forget it here.
            lock (_gate)
            {
                _subscriptions.Remove(subscription);
            }

            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), done)
            : default;
        _pump.Enqueue(() =>
        {
            registration.Dispose();
            lock (_gate)
            {
                _subscriptions.Remove(subscription);
            }

            try
            {
                subscription.Remove();
                done.TrySetResult(true);
            }
#pragma warning disable CA1031 // The SDK refusing the unsubscribe goes to the caller, not to the pump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    private ICompatSubscription Add(List<DriverTable> tables)
    {
        _host.ThrowIfClosed();
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

        _pump.Enqueue(() => ApplyAdded(subscription));
        return subscription;
    }

    /// <summary>
    /// Pump: sends a subscription made after this connection's replay. One made before it (or while the schema check
    /// still runs) is the replay's to send: sending it here too would subscribe twice, or past the schema gate.
    /// </summary>
    private void ApplyAdded(CompatSubscription subscription)
    {
        if (subscription.IsRemoved || subscription.IsAttached || _replayedSession is not { } session
            || !ReferenceEquals(session, _host.ConnectedSession) || !TryGate(subscription, out var queries))
        {
            return;
        }

        subscription.Apply(session, queries);
    }

    /// <summary>
    /// The queries to send for a subscription on this connection: null for all of them, or those whose tables still
    /// decode; false (logged) when none is left.
    /// </summary>
    private bool TryGate(CompatSubscription subscription, out IReadOnlyList<string>? queries)
    {
        queries = null;
        if (_blocked.Count == 0)
        {
            return true;
        }

        var kept = new List<string>(subscription.Queries.Count);
        for (var i = 0; i < subscription.Tables.Count; i++)
        {
            if (!_blocked.ContainsKey(subscription.Tables[i]))
            {
                kept.Add(subscription.Queries[i]);
            }
        }

        if (kept.Count == 0)
        {
            Log.SubscriptionGated(_logger, string.Join(", ", subscription.Tables));
            return false;
        }

        queries = kept.Count == subscription.Queries.Count ? null : kept;
        return true;
    }

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

    private static partial class Log
    {
        [LoggerMessage(3004, LogLevel.Warning, "The server refused the subscription [{Queries}]: {Message}")]
        public static partial void SubscriptionFailed(ILogger logger, string queries, string message);

        [LoggerMessage(3005, LogLevel.Warning, "Not subscribing to [{Tables}] on this connection: their rows no longer decode with the bindings")]
        public static partial void SubscriptionGated(ILogger logger, string tables);
    }
}
