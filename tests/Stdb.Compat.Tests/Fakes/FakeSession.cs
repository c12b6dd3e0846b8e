using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Tests.Fakes;

/// <summary>One scripted connection: everything a test queues is delivered at the next FrameTick, like the SDK.</summary>
public sealed class FakeSession : IDriverSession, IDriverRowSource
{
    private readonly Queue<Action> _inbox = new();
    private readonly Dictionary<DriverTable, List<object>> _taps = new();
    private readonly Dictionary<DriverTable, List<object>> _cache = new();

    public FakeSession(DriverSessionOptions options, IDriverSessionListener listener)
    {
        Options = options;
        Listener = listener;
    }

    public DriverSessionOptions Options { get; }

    public IDriverSessionListener Listener { get; }

    public List<object> Calls { get; } = new();

    public List<FakeSubscription> Subscriptions { get; } = new();

    public bool IsActive { get; set; } = true;

    public bool DisconnectCalled { get; private set; }

    public bool Disposed { get; private set; }

    public int Ticks { get; private set; }

    /// <summary>When true, the session keeps an SDK-like cache of delivered rows and lists it (<see cref="IDriverRowSource"/>).</summary>
    public bool ListsRows { get; set; }

    /// <summary>How many times the core listed a table's cache.</summary>
    public int RowListings { get; private set; }

    public bool CopyRows<TRow>(DriverTable<TRow> table, List<TRow> destination)
        where TRow : class
    {
        if (!ListsRows)
        {
            return false;
        }

        RowListings++;
        if (_cache.TryGetValue(table, out var rows))
        {
            foreach (var row in rows)
            {
                destination.Add((TRow)row);
            }
        }

        return true;
    }

    public void FrameTick()
    {
        Ticks++;
        while (_inbox.Count > 0)
        {
            _inbox.Dequeue()();
        }
    }

    public void Disconnect() => DisconnectCalled = true;

    public void Dispose() => Disposed = true;

    public void Tap<TRow>(DriverTable<TRow> table, IDriverTableListener<TRow> listener)
        where TRow : class
    {
        if (!_taps.TryGetValue(table, out var list))
        {
            _taps[table] = list = new List<object>();
        }

        list.Add(listener);
    }

    public int TapCount(DriverTable table) => _taps.TryGetValue(table, out var list) ? list.Count : 0;

    public IDriverSubscription Subscribe(IReadOnlyList<string> querySql, IDriverSubscriptionListener listener)
    {
        var subscription = new FakeSubscription(querySql, listener);
        Subscriptions.Add(subscription);
        return subscription;
    }

    public void CallReducer(object reducerArgs) => Calls.Add(reducerArgs);

    // ---- scripting

    public void Enqueue(Action action) => _inbox.Enqueue(action);

    public void QueueConnected(string identity = "AA", string token = "secret-token") =>
        Enqueue(() => Listener.OnConnected(new DriverConnectedInfo(identity, "0011", token)));

    public void QueueConnectError(Exception error) => Enqueue(() => Listener.OnConnectError(error));

    public void QueueDisconnected(Exception? error) => Enqueue(() => Listener.OnDisconnected(error));

    public void QueueReducerEvent(DriverEvent e) => Enqueue(() => Listener.OnReducerEvent(e));

    public void QueueInsert<TRow>(DriverTable<TRow> table, DriverEvent e, TRow row)
        where TRow : class => Enqueue(() =>
        {
            Cache(table).Add(row);
            Each<TRow>(table, l => l.OnInsert(e, row));
        });

    public void QueueUpdate<TRow>(DriverTable<TRow> table, DriverEvent e, TRow oldRow, TRow newRow)
        where TRow : class => Enqueue(() =>
        {
            Cache(table).Remove(oldRow);
            Cache(table).Add(newRow);
            Each<TRow>(table, l => l.OnUpdate(e, oldRow, newRow));
        });

    public void QueueDelete<TRow>(DriverTable<TRow> table, DriverEvent e, TRow row)
        where TRow : class => Enqueue(() =>
        {
            Cache(table).Remove(row);
            Each<TRow>(table, l => l.OnDelete(e, row));
        });

    public void QueueApplied(int index) => Enqueue(() => Subscriptions[index].Listener.OnApplied());

    public void QueueSubscriptionError(int index, Exception error) => Enqueue(() => Subscriptions[index].Listener.OnError(error));

    private List<object> Cache(DriverTable table)
    {
        if (!_cache.TryGetValue(table, out var rows))
        {
            _cache[table] = rows = new List<object>();
        }

        return rows;
    }

    private void Each<TRow>(DriverTable table, Action<IDriverTableListener<TRow>> action)
        where TRow : class
    {
        if (_taps.TryGetValue(table, out var list))
        {
            foreach (var listener in list.ToArray())
            {
                action((IDriverTableListener<TRow>)listener);
            }
        }
    }
}

public sealed class FakeSubscription : IDriverSubscription
{
    public FakeSubscription(IReadOnlyList<string> queries, IDriverSubscriptionListener listener)
    {
        Queries = queries;
        Listener = listener;
    }

    public IReadOnlyList<string> Queries { get; }

    public IDriverSubscriptionListener Listener { get; }

    public bool IsActive { get; set; } = true;

    public bool IsEnded { get; set; }

    public bool UnsubscribeCalled { get; private set; }

    public void Unsubscribe() => UnsubscribeCalled = true;
}
