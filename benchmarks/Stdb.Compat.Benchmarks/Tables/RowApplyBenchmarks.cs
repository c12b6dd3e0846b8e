using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Game;
using SpacetimeDB.Types;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Benchmarks.Tables;

/// <summary>
/// The honest hot path: cost per row of applying pre-decoded rows the way SDK 2.8 does after decoding, with a bare app
/// handler (baseline) against the same SDK loop whose <c>OnInsert</c> listener is our tap (driver event → table view →
/// app handler). Decoding and the network are outside every row. Two SDK models, each its own baseline:
/// <list type="bullet">
///   <item>"Sdk28-*": <see cref="Sdk28TableModel{TContext, TRow}"/>, the faithful model of SDK 2.8's post-decode path
///   (per-message delta keyed by the boxed primary key, PreApply's WillRemove pass, MultiDictionary.Apply collecting
///   wasInserted, the primary key's unique index that generated bindings add, PostApply's InvokeInsert; each step is
///   mapped to the SDK member it stands for in that class's doc). "Sdk28FrameTick-*" measures only its FrameTick
///   share: the delta is built in [IterationSetup] (the SDK builds it on its network parse thread).</item>
///   <item>"LeanModel-*": <see cref="SdkApplyModel"/>, leaner than the SDK (one dictionary insert, a list, the listener
///   call): the stricter ratio.</item>
/// </list>
/// "SteadyState": the cache and view already grew to the batch size in earlier iterations (rows are removed again in
/// [IterationCleanup], outside the measurement). "FirstFill": a fresh cache and view every iteration.
/// "ThroughView": the view keeps its own copy (the app reads it); "ThroughViewNoCopy": the rows live only in the SDK's
/// cache (the app only handles events).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RowApplyBenchmarks
{
    public const int BatchRows = 10_000;
    private const string Sdk28Steady = "Sdk28-SteadyState";
    private const string Sdk28FrameTick = "Sdk28FrameTick-SteadyState";
    private const string Sdk28Fill = "Sdk28-FirstFill";
    private const string LeanSteady = "LeanModel-SteadyState";
    private const string LeanFill = "LeanModel-FirstFill";
    private Player[] _rows = null!;
    private IApplyModel<Player>? _sdk;
    private IParsedApplyModel<Player>? _sdk28;
    private TableView<Player>? _view;
    private long _seen;

    [GlobalSetup]
    public void Setup()
    {
        _rows = NewRows(BatchRows);
        WarmAllPaths();
    }

    /// <summary>
    /// Every case starts with warm code: each case's own copy of the SDK model (see <see cref="IApplyModel{TRow}"/>) and
    /// the view code are run on a small batch at least 120 times and until the JIT has compiled nothing for 300 ms (at
    /// most 5 s), so tier-1 promotion (call counts, instrumented tier, the runtime's call-counting delay, a background
    /// compiler starved on a loaded machine) is over before BenchmarkDotNet's own warmup. Without it the first case run
    /// in the process (each category's baseline, called once per iteration) was measured on code still being promoted,
    /// while later cases inherited promoted code: run alone, the no-copy view measured 109 ns/row; after two other cases, 37.
    /// </summary>
    private void WarmAllPaths()
    {
        var rows = NewRows(200);
        var lean = new SdkApplyModel<BareCase>();
        lean.OnInsert += BareHandler;
        var sdk28 = new Sdk28PlayerTable<BareCase>();
        sdk28.OnInsert += BareHandler;
        var paths = new List<(IApplyModel<Player> Sdk, TableView<Player>? View)>
        {
            (lean, null),
            (sdk28, null),
            NewTappedView<ViewCase>(AppHandler, keepCopy: true),
            NewTappedView<NoCopyCase>(AppHandler, keepCopy: false),
            NewSdk28TappedView<ViewCase>(AppHandler, keepCopy: true),
            NewSdk28TappedView<NoCopyCase>(AppHandler, keepCopy: false),
            NewSdk28TappedView<DirectCase>(AppHandler, keepCopy: false, direct: true),
        };
        var total = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount(currentThread: false);
        for (var round = 0; total.ElapsedMilliseconds < 5_000; round++)
        {
            var context = round % 2 == 0 ? OtherClientEvent : SubscribeAppliedEvent;
            foreach (var (sdk, view) in paths)
            {
                if (sdk is IParsedApplyModel<Player> parsed)
                {
                    parsed.Parse(rows);
                    parsed.Apply(context);
                }
                else
                {
                    sdk.ApplyInserts(rows, context);
                }

                Remove(rows, sdk, view);
            }

            var now = JitInfo.GetCompiledMethodCount(currentThread: false);
            if (now != compiled)
            {
                compiled = now;
                quiet.Restart();
            }
            else if (round >= 120 && quiet.ElapsedMilliseconds >= 300)
            {
                break; // No method compiled (or recompiled at a higher tier) for 300 ms: tiering has settled.
            }
        }
    }

    private static void Remove(Player[] rows, IApplyModel<Player>? sdk, TableView<Player>? view)
    {
        if (view is not null)
        {
            var ev = new DriverEvent(DriverEventKind.Transaction);
            foreach (var row in rows)
            {
                ((IDriverTableListener<Player>)view).OnDelete(ev, row);
            }
        }

        sdk?.Clear();
    }

    // LeanModel setups.
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
        var sdk = new SdkApplyModel<BareCase>();
        sdk.OnInsert += BareHandler;
        _sdk = sdk;
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
    public void SetupFreshView() => (_sdk, _view) = NewTappedView<ViewCase>(AppHandler, keepCopy: true);

    [IterationSetup(Target = nameof(ThroughViewNoCopy_SteadyState))]
    public void SetupWarmViewNoCopy()
    {
        if (_view is null)
        {
            SetupFreshViewNoCopy();
        }
    }

    [IterationSetup(Target = nameof(ThroughViewNoCopy_FirstFill))]
    public void SetupFreshViewNoCopy() => (_sdk, _view) = NewTappedView<NoCopyCase>(AppHandler, keepCopy: false);

    // Sdk28 setups. Steady-state setups also parse the batch: the FrameTick cases apply that delta; the others parse
    // again inside the measurement (the extra delta is dropped).
    [IterationSetup(Targets = [nameof(Sdk28BareHandler_SteadyState), nameof(Sdk28FrameTickBareHandler_SteadyState)])]
    public void SetupWarmSdk28()
    {
        if (_sdk28 is null)
        {
            SetupFreshSdk28();
        }

        _sdk28!.Parse(_rows);
    }

    [IterationSetup(Target = nameof(Sdk28BareHandler_FirstFill))]
    public void SetupFreshSdk28()
    {
        var sdk = new Sdk28PlayerTable<BareCase>();
        sdk.OnInsert += BareHandler;
        _sdk28 = sdk;
    }

    [IterationSetup(Targets = [nameof(Sdk28ThroughView_SteadyState), nameof(Sdk28FrameTickThroughView_SteadyState)])]
    public void SetupWarmSdk28View()
    {
        if (_view is null)
        {
            SetupFreshSdk28View();
        }

        _sdk28!.Parse(_rows);
    }

    [IterationSetup(Target = nameof(Sdk28ThroughView_FirstFill))]
    public void SetupFreshSdk28View() => (_sdk28, _view) = NewSdk28TappedView<ViewCase>(AppHandler, keepCopy: true);

    [IterationSetup(Targets = [nameof(Sdk28ThroughViewNoCopy_SteadyState), nameof(Sdk28FrameTickThroughViewNoCopy_SteadyState)])]
    public void SetupWarmSdk28ViewNoCopy()
    {
        if (_view is null)
        {
            SetupFreshSdk28ViewNoCopy();
        }

        _sdk28!.Parse(_rows);
    }

    [IterationSetup(Target = nameof(Sdk28ThroughViewNoCopy_FirstFill))]
    public void SetupFreshSdk28ViewNoCopy() => (_sdk28, _view) = NewSdk28TappedView<NoCopyCase>(AppHandler, keepCopy: false);

    [IterationSetup(Target = nameof(Sdk28FrameTickDirectNoCopy_SteadyState))]
    public void SetupWarmSdk28DirectNoCopy()
    {
        if (_view is null)
        {
            (_sdk28, _view) = NewSdk28TappedView<DirectCase>(AppHandler, keepCopy: false, direct: true);
        }

        _sdk28!.Parse(_rows);
    }

    [IterationCleanup]
    public void RemoveRows()
    {
        Remove(_rows, _sdk, _view);
        _sdk28?.Clear();
    }

    [GlobalCleanup]
    public void Reset()
    {
        _sdk = null;
        _sdk28 = null;
        _view = null;
    }

    // Faithful SDK 2.8 model, parse (post-decode) + FrameTick apply.
    [BenchmarkCategory(Sdk28Steady)]
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void Sdk28BareHandler_SteadyState() => _sdk28!.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory(Sdk28Steady)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void Sdk28ThroughView_SteadyState() => _sdk28!.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory(Sdk28Steady)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void Sdk28ThroughViewNoCopy_SteadyState() => _sdk28!.ApplyInserts(_rows, OtherClientEvent);

    // Faithful SDK 2.8 model, FrameTick share only (delta parsed in the iteration setup).
    [BenchmarkCategory(Sdk28FrameTick)]
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void Sdk28FrameTickBareHandler_SteadyState() => _sdk28!.Apply(OtherClientEvent);

    [BenchmarkCategory(Sdk28FrameTick)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void Sdk28FrameTickThroughView_SteadyState() => _sdk28!.Apply(OtherClientEvent);

    [BenchmarkCategory(Sdk28FrameTick)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void Sdk28FrameTickThroughViewNoCopy_SteadyState() => _sdk28!.Apply(OtherClientEvent);

    /// <summary>Experiment (upper bound of a generated sealed tap): the tap calls the sealed view type, no interface.</summary>
    [BenchmarkCategory(Sdk28FrameTick)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void Sdk28FrameTickDirectNoCopy_SteadyState() => _sdk28!.Apply(OtherClientEvent);

    [BenchmarkCategory(Sdk28Fill)]
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void Sdk28BareHandler_FirstFill() => _sdk28!.ApplyInserts(_rows, SubscribeAppliedEvent);

    [BenchmarkCategory(Sdk28Fill)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void Sdk28ThroughView_FirstFill() => _sdk28!.ApplyInserts(_rows, SubscribeAppliedEvent);

    [BenchmarkCategory(Sdk28Fill)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void Sdk28ThroughViewNoCopy_FirstFill() => _sdk28!.ApplyInserts(_rows, SubscribeAppliedEvent);

    // Lean model (stricter than the SDK).
    [BenchmarkCategory(LeanSteady)]
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void SdkBareHandler_SteadyState() => _sdk!.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory(LeanSteady)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughView_SteadyState() => _sdk!.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory(LeanSteady)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughViewNoCopy_SteadyState() => _sdk!.ApplyInserts(_rows, OtherClientEvent);

    [BenchmarkCategory(LeanFill)]
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public void SdkBareHandler_FirstFill() => _sdk!.ApplyInserts(_rows, SubscribeAppliedEvent);

    [BenchmarkCategory(LeanFill)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughView_FirstFill() => _sdk!.ApplyInserts(_rows, SubscribeAppliedEvent);

    [BenchmarkCategory(LeanFill)]
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void ThroughViewNoCopy_FirstFill() => _sdk!.ApplyInserts(_rows, SubscribeAppliedEvent);

    private static readonly DriverEventBox OtherClientEvent = new(raw => new DriverEvent("create_player", new object(), callerIsSelf: false, DriverReducerStatus.Committed, null, 1, raw));

    private static readonly DriverEventBox SubscribeAppliedEvent = new(raw => new DriverEvent(DriverEventKind.SubscribeApplied, raw));

    private void BareHandler(object context, Player row) => _seen += (long)row.Id;

    private void BareHandler(DriverEventBox context, Player row) => _seen += (long)row.Id;

    /// <summary>The app's <c>Inserted</c> handler on the view: the same work as the bare handler.</summary>
    private void AppHandler(RowChange<Player> change) => _seen += (long)change.Row.Id;

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
    /// The lean SDK model (code shared with the other benchmarks) whose OnInsert listener is our tap, plus the view it
    /// feeds. <paramref name="keepCopy"/>: the view keeps its own copy (the app reads it, or the session cannot list
    /// its cache); otherwise the view is attached to a session that lists the SDK's cache and the app never reads it.
    /// </summary>
    internal static (SdkApplyModel Sdk, TableView<Player> View) NewTappedView(Action<RowChange<Player>>? appHandler, bool keepCopy = true)
    {
        var view = NewView(appHandler, keepCopy);
        var sdk = new SdkApplyModel();
        IDriverTableListener<Player> tap = view;
        sdk.OnInsert += (context, row) => tap.OnInsert(in ((DriverEventBox)context).Event, row);
        return (sdk, view);
    }

    /// <summary>As <see cref="NewTappedView"/>, with its own compiled copy of the lean model (<typeparamref name="TCase"/>).</summary>
    internal static (SdkApplyModel<TCase> Sdk, TableView<Player> View) NewTappedView<TCase>(Action<RowChange<Player>>? appHandler, bool keepCopy)
        where TCase : struct
    {
        var view = NewView(appHandler, keepCopy);
        var sdk = new SdkApplyModel<TCase>();
        IDriverTableListener<Player> tap = view;
        sdk.OnInsert += (context, row) => tap.OnInsert(in ((DriverEventBox)context).Event, row);
        return (sdk, view);
    }

    /// <summary>
    /// The faithful SDK 2.8 model whose OnInsert listener is our tap, as the generated driver registers it: a lambda
    /// taking the SDK's typed event context, handing the per-transaction <see cref="DriverEvent"/> by reference to the
    /// view through <see cref="IDriverTableListener{TRow}"/>. <paramref name="direct"/> (experiment): the tap calls the
    /// sealed view type instead, the upper bound of what a generated sealed tap class could save.
    /// </summary>
    internal static (Sdk28PlayerTable<TCase> Sdk, TableView<Player> View) NewSdk28TappedView<TCase>(Action<RowChange<Player>>? appHandler, bool keepCopy = true, bool direct = false)
        where TCase : struct
    {
        var view = NewView(appHandler, keepCopy);
        var sdk = new Sdk28PlayerTable<TCase>();
        if (direct)
        {
            sdk.OnInsert += (context, row) => view.OnInsert(in context.Event, row);
            return (sdk, view);
        }

        IDriverTableListener<Player> tap = view;
        sdk.OnInsert += (context, row) => tap.OnInsert(in context.Event, row);
        return (sdk, view);
    }

    /// <summary>
    /// A view fed by a tap. <paramref name="keepCopy"/>: the view keeps its own copy (the app reads it, or the session
    /// cannot list its cache); otherwise it is attached to a session that lists the SDK's cache and the app never reads it.
    /// </summary>
    private static TableView<Player> NewView(Action<RowChange<Player>>? appHandler, bool keepCopy)
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

        return view;
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

