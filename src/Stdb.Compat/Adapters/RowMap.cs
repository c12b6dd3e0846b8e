using System;
using System.Linq;
using Stdb.Compat.Driver;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Adapters;

/// <summary>Gives a row map the generated views of the path's connection.</summary>
internal interface IRowSource
{
    ITableView<TRow> Table<TRow>()
        where TRow : class;
}

/// <summary>A row adapter of one path: generated row type → model type.</summary>
internal abstract class RowMap
{
    public abstract Type RowType { get; }

    /// <summary>The generated table of this map's row type on <paramref name="driver"/>.</summary>
    public DriverTable FindTable(IConnectionDriver driver) =>
        driver.Tables.FirstOrDefault(t => t.RowType == RowType)
        ?? throw new UnknownTableException(RowType.FullName ?? RowType.Name, string.Join(", ", driver.Tables.Select(t => t.WireName)));
}

/// <summary>A row adapter onto <typeparamref name="TModel"/>, whatever the generated row type.</summary>
internal abstract class ModelRowMap<TModel> : RowMap
    where TModel : class
{
    /// <summary>Feeds <paramref name="view"/> from the path's generated view; dispose to detach.</summary>
    public abstract IDisposable Attach(ModelView<TModel> view, IRowSource source, IConnectionDriver driver);
}

/// <summary>The typed row adapter.</summary>
internal sealed class RowMap<TRow, TModel> : ModelRowMap<TModel>
    where TRow : class
    where TModel : class
{
    public RowMap(Func<TRow, TModel> map) => Map = map;

    public Func<TRow, TModel> Map { get; }

    public override Type RowType => typeof(TRow);

    public override IDisposable Attach(ModelView<TModel> view, IRowSource source, IConnectionDriver driver) =>
        view.Attach(source.Table<TRow>(), FindTable(driver), Map);
}
