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

/// <summary>The view of one table: mirrors the SDK's row callbacks into a store and raises app events.</summary>
internal sealed class TableView<TRow> : TableView, ITableView<TRow>, IDriverTableListener<TRow>
    where TRow : class
{
    private readonly DriverTable<TRow> _table;
    private readonly RowStore<TRow> _store;
    private readonly IOriginResolver _origins;
    private readonly ICallbackFaultSink _faults;
    private readonly object _gate = new();
    private readonly HandlerList<RowChange<TRow>> _inserted = new();
    private readonly HandlerList<RowChange<TRow>> _updated = new();
    private readonly HandlerList<RowChange<TRow>> _deleted = new();
    private readonly List<TRow> _swept = new();
    private bool _reconciling;
    private int _pendingSettles;

    public TableView(DriverTable<TRow> table, RowStore<TRow> store, IOriginResolver origins, ICallbackFaultSink faults)
    {
        _table = table;
        _store = store;
        _origins = origins;
        _faults = faults;
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

    public bool HasPrimaryKey => _store.HasPrimaryKey;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _store.Count;
            }
        }
    }

    public IReadOnlyList<TRow> Snapshot()
    {
        var rows = new List<TRow>();
        lock (_gate)
        {
            _store.CopyTo(rows);
        }

        return rows;
    }

    public bool TryFind<TKey>(TKey key, out TRow row)
        where TKey : notnull
    {
        lock (_gate)
        {
            return _store.TryFind(key, out row);
        }
    }

    public override void Attach(IDriverSession session) => session.Tap(_table, this);

    public override bool IsReconciling => _reconciling;

    public override void BeginReconcile(int pendingSubscriptions)
    {
        lock (_gate)
        {
            _store.NextEpoch();
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

    public override void EndSession() => _reconciling = false;

    /// <summary>Rows the server no longer has (not replayed by any subscription) are deleted, with origin Subscription.</summary>
    private void FinishReconcile()
    {
        lock (_gate)
        {
            _reconciling = false;
            _store.Sweep(_swept);
        }

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

        lock (_gate)
        {
            _store.Insert(row);
        }

        // Resolve even without handlers: resolution also notices capability degradations.
        var origin = _origins.Resolve(context);
        _inserted.Invoke(new RowChange<TRow>(RowChangeKind.Insert, row, null, origin), _faults, "Inserted");
    }

    /// <summary>A row delivered while reconciling: unchanged rows fire nothing and allocate nothing.</summary>
    private void Reconcile(in DriverEvent context, TRow row)
    {
        ReconcileResult result;
        TRow? previous;
        lock (_gate)
        {
            result = _store.Reconcile(row, out previous);
        }

        switch (result)
        {
            case ReconcileResult.Updated:
                _updated.Invoke(new RowChange<TRow>(RowChangeKind.Update, row, previous, _origins.Resolve(context)), _faults, "Updated");
                break;
            case ReconcileResult.Inserted:
                _inserted.Invoke(new RowChange<TRow>(RowChangeKind.Insert, row, null, _origins.Resolve(context)), _faults, "Inserted");
                break;
        }
    }

    public void OnUpdate(in DriverEvent context, TRow oldRow, TRow newRow)
    {
        lock (_gate)
        {
            _store.Update(oldRow, newRow);
        }

        var origin = _origins.Resolve(context);
        _updated.Invoke(new RowChange<TRow>(RowChangeKind.Update, newRow, oldRow, origin), _faults, "Updated");
    }

    public void OnBeforeDelete(in DriverEvent context, TRow row)
    {
    }

    public void OnDelete(in DriverEvent context, TRow row)
    {
        lock (_gate)
        {
            _store.Delete(row);
        }

        var origin = _origins.Resolve(context);
        _deleted.Invoke(new RowChange<TRow>(RowChangeKind.Delete, row, null, origin), _faults, "Deleted");
    }
}
