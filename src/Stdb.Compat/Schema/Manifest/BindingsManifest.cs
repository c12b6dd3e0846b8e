using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Manifest;

/// <summary>
/// The bindings' schema manifest: what an app's generated SpacetimeDB bindings expect of the module (the expected
/// side of every drift check). Emitted by the Stdb.Compat generator; serialised by <see cref="BindingsManifestJson"/>
/// (format documented in docs/manifest-format.md).
/// </summary>
public sealed record BindingsManifest
{
    /// <summary>The manifest format version this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version of the JSON this manifest was read from (always <see cref="CurrentFormatVersion"/> when written).</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Major version of the SpacetimeDB C# SDK the bindings target (1 or 2).</summary>
    public int SdkMajor { get; init; }

    /// <summary>Version of the <c>spacetime</c> CLI that generated the bindings, when known.</summary>
    public string? CliVersion { get; init; }

    /// <summary>Commit of the <c>spacetime</c> CLI that generated the bindings (the header's <c>(commit …)</c>), when known.</summary>
    public string? CliCommit { get; init; }

    /// <summary>How the bindings name things on the wire.</summary>
    public WireNamePolicy WireNamePolicy { get; init; }

    /// <summary>Module or database name the bindings were generated from, when known.</summary>
    public string? ModuleName { get; init; }

    /// <summary>Semantic schema version (MAJOR.MINOR.PATCH) the app team gave these bindings, when any.</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>Typespace for <c>Ref</c>s used in column and parameter types.</summary>
    public IReadOnlyList<AlgebraicType> Typespace { get; init; } = Array.Empty<AlgebraicType>();

    /// <summary>Named types.</summary>
    public IReadOnlyList<ManifestType> Types { get; init; } = Array.Empty<ManifestType>();

    /// <summary>Tables (and 2.x event tables) the bindings know.</summary>
    public IReadOnlyList<ManifestTable> Tables { get; init; } = Array.Empty<ManifestTable>();

    /// <summary>Reducers the bindings know (lifecycle reducers included, flagged).</summary>
    public IReadOnlyList<ManifestReducer> Reducers { get; init; } = Array.Empty<ManifestReducer>();

    /// <summary>Procedures the bindings know (2.x); recorded for reference, never called by the driver nor diffed.</summary>
    public IReadOnlyList<ManifestProcedure> Procedures { get; init; } = Array.Empty<ManifestProcedure>();

    /// <summary>Bindings metadata the generator did not understand; left out of drift checks.</summary>
    public IReadOnlyList<ManifestUnknown> Unknown { get; init; } = Array.Empty<ManifestUnknown>();

    /// <summary>Converts to the source-neutral schema model.</summary>
    /// <returns>The schema.</returns>
    public ModuleSchema ToModuleSchema() => new()
    {
        Source = SchemaSource.Manifest,
        Facets = SchemaFacets.Indexes | SchemaFacets.PrimaryKeys | (SdkMajor >= 2 ? SchemaFacets.EventFlag : SchemaFacets.None),
        NamePolicy = WireNamePolicy,
        Typespace = Typespace,
        Tables = Tables.Select(t => new TableSchema
        {
            Name = t.WireName,
            AccessorName = t.AccessorName,
            Columns = t.Columns.Select(c => new ColumnSchema(c.Position, c.Name, c.AlgebraicType) { ClrType = c.ClrType }).ToList(),
            PrimaryKey = t.PrimaryKey,
            Indexes = t.Indexes.Select(i => new IndexSchema
            {
                AccessorName = i.AccessorName,
                Algorithm = i.Algorithm,
                AlgorithmName = i.Algorithm.ToString(),
                Columns = i.Columns,
            }).ToList(),
            IsEvent = t.IsEvent,
        }).ToList(),
        Reducers = Reducers.Select(r => new ReducerSchema
        {
            Name = r.WireName,
            AccessorName = r.AccessorName,
            Parameters = r.Parameters.Select(c => new ColumnSchema(c.Position, c.Name, c.AlgebraicType) { ClrType = c.ClrType }).ToList(),
        }).ToList(),
        Types = Types.Select(t => new NamedTypeSchema(t.Name, t.TypeRef, false) { ClrType = t.ClrType }).ToList(),
    };
}

/// <summary>A table in the manifest.</summary>
public sealed record ManifestTable
{
    /// <summary>Canonical wire name (<c>RemoteTableName</c>).</summary>
    public string WireName { get; init; } = string.Empty;
    /// <summary>Accessor (handle) name in the bindings, e.g. <c>Person</c>.</summary>
    public string AccessorName { get; init; } = string.Empty;
    /// <summary>Columns in position order.</summary>
    public IReadOnlyList<ManifestColumn> Columns { get; init; } = Array.Empty<ManifestColumn>();
    /// <summary>Primary-key column positions; empty when none.</summary>
    public IReadOnlyList<int> PrimaryKey { get; init; } = Array.Empty<int>();
    /// <summary>Indexes the bindings expose.</summary>
    public IReadOnlyList<ManifestIndex> Indexes { get; init; } = Array.Empty<ManifestIndex>();
    /// <summary>Whether the bindings treat it as an event table (2.x <c>RemoteEventTableHandle</c>).</summary>
    public bool IsEvent { get; init; }
}

/// <summary>A column or reducer parameter in the manifest.</summary>
/// <param name="Position">Zero-based position.</param>
/// <param name="Name">Wire name from <c>[DataMember(Name = …)]</c>.</param>
/// <param name="ClrType">The C# type, e.g. <c>ulong</c> or <c>SpacetimeDB.Identity</c>.</param>
/// <param name="AlgebraicType">The SATS type, relative to the manifest's typespace.</param>
public sealed record ManifestColumn(int Position, string Name, string ClrType, AlgebraicType AlgebraicType);

/// <summary>An index in the manifest.</summary>
/// <param name="AccessorName">Accessor name in the bindings.</param>
/// <param name="Algorithm">Algorithm.</param>
/// <param name="Columns">Column positions.</param>
public sealed record ManifestIndex(string AccessorName, IndexAlgorithm Algorithm, IReadOnlyList<int> Columns);

/// <summary>A reducer in the manifest.</summary>
public sealed record ManifestReducer
{
    /// <summary>Canonical wire name (<c>IReducerArgs.ReducerName</c>).</summary>
    public string WireName { get; init; } = string.Empty;
    /// <summary>Accessor (method) name in the bindings.</summary>
    public string AccessorName { get; init; } = string.Empty;
    /// <summary>Parameters in position order.</summary>
    public IReadOnlyList<ManifestColumn> Parameters { get; init; } = Array.Empty<ManifestColumn>();
    /// <summary>Whether it is a lifecycle reducer (init, client connected/disconnected): known to the bindings, not callable.</summary>
    public bool IsLifecycle { get; init; }
}

/// <summary>A procedure in the manifest (2.x bindings).</summary>
public sealed record ManifestProcedure
{
    /// <summary>Canonical wire name (<c>IProcedureArgs.ProcedureName</c>).</summary>
    public string WireName { get; init; } = string.Empty;
    /// <summary>Accessor (method) name in the bindings.</summary>
    public string AccessorName { get; init; } = string.Empty;
    /// <summary>Parameters in position order.</summary>
    public IReadOnlyList<ManifestColumn> Parameters { get; init; } = Array.Empty<ManifestColumn>();
    /// <summary>The return type, relative to the manifest's typespace, when the bindings name it.</summary>
    public AlgebraicType? ReturnType { get; init; }
}

/// <summary>Something in the bindings the generator did not understand (reported as warning STDBC0008).</summary>
/// <param name="Kind">What it is, e.g. <c>index</c>, <c>primaryKey</c>, <c>procedure</c>, <c>member</c>.</param>
/// <param name="Name">Where it is, e.g. <c>Player.ByLevel</c>.</param>
/// <param name="Detail">Why it was not understood.</param>
public sealed record ManifestUnknown(string Kind, string Name, string Detail);

/// <summary>A named type in the manifest.</summary>
/// <param name="Name">Scoped module type name (<c>::</c>-joined).</param>
/// <param name="ClrType">The C# type name.</param>
/// <param name="TypeRef">Index into the manifest's typespace.</param>
public sealed record ManifestType(string Name, string ClrType, int TypeRef);
