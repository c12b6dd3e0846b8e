extern alias v1sdk1;
extern alias v2sdk1;
extern alias v2sdk2;

using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Generators.Tests.TestSupport;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Model;
using static Stdb.Compat.Generators.Tests.TestSupport.SdkShapes;

namespace Stdb.Compat.Generators.Tests.Emit;

/// <summary>The manifest the generator emitted into the fixture assemblies, against the schema the bindings stand for.</summary>
[TestClass]
public sealed class ManifestEmitterTests
{
    private static readonly AlgebraicType U64 = AlgebraicType.Primitive(AlgebraicTypeKind.U64);
    private static readonly AlgebraicType U32 = AlgebraicType.Primitive(AlgebraicTypeKind.U32);
    private static readonly AlgebraicType Str = AlgebraicType.Primitive(AlgebraicTypeKind.String);

    private static ManifestTable PlayerTable(string wireName, bool withDisplayName) => new()
    {
        WireName = wireName,
        AccessorName = "Player",
        Columns = new[]
        {
            new ManifestColumn(0, "id", "ulong", U64),
            new ManifestColumn(1, "username", "string", Str),
            new ManifestColumn(2, "score", "uint", U32),
        }.Concat(withDisplayName ? new[] { new ManifestColumn(3, "display_name", "string?", AlgebraicType.Option(Str)) } : Enumerable.Empty<ManifestColumn>()).ToList(),
        PrimaryKey = new[] { 0 },
        Indexes = new[] { new ManifestIndex("Id", IndexAlgorithm.BTree, new[] { 0 }) },
    };

    private static ManifestTable DamageEventTable(bool isEvent) => new()
    {
        WireName = "damage_event",
        AccessorName = "DamageEvent",
        IsEvent = isEvent,
        Columns = new[] { new ManifestColumn(0, "target", "ulong", U64), new ManifestColumn(1, "amount", "uint", U32) },
    };

    private static readonly ManifestReducer[] GameReducers =
    {
        new() { WireName = "create_player", AccessorName = "CreatePlayer", Parameters = new[] { new ManifestColumn(0, "username", "string", Str) } },
        new() { WireName = "deal_damage", AccessorName = "DealDamage", Parameters = new[] { new ManifestColumn(0, "target", "ulong", U64), new ManifestColumn(1, "amount", "uint", U32) } },
    };

    /// <summary>The row types as the manifest records them: every [SpacetimeDB.Type] of the bindings, by name order.</summary>
    private static BindingsManifest WithRowTypes(BindingsManifest manifest, string ns = "SpacetimeDB.Types")
    {
        var tables = manifest.Tables.OrderBy(t => t.AccessorName, System.StringComparer.Ordinal).ToList();
        return manifest with
        {
            Typespace = tables.Select(t => AlgebraicType.Product(t.Columns.Select(c => new AlgebraicTypeMember(c.Name, c.AlgebraicType)))).ToList(),
            Types = tables.Select((t, i) => new ManifestType(t.AccessorName, ns + "." + t.AccessorName, i)).ToList(),
        };
    }

    private static void AssertSameManifest(BindingsManifest expected, BindingsManifest actual)
    {
        Assert.AreEqual(BindingsManifestJson.Write(expected), BindingsManifestJson.Write(actual));
        var changes = SchemaCompatibility.Diff(expected.ToModuleSchema(), actual.ToModuleSchema());
        Assert.AreEqual(0, changes.Count, string.Join("\n", changes));
    }

    [TestMethod]
    public void Write_V2ModuleSdk2Fixture_EqualsExpectedSchema()
    {
        var expected = new BindingsManifest
        {
            SdkMajor = 2,
            CliVersion = "2.8.3",
            CliCommit = "2c0ffee5a1e2b3c4d5e6f708192a3b4c5d6e7f81",
            WireNamePolicy = WireNamePolicy.SnakeCase,
            Tables = new[] { DamageEventTable(isEvent: true), PlayerTable("player", withDisplayName: true) },
            Reducers = GameReducers,
        };

        AssertSameManifest(WithRowTypes(expected), ((Stdb.Compat.Driver.IBindingsManifestSource)new v2sdk2::Game.GameDriver()).Manifest);
    }

    [TestMethod]
    public void Write_V2ModuleSdk1Fixture_EqualsExpectedSchemaWithOrdinaryDamageTable()
    {
        var expected = new BindingsManifest
        {
            SdkMajor = 1,
            CliVersion = "1.12.0",
            CliCommit = "1c0ffee5a1e2b3c4d5e6f708192a3b4c5d6e7f80",
            WireNamePolicy = WireNamePolicy.Declared,
            Tables = new[] { DamageEventTable(isEvent: false), PlayerTable("player", withDisplayName: true) },
            Reducers = GameReducers,
        };

        AssertSameManifest(WithRowTypes(expected), ((Stdb.Compat.Driver.IBindingsManifestSource)new v2sdk1::Game.GameDriver()).Manifest);
    }

    [TestMethod]
    public void Write_V1ModuleSdk1Fixture_EqualsExpectedSchema()
    {
        var expected = new BindingsManifest
        {
            SdkMajor = 1,
            CliVersion = "1.12.0",
            CliCommit = "1c0ffee5a1e2b3c4d5e6f708192a3b4c5d6e7f80",
            WireNamePolicy = WireNamePolicy.Declared,
            Tables = new[] { PlayerTable("Player", withDisplayName: false) },
            Reducers = GameReducers,
        };

        AssertSameManifest(WithRowTypes(expected), ((Stdb.Compat.Driver.IBindingsManifestSource)new v1sdk1::Game.GameDriver()).Manifest);
    }

    [TestMethod]
    public void Manifest_GeneratedDriver_IsBuiltOnceAndDiffersBetweenModuleGenerations()
    {
        IBindingsManifestSource source = new v2sdk2::Game.GameDriver();
        IBindingsManifestSource other = new v2sdk2::Game.GameDriver();

        Assert.AreSame(source.Manifest, other.Manifest);
        var changes = SchemaCompatibility.Diff(((IBindingsManifestSource)new v1sdk1::Game.GameDriver()).Manifest.ToModuleSchema(), ((IBindingsManifestSource)new v2sdk1::Game.GameDriver()).Manifest.ToModuleSchema());
        Assert.IsTrue(changes.Count > 0);
    }

    [TestMethod]
    public void Emit_UserTypesSpecialTypesOptionsAndIndexes_MapToAlgebraicTypes()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.Compile(new[]
        {
            Sdk(Shape.Sdk20),
            Bindings(Shape.Sdk20),
            GeneratorHarness.Driver("Game", "GameDriver", "global::SpacetimeDB.Types.DbConnection"),
        }));
        var manifest = GeneratorHarness.ManifestOf(result);

        Assert.AreEqual("2.0.0", manifest.CliVersion);
        CollectionAssert.AreEqual(new[] { "PlayerStatus", "DamageEvent", "Player" }, manifest.Types.Select(t => t.Name).ToArray());
        Assert.AreEqual("SpacetimeDB.Types.PlayerStatus", manifest.Types[0].ClrType);
        Assert.AreEqual("Sum{Active: Product{} | Banned: Product{}}", manifest.Typespace[manifest.Types[0].TypeRef].ToString());
        var player = manifest.Tables.Single(t => t.WireName == "player");
        var types = player.Columns.ToDictionary(c => c.Name, c => c.AlgebraicType.ToString());
        Assert.AreEqual("Sum{some: String | none: Product{}}", types["nickname"]);
        Assert.AreEqual("Product{__identity__: U256}", types["owner"]);
        Assert.AreEqual("Ref(0)", types["status"]);
        Assert.AreEqual("Array<String>", types["tags"]);
        CollectionAssert.AreEqual(new[] { "Id:0", "Level:2", "LevelAndName:2,1" }, player.Indexes.Select(i => i.AccessorName + ":" + string.Join(",", i.Columns)).ToArray());
        Assert.IsTrue(manifest.Tables.Single(t => t.WireName == "damage_event").IsEvent);
        CollectionAssert.AreEqual(new[] { "identity_connected", "set_name" }, manifest.Reducers.Select(r => r.WireName).ToArray());
        CollectionAssert.AreEqual(new[] { true, false }, manifest.Reducers.Select(r => r.IsLifecycle).ToArray());
    }
}
