using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Driver;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Tests.TestSupport;

/// <summary>Small builders for schemas used by the golden tests.</summary>
internal static class Schemas
{
    public static readonly AlgebraicType U64 = AlgebraicType.Primitive(AlgebraicTypeKind.U64);
    public static readonly AlgebraicType U32 = AlgebraicType.Primitive(AlgebraicTypeKind.U32);
    public static readonly AlgebraicType Str = AlgebraicType.Primitive(AlgebraicTypeKind.String);

    public static AlgebraicType Enum(params string[] variants) =>
        AlgebraicType.Sum(variants.Select(v => new AlgebraicTypeMember(v, AlgebraicType.Unit)));

    public static TableSchema Table(string name, params (string Name, AlgebraicType Type)[] columns) => new()
    {
        Name = name,
        Columns = columns.Select((c, i) => new ColumnSchema(i, c.Name, c.Type)).ToList(),
    };

    public static ReducerSchema Reducer(string name, params (string Name, AlgebraicType Type)[] ps) => new()
    {
        Name = name,
        Parameters = ps.Select((c, i) => new ColumnSchema(i, c.Name, c.Type)).ToList(),
    };

    public const SchemaFacets AllFacets = SchemaFacets.Indexes | SchemaFacets.Constraints | SchemaFacets.Sequences | SchemaFacets.Schedules
        | SchemaFacets.Access | SchemaFacets.EventFlag | SchemaFacets.ReducerKinds | SchemaFacets.ViewsAndSecurity
        | SchemaFacets.DefaultValues | SchemaFacets.PrimaryKeys;

    public static ModuleSchema Module(IEnumerable<TableSchema> tables, IEnumerable<ReducerSchema>? reducers = null, IReadOnlyList<AlgebraicType>? typespace = null) => new()
    {
        Source = SchemaSource.ModuleDefV10,
        Facets = AllFacets,
        Tables = tables.ToList(),
        Reducers = (reducers ?? Enumerable.Empty<ReducerSchema>()).ToList(),
        Typespace = typespace ?? new List<AlgebraicType>(),
    };

    /// <summary>The manifest a 2.x C# client would carry for the hand-made sample module.</summary>
    public static BindingsManifest PersonManifest(WireNamePolicy policy = WireNamePolicy.SnakeCase) => new()
    {
        SdkMajor = 2,
        CliVersion = "2.8.3",
        WireNamePolicy = policy,
        ModuleName = "people",
        SchemaVersion = "1.0.0",
        Typespace = new[] { Enum("Active", "Banned") },
        Types = new[] { new ManifestType("Status", "Game.Status", 0) },
        Tables = new[]
        {
            new ManifestTable
            {
                WireName = "person",
                AccessorName = "Person",
                Columns = new[]
                {
                    new ManifestColumn(0, "Id", "ulong", U64),
                    new ManifestColumn(1, "Name", "string", Str),
                    new ManifestColumn(2, "Owner", "SpacetimeDB.Identity", AlgebraicType.Product(new AlgebraicTypeMember("__identity__", AlgebraicType.Primitive(AlgebraicTypeKind.U256)))),
                    new ManifestColumn(3, "CreatedAt", "SpacetimeDB.Timestamp", AlgebraicType.Product(new AlgebraicTypeMember("__timestamp_micros_since_unix_epoch__", AlgebraicType.Primitive(AlgebraicTypeKind.I64)))),
                    new ManifestColumn(4, "Nickname", "string?", AlgebraicType.Option(Str)),
                    new ManifestColumn(5, "Status", "Game.Status", AlgebraicType.Ref(0)),
                },
                PrimaryKey = new[] { 0 },
                Indexes = new[] { new ManifestIndex("Id", IndexAlgorithm.BTree, new[] { 0 }) },
            },
        },
        Reducers = new[]
        {
            new ManifestReducer
            {
                WireName = "add_person",
                AccessorName = "AddPerson",
                Parameters = new[] { new ManifestColumn(0, "name", "string", Str) },
            },
        },
    };
}
