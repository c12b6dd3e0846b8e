using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Game;
using SpacetimeDB.Types;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Benchmarks.Tables;

/// <summary>
/// The honest hot path: cost per row of applying pre-decoded rows the way the real SDK 2.8 does after decoding
/// (<see cref="SdkApplyModel"/>: cache dictionary keyed by the boxed primary key, collect, then invoke the
/// <c>OnInsert</c> listeners), with a bare app handler (baseline) against the same loop whose <c>OnInsert</c> handler
/// is our tap (driver event → table view → app handler). Decoding and the network are outside both.
/// "SteadyState": the cache and view already grew to the batch size in earlier iterations (rows are removed again in
/// [IterationCleanup], outside the measurement). "FirstFill": a fresh cache and view every iteration.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RowApplyBenchmarks
{
    public const int BatchRows = 10_000;
    private Player[] _rows = null!;
    private SdkApplyModel _sdk = null!;
    private TableView<Player>? _view;
    private long _seen;

    [GlobalSetup]
    public void Setup() => _rows = NewRows(BatchRows);

    [IterationSetup(Target = nameof(SdkBareHandler_SteadyState))]
    public void SetupWarmSdk()
    {
        if (_sdk is null)
        {
            SetupFreshSdk();
        }
    }

    [IterationSetup(Target = nameof(SdkBareHandler_FirstFill))]
    public void SetupFreshSdk()
    {
        _sdk = new SdkApplyModel();
        _sdk.OnInsert += BareHandler;
    }

    [IterationSetup(Target = nameof(ThroughView_SteadyState))]
    public void SetupWarmView()
    {
        if (_view is null)
        {
            SetupFreshView();
        }
    }

    [IterationSetup(Target = nameof(ThroughView_FirstFill))]
    public void SetupFreshView() => (_sdk, _view) = NewTappedView(change => _seen += (long)change.Row.Id);

    [IterationSetup(Target = nameof(ThroughViewNoCopy_SteadyState))]
    public void SetupWarmViewNoCopy()
    {
        if (_view is null)
        {
            SetupFreshViewNoCopy();
        }
    }

    [IterationSetup(Target = nameof(ThroughViewNoCopy_FirstFill))]
    public void SetupFreshViewNoCopy() => (_sdk, _view) = NewTappedView(change => _seen += (long)change.Row.Id, keepCopy: false);

    [IterationCleanup]
    public void RemoveRows()
    {
        if (_view is not null)
        {
            var ev = new DriverEvent(DriverEventKind.Transaction);
            foreach (var row in _rows)
            {
                ((IDriverTableListener<Player>)_view).OnDelete(ev, row);
            }
        }

        _sdk.Clear();
    }

    [BenchmarkCategory("SteadyState")]
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void SdkBareHandler_SteadyState() => _sdk.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory("SteadyState")]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughView_SteadyState() => _sdk.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory("SteadyState")]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughViewNoCopy_SteadyState() => _sdk.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory("FirstFill")]
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void SdkBareHandler_FirstFill() => _sdk.ApplyInserts(_rows, SubscribeAppliedEvent);

    [BenchmarkCategory("FirstFill")]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughView_FirstFill() => _sdk.ApplyInserts(_rows, SubscribeAppliedEvent);

    [BenchmarkCategory("FirstFill")]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughViewNoCopy_FirstFill() => _sdk.ApplyInserts(_rows, SubscribeAppliedEvent);

    private static readonly object OtherClientEvent = new DriverEventBox(raw => new DriverEvent("create_player", new object(), callerIsSelf: false, DriverReducerStatus.Committed, null, 1, raw));

    private static readonly object SubscribeAppliedEvent = new DriverEventBox(raw => new DriverEvent(DriverEventKind.SubscribeApplied, raw));

    private void BareHandler(object context, Player row) => _seen += (long)row.Id;

    internal static Player[] NewRows(int count)
    {
        var rows = new Player[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = new Player((ulong)(i + 1), "p" + i, 100u, null);
        }

        return rows;
    }

    /// <summary>
    /// An SDK cache model whose OnInsert listener is our tap (what the generated driver registers), plus the view it
    /// feeds. <paramref name="keepCopy"/>: the view keeps its own copy (the app reads it, or the session cannot list
    /// its cache); otherwise the view is attached to a session that lists the SDK's cache and the app never reads it.
    /// </summary>
    internal static (SdkApplyModel Sdk, TableView<Player> View) NewTappedView(Action<RowChange<Player>>? appHandler, bool keepCopy = true)
    {
        var engine = new ViewEngine(new GameDriver(), NoFaults.Instance, static (_, _) => 0, static () => { }, new Pump(static _ => { }));
        var view = (TableView<Player>)engine.Table<Player>();
        if (!keepCopy)
        {
            view.Attach(new ListingSession());
        }

        if (appHandler is not null)
        {
            view.Inserted += appHandler;
        }

        var sdk = new SdkApplyModel();
        IDriverTableListener<Player> tap = view;
        sdk.OnInsert += (context, row) => tap.OnInsert(in ((DriverEventBox)context).Event, row);
        return (sdk, view);
    }

    /// <summary>
    /// Stands for the SDK's event object (one per transaction, shared by all its rows). The generated driver maps it
    /// once per transaction and hands every row a copy of the cached <see cref="DriverEvent"/> whose Raw is that object;
    /// here the mapped event is built up front and, like the generated driver's cached event, handed over by reference.
    /// </summary>
    internal sealed class DriverEventBox
    {
        public readonly DriverEvent Event;

        public DriverEventBox(Func<object, DriverEvent> map) => Event = map(this);
    }

    /// <summary>A session that lists the SDK's cache (an empty one at attach, like a new connection's).</summary>
    private sealed class ListingSession : IDriverSession, IDriverRowSource
    {
        public bool IsActive => true;

        public bool CopyRows<TRow>(DriverTable<TRow> table, List<TRow> destination)
            where TRow : class => true;

        public void FrameTick()
        {
        }

        public void Disconnect()
        {
        }

        public void Dispose()
        {
        }

        public void Tap<TRow>(DriverTable<TRow> table, IDriverTableListener<TRow> listener)
            where TRow : class
        {
        }

        public IDriverSubscription Subscribe(IReadOnlyList<string> querySql, IDriverSubscriptionListener listener) => throw new NotSupportedException();

        public void CallReducer(object reducerArgs) => throw new NotSupportedException();
    }

    private sealed class NoFaults : ICallbackFaultSink
    {
        public static readonly NoFaults Instance = new();

        public void OnCallbackFault(string callback, Exception exception)
        {
        }
    }
}

/// <summary>
/// What SDK 2.8's <c>RemoteTableHandle</c> does with an insert-only delta after parsing (Table.cs Apply/PostApply):
/// each row goes into the table's cache (a multi-dictionary keyed by the boxed primary key, holding the row and a
/// ref-count), is collected into the "was inserted" list, and after all tables applied, each collected row is passed to
/// every OnInsert listener (last registered first) inside a try/catch. Written for this benchmark, not taken from the SDK.
/// </summary>
internal sealed class SdkApplyModel
{
    private readonly Dictionary<object, Entry> _entries = new();
    private readonly List<Player> _wasInserted = new();
    private readonly List<Action<object, Player>> _listeners = new();

    public event Action<object, Player> OnInsert
    {
        add => _listeners.Add(value);
        remove => _listeners.Remove(value);
    }

    public int Count => _entries.Count;

    public void ApplyInserts(Player[] rows, object context)
    {
        foreach (var row in rows)
        {
            object key = row.Id; // The SDK keys its cache by the primary key as object.
            if (_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = new Entry(entry.Row, entry.Count + 1);
                continue;
            }

            _entries[key] = new Entry(row, 1);
            _wasInserted.Add(row);
        }

        foreach (var row in _wasInserted)
        {
            for (var i = _listeners.Count - 1; i >= 0; i--)
            {
                try
                {
                    _listeners[i](context, row);
                }
#pragma warning disable CA1031 // The SDK logs and swallows listener exceptions.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        _wasInserted.Clear();
    }

    public void Clear() => _entries.Clear();

    private readonly struct Entry
    {
        public Entry(Player row, int count)
        {
            Row = row;
            Count = count;
        }

        public Player Row { get; }

        public int Count { get; }
    }
}
