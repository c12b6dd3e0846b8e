using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Game;
using SpacetimeDB.Types;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Benchmarks.Tables;

/// <summary>
/// Where the view's share of <see cref="RowApplyBenchmarks"/> goes, steady state only: the same SDK apply model with
/// listeners that stop after each step of our path (tap → <see cref="DriverEvent"/> copy → listener call; + a
/// dictionary insert; + a lock around it). Per row; the full path is <see cref="RowApplyBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class RowApplyBreakdownBenchmarks
{
    private Player[] _rows = null!;
    private SdkApplyModel _bare = null!;
    private SdkApplyModel _tapOnly = null!;
    private SdkApplyModel _tapDictionary = null!;
    private SdkApplyModel _tapLockDictionary = null!;
    private SdkApplyModel _viewNoHandler = null!;
    private Stdb.Compat.Tables.TableView<Player> _view = null!;
    private readonly Dictionary<ulong, Player> _dictionary = new();
    private readonly Dictionary<ulong, Player> _lockedDictionary = new();
    private long _seen;

    private static readonly object OtherClientEvent = new RowApplyBenchmarks.DriverEventBox(raw => new DriverEvent("create_player", new object(), callerIsSelf: false, DriverReducerStatus.Committed, null, 1, raw));

    [GlobalSetup]
    public void Setup()
    {
        _rows = RowApplyBenchmarks.NewRows(RowApplyBenchmarks.BatchRows);
        _bare = new SdkApplyModel();
        _bare.OnInsert += (_, row) => _seen += (long)row.Id;
        _tapOnly = Tapped(new Listener(this, null, locked: false));
        _tapDictionary = Tapped(new Listener(this, _dictionary, locked: false));
        _tapLockDictionary = Tapped(new Listener(this, _lockedDictionary, locked: true));
        (_viewNoHandler, _view) = RowApplyBenchmarks.NewTappedView(null);
    }

    [IterationCleanup]
    public void Clear()
    {
        _bare.Clear();
        _tapOnly.Clear();
        _tapDictionary.Clear();
        _tapLockDictionary.Clear();
        _viewNoHandler.Clear();
        _dictionary.Clear();
        _lockedDictionary.Clear();
        var ev = new DriverEvent(DriverEventKind.Transaction);
        foreach (var row in _rows)
        {
            ((IDriverTableListener<Player>)_view).OnDelete(ev, row);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RowApplyBenchmarks.BatchRows)]
    public void SdkBareHandler() => _bare.ApplyInserts(_rows, OtherClientEvent);

    [Benchmark(OperationsPerInvoke = RowApplyBenchmarks.BatchRows)]
    public void Tap_EventCopy_ListenerCall() => _tapOnly.ApplyInserts(_rows, OtherClientEvent);

    [Benchmark(OperationsPerInvoke = RowApplyBenchmarks.BatchRows)]
    public void Tap_PlusDictionary() => _tapDictionary.ApplyInserts(_rows, OtherClientEvent);

    [Benchmark(OperationsPerInvoke = RowApplyBenchmarks.BatchRows)]
    public void Tap_PlusLockedDictionary() => _tapLockDictionary.ApplyInserts(_rows, OtherClientEvent);

    [Benchmark(OperationsPerInvoke = RowApplyBenchmarks.BatchRows)]
    public void View_NoAppHandler() => _viewNoHandler.ApplyInserts(_rows, OtherClientEvent);

    private static SdkApplyModel Tapped(IDriverTableListener<Player> tap)
    {
        var sdk = new SdkApplyModel();
        sdk.OnInsert += (context, row) => tap.OnInsert(in ((RowApplyBenchmarks.DriverEventBox)context).Event, row);
        return sdk;
    }

    private sealed class Listener : IDriverTableListener<Player>
    {
        private readonly RowApplyBreakdownBenchmarks _owner;
        private readonly Dictionary<ulong, Player>? _rows;
        private readonly bool _locked;
        private readonly object _gate = new();

        public Listener(RowApplyBreakdownBenchmarks owner, Dictionary<ulong, Player>? rows, bool locked)
        {
            _owner = owner;
            _rows = rows;
            _locked = locked;
        }

        public void OnInsert(in DriverEvent context, Player row)
        {
            if (_rows is not null)
            {
                if (_locked)
                {
                    lock (_gate)
                    {
                        _rows[row.Id] = row;
                    }
                }
                else
                {
                    _rows[row.Id] = row;
                }
            }

            _owner._seen += (long)row.Id;
        }

        public void OnUpdate(in DriverEvent context, Player oldRow, Player newRow)
        {
        }

        public void OnBeforeDelete(in DriverEvent context, Player row)
        {
        }

        public void OnDelete(in DriverEvent context, Player row)
        {
        }
    }
}
