using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace Stdb.Compat.Schema.Model;

/// <summary>Where a <see cref="ModuleSchema"/> came from.</summary>
public enum SchemaSource
{
    /// <summary>The bindings' schema manifest (what the app was built for).</summary>
    Manifest = 0,
    /// <summary>A <c>RawModuleDefV9</c> JSON body (<c>?version=9</c>).</summary>
    ModuleDefV9 = 9,
    /// <summary>A <c>RawModuleDefV10</c> JSON body (<c>?version=10</c>).</summary>
    ModuleDefV10 = 10,
}

/// <summary>Which optional facets a schema source describes; the differ compares a facet only when both sides know it.</summary>
[Flags]
public enum SchemaFacets
{
    /// <summary>Nothing optional.</summary>
    None = 0,
    /// <summary>Indexes.</summary>
    Indexes = 1,
    /// <summary>Unique constraints.</summary>
    Constraints = 2,
    /// <summary>Sequences (auto-increment).</summary>
    Sequences = 4,
    /// <summary>Schedules.</summary>
    Schedules = 8,
    /// <summary>Public/private access and table type.</summary>
    Access = 16,
    /// <summary>The event-table flag.</summary>
    EventFlag = 32,
    /// <summary>Reducer lifecycle and visibility.</summary>
    ReducerKinds = 64,
    /// <summary>Views and row-level security.</summary>
    ViewsAndSecurity = 128,
    /// <summary>Column default values.</summary>
    DefaultValues = 256,
    /// <summary>Primary keys.</summary>
    PrimaryKeys = 512,
}

/// <summary>A module schema, independent of where it came from (manifest, V9 JSON or V10 JSON).</summary>
public sealed record ModuleSchema
{
    /// <summary>Where the schema came from.</summary>
    public SchemaSource Source { get; init; }

    /// <summary>Optional facets this schema describes.</summary>
    public SchemaFacets Facets { get; init; }

    /// <summary>For a manifest, how its bindings derive wire names; <see langword="null"/> for a server schema.</summary>
    public WireNamePolicy? NamePolicy { get; init; }

    /// <summary>The typespace: the targets of every <see cref="AlgebraicTypeKind.Ref"/> in this schema.</summary>
    public IReadOnlyList<AlgebraicType> Typespace { get; init; } = Array.Empty<AlgebraicType>();

    /// <summary>Tables, keyed by canonical name.</summary>
    public IReadOnlyList<TableSchema> Tables { get; init; } = Array.Empty<TableSchema>();

    /// <summary>Reducers, keyed by canonical name.</summary>
    public IReadOnlyList<ReducerSchema> Reducers { get; init; } = Array.Empty<ReducerSchema>();

    /// <summary>Named types.</summary>
    public IReadOnlyList<NamedTypeSchema> Types { get; init; } = Array.Empty<NamedTypeSchema>();

    /// <summary>Views.</summary>
    public IReadOnlyList<ViewSchema> Views { get; init; } = Array.Empty<ViewSchema>();

    /// <summary>Row-level-security SQL filters.</summary>
    public IReadOnlyList<string> RowLevelSecurity { get; init; } = Array.Empty<string>();

    /// <summary>Finds a table by canonical name (ordinal).</summary>
    /// <param name="name">The canonical name.</param>
    /// <returns>The table, or <see langword="null"/>.</returns>
    public TableSchema? FindTable(string name) => Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>Finds a reducer by canonical name (ordinal).</summary>
    /// <param name="name">The canonical name.</param>
    /// <returns>The reducer, or <see langword="null"/>.</returns>
    public ReducerSchema? FindReducer(string name) => Reducers.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}

/// <summary>A table's kind.</summary>
public enum TableKind
{
    /// <summary>A user table.</summary>
    User = 0,
    /// <summary>A system table.</summary>
    System = 1,
}

/// <summary>A table's visibility to clients.</summary>
public enum TableAccess
{
    /// <summary>Clients may subscribe.</summary>
    Public = 0,
    /// <summary>Only the module sees it.</summary>
    Private = 1,
}

/// <summary>A table.</summary>
public sealed record TableSchema
{
    /// <summary>Canonical (wire) name, e.g. <c>person</c>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Accessor name (V10 <c>source_name</c>, or the bindings' handle name), when known.</summary>
    public string? AccessorName { get; init; }

    /// <summary>The row type's typespace index, when the source has one.</summary>
    public int? ProductTypeRef { get; init; }

    /// <summary>Columns in position order.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; init; } = Array.Empty<ColumnSchema>();

    /// <summary>Primary-key column positions; empty when the table has none.</summary>
    public IReadOnlyList<int> PrimaryKey { get; init; } = Array.Empty<int>();

    /// <summary>Indexes.</summary>
    public IReadOnlyList<IndexSchema> Indexes { get; init; } = Array.Empty<IndexSchema>();

    /// <summary>Constraints.</summary>
    public IReadOnlyList<ConstraintSchema> Constraints { get; init; } = Array.Empty<ConstraintSchema>();

    /// <summary>Sequences.</summary>
    public IReadOnlyList<SequenceSchema> Sequences { get; init; } = Array.Empty<SequenceSchema>();

    /// <summary>The schedule, when the table is a schedule table.</summary>
    public ScheduleSchema? Schedule { get; init; }

    /// <summary>User or system table.</summary>
    public TableKind Kind { get; init; }

    /// <summary>Public or private.</summary>
    public TableAccess Access { get; init; }

    /// <summary>Whether this is an event table (2.x).</summary>
    public bool IsEvent { get; init; }

    /// <summary>Column default values, by column position: the BSATN bytes of the value.</summary>
    public IReadOnlyDictionary<int, byte[]> DefaultValues { get; init; } = NoDefaults;

    internal static readonly IReadOnlyDictionary<int, byte[]> NoDefaults = new System.Collections.ObjectModel.ReadOnlyDictionary<int, byte[]>(new Dictionary<int, byte[]>());
}

/// <summary>A column.</summary>
/// <param name="Position">Zero-based position in the row (BSATN is positional).</param>
/// <param name="Name">The wire name, when known.</param>
/// <param name="Type">The column's type, relative to the owning schema's typespace.</param>
public sealed record ColumnSchema(int Position, string? Name, AlgebraicType Type)
{
    /// <summary>The C# type the bindings use, when known (manifest only).</summary>
    public string? ClrType { get; init; }
}

/// <summary>Index algorithms.</summary>
public enum IndexAlgorithm
{
    /// <summary>An algorithm this library does not know (a newer server).</summary>
    Unknown = 0,
    /// <summary>B-tree over columns.</summary>
    BTree,
    /// <summary>Hash over columns.</summary>
    Hash,
    /// <summary>Direct index over one column.</summary>
    Direct,
}

/// <summary>An index.</summary>
public sealed record IndexSchema
{
    /// <summary>Index name (informational).</summary>
    public string? Name { get; init; }
    /// <summary>Accessor name.</summary>
    public string? AccessorName { get; init; }
    /// <summary>Algorithm.</summary>
    public IndexAlgorithm Algorithm { get; init; }
    /// <summary>The variant name as read, e.g. <c>BTree</c> or an unknown one.</summary>
    public string AlgorithmName { get; init; } = string.Empty;
    /// <summary>Column positions.</summary>
    public IReadOnlyList<int> Columns { get; init; } = Array.Empty<int>();
}

/// <summary>A constraint.</summary>
public sealed record ConstraintSchema
{
    /// <summary>Constraint name (informational).</summary>
    public string? Name { get; init; }
    /// <summary>The constraint kind as read, e.g. <c>Unique</c>.</summary>
    public string Kind { get; init; } = "Unique";
    /// <summary>Column positions.</summary>
    public IReadOnlyList<int> Columns { get; init; } = Array.Empty<int>();
}

/// <summary>A sequence (auto-increment).</summary>
public sealed record SequenceSchema
{
    /// <summary>Sequence name (informational).</summary>
    public string? Name { get; init; }
    /// <summary>Column position.</summary>
    public int Column { get; init; }
    /// <summary>Start value.</summary>
    public BigInteger? Start { get; init; }
    /// <summary>Minimum value.</summary>
    public BigInteger? MinValue { get; init; }
    /// <summary>Maximum value.</summary>
    public BigInteger? MaxValue { get; init; }
    /// <summary>Increment.</summary>
    public BigInteger Increment { get; init; } = BigInteger.One;
}

/// <summary>A table's schedule.</summary>
/// <param name="Name">Schedule name.</param>
/// <param name="FunctionName">Canonical name of the scheduled reducer or procedure.</param>
/// <param name="Column">Position of the <c>ScheduleAt</c> column.</param>
public sealed record ScheduleSchema(string? Name, string FunctionName, int Column);

/// <summary>Reducer lifecycle roles.</summary>
public enum ReducerLifecycle
{
    /// <summary>An ordinary reducer.</summary>
    None = 0,
    /// <summary>Runs at module initialisation.</summary>
    Init,
    /// <summary>Runs when a client connects.</summary>
    OnConnect,
    /// <summary>Runs when a client disconnects.</summary>
    OnDisconnect,
    /// <summary>A lifecycle this library does not know.</summary>
    Unknown,
}

/// <summary>Whether clients may call a reducer.</summary>
public enum ReducerVisibility
{
    /// <summary>Clients may call it.</summary>
    ClientCallable = 0,
    /// <summary>Only the module (lifecycle, schedules) calls it.</summary>
    Private = 1,
}

/// <summary>A reducer.</summary>
public sealed record ReducerSchema
{
    /// <summary>Canonical (wire) name.</summary>
    public string Name { get; init; } = string.Empty;
    /// <summary>Accessor name, when known.</summary>
    public string? AccessorName { get; init; }
    /// <summary>Parameters in position order.</summary>
    public IReadOnlyList<ColumnSchema> Parameters { get; init; } = Array.Empty<ColumnSchema>();
    /// <summary>Lifecycle role.</summary>
    public ReducerLifecycle Lifecycle { get; init; }
    /// <summary>Visibility.</summary>
    public ReducerVisibility Visibility { get; init; }
}

/// <summary>A named type.</summary>
/// <param name="Name">The scoped name, segments joined with <c>::</c>.</param>
/// <param name="TypeRef">The typespace index it names.</param>
/// <param name="CustomOrdering">Whether the type has a custom ordering.</param>
public sealed record NamedTypeSchema(string Name, int TypeRef, bool CustomOrdering)
{
    /// <summary>The C# type name, when known (manifest only).</summary>
    public string? ClrType { get; init; }
}

/// <summary>A view.</summary>
/// <param name="Name">Name.</param>
/// <param name="IsPublic">Whether clients may subscribe.</param>
/// <param name="ReturnType">The view's return type.</param>
public sealed record ViewSchema(string Name, bool IsPublic, AlgebraicType ReturnType)
{
    /// <summary>Parameters.</summary>
    public IReadOnlyList<ColumnSchema> Parameters { get; init; } = Array.Empty<ColumnSchema>();

    /// <summary>Whether the view is anonymous (computed without the caller's identity).</summary>
    public bool IsAnonymous { get; init; }

    /// <summary>Names of the row columns forming the view's primary key; empty when it has none.</summary>
    public IReadOnlyList<string> PrimaryKeyColumns { get; init; } = Array.Empty<string>();
}
