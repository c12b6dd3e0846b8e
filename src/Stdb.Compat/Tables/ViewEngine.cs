using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Tables;

/// <summary>
/// The app's table views: one per ordinary table of the bindings, tapped on every session, reconciled against the
/// initial rows each connection's subscriptions bring, and the origin of every row change. Pump-owned.
/// </summary>
internal sealed class ViewEngine : IOriginResolver
{
    private readonly IConnectionDriver _driver;
    private readonly Func<string, object, long> _peekCallId;
    private readonly Action _unknownTransaction;
    private readonly List<TableView> _views = new();
    private readonly Dictionary<Type, TableView> _viewsByRowType = new();
    private readonly Dictionary<string, TableView> _viewsByName = new(StringComparer.Ordinal);
    private readonly IOriginResolver _firstRow;
    private LastOrigin _lastOrigin; // Across views: one transaction touching several tables resolves once.

    /// <param name="driver">The bindings.</param>
    /// <param name="faults">Where exceptions of the app's row handlers go.</param>
    /// <param name="peekCallId">The id of this client's sent call a row event belongs to (0 when none).</param>
    /// <param name="unknownTransaction">Told when a transaction arrives without reducer details.</param>
    /// <param name="pump">The client's pump: a view whose rows live only in the SDK's cache copies them as pump work when the app first reads it.</param>
    public ViewEngine(IConnectionDriver driver, ICallbackFaultSink faults, Func<string, object, long> peekCallId, Action unknownTransaction, Pump pump)
    {
        _driver = driver;
        _peekCallId = peekCallId;
        _unknownTransaction = unknownTransaction;
        _firstRow = new FirstRowResolver(this);
        var factory = new ViewFactory(this, faults, pump);
        foreach (var table in driver.Tables)
        {
            if (table.IsEventTable)
            {
                continue;
            }

            var view = table.Accept(factory);
            _views.Add(view);
            _viewsByName[table.WireName] = view;
        }

        foreach (var view in _views)
        {
            var rowType = view.Table.RowType;
            if (!_viewsByRowType.ContainsKey(rowType) && Unambiguous(driver.Tables, rowType) is { } table)
            {
                _viewsByRowType.Add(rowType, _viewsByName[table.WireName]);
            }
        }
    }

    public ITableView<TRow> Table<TRow>()
        where TRow : class
    {
        if (_viewsByRowType.TryGetValue(typeof(TRow), out var view))
        {
            return (TableView<TRow>)view;
        }

        _ = BindingLookup.FindTableByRowType(_driver.Tables, typeof(TRow)); // Several share the row type: throws naming them.
        foreach (var table in _driver.Tables)
        {
            if (table.RowType == typeof(TRow) && table.IsEventTable)
            {
                throw BindingLookup.EventTable(table);
            }
        }

        throw new UnknownTableException(typeof(TRow).FullName ?? typeof(TRow).Name, BindingLookup.DescribeTables(_driver.Tables));
    }

    public ITableView<TRow> Table<TRow>(string table)
        where TRow : class =>
        (TableView<TRow>)_viewsByName[BindingLookup.FindTableOfRowType(_driver.Tables, table, typeof(TRow)).WireName];

    private static DriverTable? Unambiguous(IReadOnlyList<DriverTable> tables, Type rowType)
    {
        try
        {
            return BindingLookup.FindTableByRowType(tables, rowType);
        }
        catch (AmbiguousTableException)
        {
            return null; // Table<TRow>() throws it when asked.
        }
    }

    /// <summary>Pump: taps every view on a new session.</summary>
    public void Attach(IDriverSession session)
    {
        foreach (var view in _views)
        {
            view.Attach(session);
        }
    }

    /// <summary>
    /// Pump: the connection is up; each view reconciles until its <paramref name="pendingByTable"/> subscriptions applied.
    /// A view whose table no longer decodes (<paramref name="undecodable"/>, never subscribed) keeps its last rows and
    /// fires nothing: its rows were not deleted, the client just cannot read them any more (the view is faulted).
    /// </summary>
    public void BeginReconcile(IReadOnlyDictionary<string, int> pendingByTable, IReadOnlyDictionary<string, string> undecodable)
    {
        foreach (var view in _views)
        {
            if (undecodable.ContainsKey(view.Table.WireName))
            {
                continue;
            }

            pendingByTable.TryGetValue(view.Table.WireName, out var pending);
            view.BeginReconcile(pending);
        }
    }

    /// <summary>Pump, at each connect after the schema check: faults the views of tables whose rows no longer decode (wire name → why); clears the others.</summary>
    public void SetFaults(IReadOnlyDictionary<string, string> undecodable)
    {
        foreach (var view in _views)
        {
            view.Fault = undecodable.TryGetValue(view.Table.WireName, out var why) ? new TableUndecodableException(view.Table.WireName, why) : null;
        }
    }

    /// <summary>Pump: one replayed subscription covering <paramref name="table"/> applied.</summary>
    public void SettleOne(string table)
    {
        if (_viewsByName.TryGetValue(table, out var view))
        {
            view.SettleOne();
        }
    }

    /// <summary>Pump: the session ended.</summary>
    public void EndSession()
    {
        _lastOrigin.Forget();
        foreach (var view in _views)
        {
            view.EndSession();
        }
    }

    /// <summary>
    /// The origin of a row change. Resolved once per SDK event: every row of one transaction carries the same event
    /// object (<see cref="DriverEvent.Raw"/>), so later rows reuse the first row's origin (and an own call's id, peeked
    /// once). Events without a raw object are resolved each time.
    /// </summary>
    public RowOrigin Resolve(in DriverEvent driverEvent) => _lastOrigin.Resolve(driverEvent, _firstRow);

    private RowOrigin ResolveOnce(in DriverEvent driverEvent)
    {
        switch (driverEvent.Kind)
        {
            case DriverEventKind.SubscribeApplied:
            case DriverEventKind.UnsubscribeApplied:
                return RowOrigin.Subscription;
            case DriverEventKind.Reducer:
                if (driverEvent.CallerIsSelf)
                {
                    var id = driverEvent.ReducerArgs is null ? 0 : _peekCallId(driverEvent.ReducerName ?? string.Empty, driverEvent.ReducerArgs);
                    return RowOrigin.OwnCall(id, driverEvent.ReducerName);
                }

                return RowOrigin.OtherClient(driverEvent.ReducerName);
            case DriverEventKind.Transaction:
                return RowOrigin.OtherClient(null);
            case DriverEventKind.UnknownTransaction:
                _unknownTransaction();
                return RowOrigin.Unknown;
            default:
                return RowOrigin.Unknown;
        }
    }

    /// <summary>What <see cref="LastOrigin"/> asks on the first row of each event.</summary>
    private sealed class FirstRowResolver : IOriginResolver
    {
        private readonly ViewEngine _engine;

        public FirstRowResolver(ViewEngine engine) => _engine = engine;

        public RowOrigin Resolve(in DriverEvent driverEvent) => _engine.ResolveOnce(driverEvent);
    }

    /// <summary>Creates the typed view of each table without reflection.</summary>
    private sealed class ViewFactory : IDriverTableVisitor<TableView>
    {
        private readonly IOriginResolver _origins;
        private readonly ICallbackFaultSink _faults;
        private readonly Pump _pump;

        public ViewFactory(IOriginResolver origins, ICallbackFaultSink faults, Pump pump)
        {
            _origins = origins;
            _faults = faults;
            _pump = pump;
        }

        public TableView VisitUnkeyed<TRow>(DriverTable<TRow> table)
            where TRow : class => new TableView<TRow>(table, () => new ValueRowStore<TRow>(table.WireName), _origins, _faults, _pump);

        public TableView VisitKeyed<TRow, TKey>(DriverTable<TRow, TKey> table)
            where TRow : class
            where TKey : notnull => new TableView<TRow>(table, () => new KeyedRowStore<TRow, TKey>(table), _origins, _faults, _pump);
    }
}
