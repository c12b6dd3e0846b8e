using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Adapters;

/// <summary>
/// The app's view of one table in model space, fed by whichever path is active. Across a path switch it is
/// reconciled: a row whose model equals the old path's model fires nothing; rows the new path never delivers are
/// deleted when its subscriptions apply.
/// </summary>
/// <remarks>
/// It keeps no models unless a feature needs them (an app read, a path switch): models in <see cref="RowChange{TRow}.OldRow"/>,
/// in deletes and in a first read may be fresh mappings, equal by value to the ones handlers saw, not the same instances.
/// </remarks>
/// <typeparam name="TModel">The app's model type.</typeparam>
internal abstract class ModelView<TModel> : ITableView<TModel>
    where TModel : class
{
    private protected ModelView(string name, ICallbackFaultSink faults)
    {
        Name = name;
        Faults = faults;
        InsertedCallback = name + ".Inserted";
        UpdatedCallback = name + ".Updated";
        DeletedCallback = name + ".Deleted";
    }

    public string Name { get; }

    public abstract int Count { get; }

    public bool HasPrimaryKey => true;

    /// <summary>The fault of the view the current path feeds this model from (null while it decodes).</summary>
    public TableUndecodableException? Fault => FaultSource?.Invoke();

    private protected Func<TableUndecodableException?>? FaultSource { get; set; }

    private protected ICallbackFaultSink Faults { get; }

    /// <summary>The callbacks' names for fault reports, built once (a row change must allocate nothing but the model).</summary>
    private protected string InsertedCallback { get; }

    private protected string UpdatedCallback { get; }

    private protected string DeletedCallback { get; }

    private protected ModelHandlers<RowChange<TModel>> InsertedHandlers { get; } = new();

    private protected ModelHandlers<RowChange<TModel>> UpdatedHandlers { get; } = new();

    private protected ModelHandlers<RowChange<TModel>> DeletedHandlers { get; } = new();

    public event Action<RowChange<TModel>>? Inserted
    {
        add => InsertedHandlers.Add(value);
        remove => InsertedHandlers.Remove(value);
    }

    public event Action<RowChange<TModel>>? Updated
    {
        add => UpdatedHandlers.Add(value);
        remove => UpdatedHandlers.Remove(value);
    }

    public event Action<RowChange<TModel>>? Deleted
    {
        add => DeletedHandlers.Add(value);
        remove => DeletedHandlers.Remove(value);
    }

    public abstract IReadOnlyList<TModel> Snapshot();

    public abstract bool TryFind<TKey>(TKey key, out TModel row)
        where TKey : notnull;

    /// <summary>Pump: feeds this view from a path's generated view (seeding it with the rows that view holds).</summary>
    public abstract IDisposable Attach<TRow>(ITableView<TRow> rows, DriverTable table, Func<TRow, TModel> map)
        where TRow : class;

    /// <summary>Pump: a switch starts; every row held must be confirmed by the new path.</summary>
    public abstract void BeginReconcile();

    /// <summary>Pump: the new path's rows are all in; rows it did not confirm are deleted.</summary>
    public abstract void EndReconcile();
}

/// <summary>Creates the model view that fits a table's key.</summary>
internal sealed class ModelViewFactory<TModel> : IDriverTableVisitor<ModelView<TModel>>
    where TModel : class
{
    private readonly ICallbackFaultSink _faults;

    public ModelViewFactory(ICallbackFaultSink faults) => _faults = faults;

    public ModelView<TModel> VisitKeyed<TRow, TKey>(DriverTable<TRow, TKey> table)
        where TRow : class
        where TKey : notnull => new KeyedModelView<TModel, TKey>(table.WireName, _faults);

    public ModelView<TModel> VisitUnkeyed<TRow>(DriverTable<TRow> table)
        where TRow : class =>
        throw new NotSupportedException($"Table {table.WireName} has no primary key: model views across schema paths need one.");
}
