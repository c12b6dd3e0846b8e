using System;
using System.Collections.Generic;
using System.Threading;
using Stdb.Compat.Driver;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Adapters;

/// <content>The binding to the path in use: the hot path (map, dispatch) and the reads a store is built from.</content>
internal sealed partial class KeyedModelView<TModel, TKey>
{
    /// <summary>The binding to one path's generated view, without its row type.</summary>
    private abstract class Binding : IDisposable
    {
        /// <summary>Maps the bound view's rows into <paramref name="models"/> (a throwing adapter is reported, its row skipped).</summary>
        public abstract void CopyModels(Dictionary<TKey, TModel> models);

        /// <summary>Runs <paramref name="work"/> as pump work of the bound view's lane.</summary>
        public abstract void RunAsPumpWork(Action work);

        public abstract void Dispose();
    }

    private sealed class Binding<TRow> : Binding
        where TRow : class
    {
        private readonly KeyedModelView<TModel, TKey> _view;
        private readonly ITableView<TRow> _rows;
        private readonly DriverTable<TRow, TKey> _table;
        private readonly Func<TRow, TModel> _map;
        private readonly Action<RowChange<TRow>> _inserted;
        private readonly Action<RowChange<TRow>> _updated;
        private readonly Action<RowChange<TRow>> _deleted;

        public Binding(KeyedModelView<TModel, TKey> view, ITableView<TRow> rows, DriverTable<TRow, TKey> table, Func<TRow, TModel> map)
        {
            _view = view;
            _rows = rows;
            _table = table;
            _map = map;
            _inserted = OnInserted;
            _updated = OnUpdated;
            _deleted = OnDeleted;
            rows.Inserted += _inserted;
            rows.Updated += _updated;
            rows.Deleted += _deleted;
        }

        /// <summary>The bound view's rows; a model view filling itself is no app read, so the generated view keeps no copy because of it.</summary>
        public IReadOnlyList<TRow> Rows() => _rows is TableView<TRow> view ? view.SnapshotForFeature() : _rows.Snapshot();

        public override void CopyModels(Dictionary<TKey, TModel> models)
        {
            foreach (var row in Rows())
            {
                try
                {
                    models[_table.GetKey(row)] = _map(row);
                }
#pragma warning disable CA1031 // An app adapter may throw anything; the row never reached the app either.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _view.Faults.OnCallbackFault(_view.AdapterCallback, ex);
                }
            }
        }

        public override void RunAsPumpWork(Action work)
        {
            if (_rows is TableView<TRow> view)
            {
                view.RunAsPumpWork(work);
            }
            else
            {
                work();
            }
        }

        public override void Dispose()
        {
            _rows.Inserted -= _inserted;
            _rows.Updated -= _updated;
            _rows.Deleted -= _deleted;
        }

        /// <summary>A row the view held when bound: an insert with origin Subscription.</summary>
        public void Seed(TRow row)
        {
            try
            {
                OnInserted(new RowChange<TRow>(RowChangeKind.Insert, row, null, RowOrigin.Subscription));
            }
#pragma warning disable CA1031 // An app adapter may throw anything; the other rows still bind.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _view.Faults.OnCallbackFault(_view.AdapterCallback, ex);
            }
        }

        // The hot path: without a store a row change is mapped and dispatched; no lock, no dictionary.
        private void OnInserted(RowChange<TRow> change)
        {
            var model = _map(change.Row);
            if (Volatile.Read(ref _view._store) is null)
            {
                _view.InsertedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Insert, model, null, change.Origin), _view.Faults, _view.InsertedCallback);
                return;
            }

            _view.OnInserted(_table.GetKey(change.Row), model, change.Origin);
        }

        private void OnUpdated(RowChange<TRow> change)
        {
            var model = _map(change.Row);
            if (Volatile.Read(ref _view._store) is null)
            {
                var old = change.OldRow is { } oldRow ? _map(oldRow) : null;
                if (old is not null && EqualityComparer<TModel>.Default.Equals(old, model))
                {
                    return; // The same model: nothing changed in the app's world.
                }

                _view.Dispatch(model, old, change.Origin, changed: true);
                return;
            }

            _view.OnUpdated(_table.GetKey(change.Row), model, change.OldRow is { } previous ? _map(previous) : null, change.Origin);
        }

        private void OnDeleted(RowChange<TRow> change)
        {
            if (Volatile.Read(ref _view._store) is null)
            {
                _view.DeletedHandlers.Invoke(new RowChange<TModel>(RowChangeKind.Delete, _map(change.Row), null, change.Origin), _view.Faults, _view.DeletedCallback);
                return;
            }

            _view.OnDeleted(_table.GetKey(change.Row), change.Row, _map, change.Origin);
        }
    }
}
