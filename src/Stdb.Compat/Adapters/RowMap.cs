using System;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Adapters;

/// <summary>Gives a row map the generated views of the path's connection.</summary>
internal interface IRowSource
{
    ITableView<TRow> Table<TRow>(string table)
        where TRow : class;
}

/// <summary>A row adapter of one path: generated row type → model type.</summary>
internal abstract class RowMap
{
    protected RowMap(string? table) => Table = table;

    public abstract Type RowType { get; }

    /// <summary>The table the app named (wire or accessor name), or null to bind by row type.</summary>
    public string? Table { get; }

    /// <summary>The generated table of this map on <paramref name="driver"/>: the named one, else the one of its row type.</summary>
    /// <exception cref="UnknownTableException">No such table.</exception>
    /// <exception cref="AmbiguousTableException">Several share the row type and none is named after it.</exception>
    /// <exception cref="ArgumentException">The named table has another row type.</exception>
    public DriverTable FindTable(IConnectionDriver driver) =>
        Table is { } name
            ? BindingLookup.FindTableOfRowType(driver.Tables, name, RowType)
            : BindingLookup.FindTableByRowType(driver.Tables, RowType)
                ?? throw new UnknownTableException(RowType.FullName ?? RowType.Name, BindingLookup.DescribeTables(driver.Tables));
}

/// <summary>A row adapter onto <typeparamref name="TModel"/>, whatever the generated row type.</summary>
internal abstract class ModelRowMap<TModel> : RowMap
    where TModel : class
{
    protected ModelRowMap(string? table)
        : base(table)
    {
    }

    /// <summary>Feeds <paramref name="view"/> from the path's generated view; dispose to detach.</summary>
    public abstract IDisposable Attach(ModelView<TModel> view, IRowSource source, IConnectionDriver driver);
}

/// <summary>The typed row adapter.</summary>
internal sealed class RowMap<TRow, TModel> : ModelRowMap<TModel>
    where TRow : class
    where TModel : class
{
    public RowMap(Func<TRow, TModel> map, string? table = null)
        : base(table) => Map = map;

    public Func<TRow, TModel> Map { get; }

    public override Type RowType => typeof(TRow);

    public override IDisposable Attach(ModelView<TModel> view, IRowSource source, IConnectionDriver driver)
    {
        var table = FindTable(driver);
        return view.Attach(source.Table<TRow>(table.WireName), table, Map);
    }
}
