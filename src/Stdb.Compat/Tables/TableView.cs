using System;
using System.Collections.Generic;
using System.Threading;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Tables;

/// <summary>Non-generic handle on a table view, used by the client to tap each new session.</summary>
internal abstract class TableView
{
    public abstract DriverTable Table { get; }

    public abstract void Attach(IDriverSession session);

    /// <summary>Pump, at each connect: the next <paramref name="pendingSubscriptions"/> subscription applies replay this table.</summary>
    public abstract void BeginReconcile(int pendingSubscriptions);

    /// <summary>Pump: one replayed subscription covering this table applied (or failed).</summary>
    public abstract void SettleOne();

    /// <summary>Pump: the session ended; rows are kept for the next reconciliation.</summary>
    public abstract void EndSession();

    /// <summary>True while replayed rows are being reconciled.</summary>
    public abstract bool IsReconciling { get; }

    /// <summary>Set on the pump by the schema gate; read by any thread.</summary>
    public TableUndecodableException? Fault
    {
        get => Volatile.Read(ref _fault);
        set => Volatile.Write(ref _fault, value);
    }

    private TableUndecodableException? _fault;
}

/// <summary>
/// The view of one table: mirrors the SDK's row callbacks and raises app events. It keeps its own copy of the rows
/// (a <see cref="RowStore{TRow}"/>) only where a feature needs one: when the session cannot list the SDK's cache
/// (<see cref="IDriverRowSource"/>), once the app has read the view (reads are served from the copy, from any thread),
/// and from a reconnect until its reconciliation ends (the previous connection's rows). Otherwise the rows live only in
/// the SDK's cache and applying a row costs a dispatch, nothing more.
/// </summary>
internal sealed partial class TableView<TRow> : TableView, ITableView<TRow>, IDriverTableListener<TRow>
    where TRow : class
{
    private readonly DriverTable<TRow> _table;
    private readonly Func<RowStore<TRow>> _newStore;
    private readonly IOriginResolver _origins;
    private readonly ICallbackFaultSink _faults;
    private readonly Pump _pump;
    private readonly object _gate = new();
    private readonly HandlerList<RowChange<TRow>> _inserted = new();
    private readonly HandlerList<RowChange<TRow>> _updated = new();
    private readonly HandlerList<RowChange<TRow>> _deleted = new();
    private readonly List<TRow> _swept = new();

    /// <summary>The copy; null while the rows live only in <see cref="_source"/>'s cache. Written on the pump under the gate.</summary>
    private RowStore<TRow>? _store;

    /// <summary>The current (or last) session, when it can list its cache. Pump-owned.</summary>
    private IDriverRowSource? _source;

    /// <summary>Set (under the gate) by the app's first read: from then on the copy is kept.</summary>
    private bool _appReads;
    private bool _reconciling;
    private int _pendingSettles;

    private LastOrigin _lastOrigin; // Pump-owned; a mutable struct, never copied.

    public TableView(DriverTable<TRow> table, Func<RowStore<TRow>> newStore, IOriginResolver origins, ICallbackFaultSink faults, Pump pump)
    {
        _table = table;
        _newStore = newStore;
        _origins = origins;
        _faults = faults;
        _pump = pump;
        _store = newStore(); // No session yet: nothing to read the rows from.
    }

    public event Action<RowChange<TRow>>? Inserted
    {
        add => _inserted.Add(value);
        remove => _inserted.Remove(value);
    }

    public event Action<RowChange<TRow>>? Updated
    {
        add => _updated.Add(value);
        remove => _updated.Remove(value);
    }

    public event Action<RowChange<TRow>>? Deleted
    {
        add => _deleted.Add(value);
        remove => _deleted.Remove(value);
    }

    public override DriverTable Table => _table;

    public string Name => _table.WireName;

    public bool HasPrimaryKey => _table.PrimaryKeyColumn is not null;

    /// <summary>True while the view keeps its own copy of the rows (tests and benchmarks).</summary>
    internal bool KeepsRows => Volatile.Read(ref _store) is not null;

    /// <summary>Pump, after a reconciliation: drops the copy when no feature needs it any more.</summary>
    private void DropCopyIfUnneeded()
    {
        if (_source is null || Fault is not null)
        {
            return; // Without a source the copy is the only place the rows live; a faulted view keeps its last rows.
        }

        lock (_gate)
        {
            if (!_appReads)
            {
                Volatile.Write(ref _store, null);
            }
        }
    }

    /// <summary>
    /// Pump, for every new session: a view without its own copy first takes the previous session's rows (the app's
    /// last state, needed to reconcile), then reads from the new session when it can list its cache.
    /// </summary>
    public override void Attach(IDriverSession session)
    {
        Materialize();
        _source = session is IDriverRowSource source && source.CopyRows(_table, new List<TRow>()) ? source : null; // A new session's cache is empty: the probe copies nothing.
        if (_source is not null)
        {
            lock (_gate)
            {
                if (!_appReads && _store!.Count == 0)
                {
                    Volatile.Write(ref _store, null); // Nothing to reconcile against: the new session's cache is the only copy.
                }
            }
        }

        session.Tap(_table, this);
    }

    public override bool IsReconciling => _reconciling;

    public override void BeginReconcile(int pendingSubscriptions)
    {
        if (_store is not { } store)
        {
            return; // The app saw no rows: every replayed row is simply an insert.
        }

        lock (_gate)
        {
            store.NextEpoch();
            _reconciling = true;
            _pendingSettles = pendingSubscriptions;
        }

        if (pendingSubscriptions <= 0)
        {
            FinishReconcile();
        }
    }

    public override void SettleOne()
    {
        if (_reconciling && --_pendingSettles <= 0)
        {
            FinishReconcile();
        }
    }

    public override void EndSession()
    {
        _reconciling = false;
        _lastOrigin.Forget();
    }

    /// <summary>Rows the server no longer has (not replayed by any subscription) are deleted, with origin Subscription.</summary>
    private void FinishReconcile()
    {
        lock (_gate)
        {
            _reconciling = false;
            _store?.Sweep(_swept);
        }

        DropCopyIfUnneeded();
        if (_swept.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var row in _swept)
            {
                _deleted.Invoke(new RowChange<TRow>(RowChangeKind.Delete, row, null, RowOrigin.Subscription), _faults, "Deleted");
            }
        }
        finally
        {
            _swept.Clear();
        }
    }

    public void OnInsert(in DriverEvent context, TRow row)
    {
        if (_reconciling)
        {
            Reconcile(context, row);
            return;
        }

        if (_store is { } store)
        {
            lock (_gate)
            {
                store.Insert(row);
            }
        }

        // Resolve even without handlers: resolution also notices capability degradations.
        var origin = _lastOrigin.Resolve(context, _origins);
        _inserted.Invoke(new RowChange<TRow>(RowChangeKind.Insert, row, null, origin), _faults, "Inserted");
    }

    /// <summary>A row delivered while reconciling: unchanged rows fire nothing and allocate nothing.</summary>
    private void Reconcile(in DriverEvent context, TRow row)
    {
        ReconcileResult result;
        TRow? previous;
        lock (_gate)
        {
            result = _store!.Reconcile(row, out previous);
        }

        switch (result)
        {
            case ReconcileResult.Updated:
                _updated.Invoke(new RowChange<TRow>(RowChangeKind.Update, row, previous, _lastOrigin.Resolve(context, _origins)), _faults, "Updated");
                break;
            case ReconcileResult.Inserted:
                _inserted.Invoke(new RowChange<TRow>(RowChangeKind.Insert, row, null, _lastOrigin.Resolve(context, _origins)), _faults, "Inserted");
                break;
        }
    }

    public void OnUpdate(in DriverEvent context, TRow oldRow, TRow newRow)
    {
        if (_store is { } store)
        {
            lock (_gate)
            {
                store.Update(oldRow, newRow);
            }
        }

        var origin = _lastOrigin.Resolve(context, _origins);
        _updated.Invoke(new RowChange<TRow>(RowChangeKind.Update, newRow, oldRow, origin), _faults, "Updated");
    }

    public void OnBeforeDelete(in DriverEvent context, TRow row)
    {
    }

    public void OnDelete(in DriverEvent context, TRow row)
    {
        if (_store is { } store)
        {
            lock (_gate)
            {
                store.Delete(row);
            }
        }

        var origin = _lastOrigin.Resolve(context, _origins);
        _deleted.Invoke(new RowChange<TRow>(RowChangeKind.Delete, row, null, origin), _faults, "Deleted");
    }
}
