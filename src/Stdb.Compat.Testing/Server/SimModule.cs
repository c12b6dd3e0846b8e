using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Server;

/// <summary>
/// A simulated module definition: tables, event tables and reducers written as C# delegates. Built fluently:
/// <code>
/// SimModule.Define(ModuleDefVersion.V10)
///     .Table("player", t => t.Column("id", SimType.U64).Column("username", SimType.String).PrimaryKey("id").AutoInc("id"))
///     .Reducer("create_player", p => p.Param("username", SimType.String), (ctx, args) => { ... });
/// </code>
/// A module is a definition; <see cref="SimulatedServer.Publish"/> takes a snapshot, so later changes do not affect
/// a published database.
/// </summary>
public sealed class SimModule
{
    private readonly List<TableDef> _tables = new();
    private readonly List<ReducerDef> _reducers = new();

    private SimModule(ModuleDefVersion version)
    {
        Version = version;
    }

    /// <summary>The module definition format.</summary>
    public ModuleDefVersion Version { get; }

    /// <summary>Names of the tables (including event tables) in definition order.</summary>
    public IReadOnlyList<string> TableNames => _tables.Select(t => t.Name).ToArray();

    /// <summary>Names of the reducers in definition order.</summary>
    public IReadOnlyList<string> ReducerNames => _reducers.Select(r => r.Name).ToArray();

    internal IReadOnlyList<TableDef> Tables => _tables;

    internal IReadOnlyList<ReducerDef> Reducers => _reducers;

    /// <summary>Starts a module definition.</summary>
    public static SimModule Define(ModuleDefVersion version) => new(version);

    /// <summary>Adds a table.</summary>
    /// <param name="name">The table's wire name.</param>
    /// <param name="configure">Declares columns, the primary key, auto-increment and defaults.</param>
    /// <param name="isPublic">False for a private table (not subscribable).</param>
    public SimModule Table(string name, Action<SimTableBuilder> configure, bool isPublic = true) => AddTable(name, configure, isPublic, isEvent: false);

    /// <summary>Adds an event table (V10 only): rows inserted by a reducer reach subscribed v2 clients once and are never stored.</summary>
    public SimModule EventTable(string name, Action<SimTableBuilder> configure, bool isPublic = true) => AddTable(name, configure, isPublic, isEvent: true);

    /// <summary>Adds a reducer.</summary>
    /// <param name="name">The reducer's wire name.</param>
    /// <param name="parameters">Declares the parameters in order.</param>
    /// <param name="body">The body; fails by throwing (<see cref="ReducerFailedException"/> or any exception).</param>
    public SimModule Reducer(string name, Action<SimReducerBuilder> parameters, Action<SimReducerContext, SimRow> body)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A reducer needs a name.", nameof(name));
        }

        if (_reducers.Any(r => r.Name == name))
        {
            throw new ArgumentException($"The module already has a reducer '{name}'.", nameof(name));
        }

        var builder = new SimReducerBuilder();
        (parameters ?? throw new ArgumentNullException(nameof(parameters)))(builder);
        _reducers.Add(new ReducerDef(name, builder.Params.ToArray(), body ?? throw new ArgumentNullException(nameof(body))));
        return this;
    }

    private SimModule AddTable(string name, Action<SimTableBuilder> configure, bool isPublic, bool isEvent)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A table needs a name.", nameof(name));
        }

        if (_tables.Any(t => t.Name == name))
        {
            throw new ArgumentException($"The module already has a table '{name}'.", nameof(name));
        }

        if (isEvent && Version != ModuleDefVersion.V10)
        {
            throw new ArgumentException($"Event table '{name}' needs ModuleDefVersion.V10; V9 modules have no event tables.", nameof(name));
        }

        var builder = new SimTableBuilder(name);
        (configure ?? throw new ArgumentNullException(nameof(configure)))(builder);
        _tables.Add(builder.Build(isPublic, isEvent));
        return this;
    }
}

/// <summary>Declares a simulated table's columns, primary key, auto-increment column and column defaults.</summary>
public sealed class SimTableBuilder
{
    private readonly string _table;
    private readonly List<SimColumn> _columns = new();
    private readonly Dictionary<string, object?> _defaults = new(StringComparer.Ordinal);
    private string? _primaryKey;
    private string? _autoInc;

    internal SimTableBuilder(string table)
    {
        _table = table;
    }

    /// <summary>Appends a column.</summary>
    public SimTableBuilder Column(string name, SimType type)
    {
        if (_columns.Any(c => c.Name == name))
        {
            throw new ArgumentException($"Table '{_table}' already has a column '{name}'.", nameof(name));
        }

        _columns.Add(new SimColumn(name, type));
        return this;
    }

    /// <summary>Declares the default of a column (used when the column is added to a table that has rows). Null = none for options.</summary>
    public SimTableBuilder Default(string column, object? value)
    {
        _defaults[column] = value;
        return this;
    }

    /// <summary>Declares the primary-key column.</summary>
    public SimTableBuilder PrimaryKey(string column)
    {
        _primaryKey = column;
        return this;
    }

    /// <summary>Declares the auto-increment column (an integer; a value of 0 on insert takes the next sequence value).</summary>
    public SimTableBuilder AutoInc(string column)
    {
        _autoInc = column;
        return this;
    }

    internal TableDef Build(bool isPublic, bool isEvent)
    {
        if (_columns.Count == 0)
        {
            throw new ArgumentException($"Table '{_table}' has no columns.");
        }

        int pk = IndexOf(_primaryKey, "primary key");
        int autoInc = IndexOf(_autoInc, "auto-increment");
        if (autoInc >= 0 && !IsInteger(_columns[autoInc].Type))
        {
            throw new ArgumentException($"Auto-increment column '{_table}.{_autoInc}' must be an integer, not {_columns[autoInc].Type}.");
        }

        if (isEvent && pk >= 0)
        {
            throw new ArgumentException($"Event table '{_table}' cannot have a primary key.");
        }

        foreach (KeyValuePair<string, object?> d in _defaults)
        {
            int index = IndexOf(d.Key, "default");
            try
            {
                BsatnCodec.Encode(_columns[index].Type, d.Value);
            }
            catch (BsatnException ex)
            {
                throw new ArgumentException($"Default of '{_table}.{d.Key}' does not match {_columns[index].Type}: {ex.Message}", ex);
            }
        }

        return new TableDef(_table, _columns.ToArray(), pk, autoInc, isPublic, isEvent, new Dictionary<string, object?>(_defaults, StringComparer.Ordinal));
    }

    internal static bool IsInteger(SimType type) => type.Kind is SimTypeKind.U8 or SimTypeKind.U16 or SimTypeKind.U32 or SimTypeKind.U64
        or SimTypeKind.I8 or SimTypeKind.I16 or SimTypeKind.I32 or SimTypeKind.I64 or SimTypeKind.U128 or SimTypeKind.I128;

    private int IndexOf(string? column, string what)
    {
        if (column is null)
        {
            return -1;
        }

        int index = _columns.FindIndex(c => c.Name == column);
        if (index < 0)
        {
            throw new ArgumentException($"The {what} column '{_table}.{column}' is not declared; declare it with Column(...) first.");
        }

        return index;
    }
}

/// <summary>Declares a simulated reducer's parameters.</summary>
public sealed class SimReducerBuilder
{
    internal List<SimColumn> Params { get; } = new();

    /// <summary>Appends a parameter.</summary>
    public SimReducerBuilder Param(string name, SimType type)
    {
        Params.Add(new SimColumn(name, type));
        return this;
    }
}

/// <summary>A table's definition.</summary>
internal sealed record TableDef(
    string Name,
    IReadOnlyList<SimColumn> Columns,
    int PrimaryKeyIndex,
    int AutoIncIndex,
    bool IsPublic,
    bool IsEvent,
    IReadOnlyDictionary<string, object?> Defaults)
{
    public bool HasPrimaryKey => PrimaryKeyIndex >= 0;

    public TableDef Renamed(string name) => this with { Name = name };
}

/// <summary>A reducer's definition.</summary>
internal sealed record ReducerDef(string Name, IReadOnlyList<SimColumn> Params, Action<SimReducerContext, SimRow> Body);
