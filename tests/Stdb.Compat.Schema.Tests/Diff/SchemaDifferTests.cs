using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Tests.TestSupport;
using static Stdb.Compat.Schema.Tests.TestSupport.Schemas;

namespace Stdb.Compat.Schema.Tests.Diff;

/// <summary>Golden schema pairs: one or more per rule of SpacetimeDB's migration-rules table.</summary>
[TestClass]
public sealed class SchemaDifferTests
{
    private static TableSchema Player => Table("player", ("id", U64), ("name", Str), ("level", U32), ("status", Enum("active", "banned"))) with
    {
        AccessorName = "Player",
        PrimaryKey = new[] { 0 },
        Indexes = new[] { new IndexSchema { AccessorName = "Id", Algorithm = IndexAlgorithm.BTree, AlgorithmName = "BTree", Columns = new[] { 0 } } },
        Constraints = new[] { new ConstraintSchema { Kind = "Unique", Columns = new[] { 0 } } },
    };

    private static TableSchema Damage => Table("damage_event", ("target", U32), ("amount", U32)) with { IsEvent = true };

    private static ModuleSchema Base => Module(new[] { Player, Damage }, new[] { Reducer("set_name", ("name", Str)) });

    private static ModuleSchema WithTable(ModuleSchema m, string name, Func<TableSchema, TableSchema> change) =>
        m with { Tables = m.Tables.Select(t => t.Name == name ? change(t) : t).ToList() };

    private static ModuleSchema WithReducer(ModuleSchema m, string name, Func<ReducerSchema, ReducerSchema> change) =>
        m with { Reducers = m.Reducers.Select(r => r.Name == name ? change(r) : r).ToList() };

    private static readonly Dictionary<string, Func<ModuleSchema>> Live = new()
    {
        ["add table"] = () => Base with { Tables = Base.Tables.Append(Table("guild", ("id", U64))).ToList() },
        ["remove table"] = () => Base with { Tables = Base.Tables.Where(t => t.Name != "player").ToList() },
        ["add column at end with default"] = () => WithTable(Base, "player", t => t with
        {
            Columns = t.Columns.Append(new ColumnSchema(4, "xp", U64)).ToList(),
            DefaultValues = new Dictionary<int, byte[]> { [4] = new byte[8] },
        }),
        ["add column without default"] = () => WithTable(Base, "player", t => t with { Columns = t.Columns.Append(new ColumnSchema(4, "xp", U64)).ToList() }),
        ["remove column"] = () => WithTable(Base, "player", t => t with { Columns = t.Columns.Take(3).ToList() }),
        ["reorder columns"] = () => WithTable(Base, "player", t => t with { Columns = new[] { t.Columns[1], t.Columns[0], t.Columns[2], t.Columns[3] }.Select((c, i) => c with { Position = i }).ToList() }),
        ["change column type"] = () => WithTable(Base, "player", t => t with { Columns = t.Columns.Select(c => c.Position == 2 ? c with { Type = U64 } : c).ToList() }),
        ["sum gains variant at end"] = () => WithTable(Base, "player", t => t with { Columns = t.Columns.Select(c => c.Position == 3 ? c with { Type = Enum("active", "banned", "muted") } : c).ToList() }),
        ["sum loses variant"] = () => WithTable(Base, "player", t => t with { Columns = t.Columns.Select(c => c.Position == 3 ? c with { Type = Enum("active") } : c).ToList() }),
        ["rename column in place"] = () => WithTable(Base, "player", t => t with { Columns = t.Columns.Select(c => c.Position == 1 ? c with { Name = "display_name" } : c).ToList() }),
        ["rename table accessor"] = () => WithTable(Base, "player", t => t with { AccessorName = "Players" }),
        ["change table type"] = () => WithTable(Base, "player", t => t with { Kind = TableKind.System }),
        ["change event flag"] = () => WithTable(Base, "player", t => t with { IsEvent = true }),
        ["change event table columns"] = () => WithTable(Base, "damage_event", t => t with { Columns = t.Columns.Append(new ColumnSchema(2, "crit", AlgebraicType.Primitive(AlgebraicTypeKind.Bool))).ToList() }),
        ["public to private"] = () => WithTable(Base, "player", t => t with { Access = TableAccess.Private }),
        ["remove primary key"] = () => WithTable(Base, "player", t => t with { PrimaryKey = Array.Empty<int>() }),
        ["add index"] = () => WithTable(Base, "player", t => t with { Indexes = t.Indexes.Append(new IndexSchema { AccessorName = "Level", Algorithm = IndexAlgorithm.BTree, AlgorithmName = "BTree", Columns = new[] { 2 } }).ToList() }),
        ["remove index"] = () => WithTable(Base, "player", t => t with { Indexes = Array.Empty<IndexSchema>() }),
        ["change index accessor"] = () => WithTable(Base, "player", t => t with { Indexes = t.Indexes.Select(i => i with { AccessorName = "PlayerId" }).ToList() }),
        ["add constraint"] = () => WithTable(Base, "player", t => t with { Constraints = t.Constraints.Append(new ConstraintSchema { Kind = "Unique", Columns = new[] { 1 } }).ToList() }),
        ["remove unique constraint"] = () => WithTable(Base, "player", t => t with { Constraints = Array.Empty<ConstraintSchema>() }),
        ["add sequence"] = () => WithTable(Base, "player", t => t with { Sequences = new[] { new SequenceSchema { Column = 0 } } }),
        ["add schedule"] = () => WithTable(Base, "player", t => t with { Schedule = new ScheduleSchema("player_sched", "tick", 2) }),
        ["add reducer"] = () => Base with { Reducers = Base.Reducers.Append(Reducer("kick", ("id", U64))).ToList() },
        ["remove reducer"] = () => Base with { Reducers = Array.Empty<ReducerSchema>() },
        ["change reducer param type"] = () => WithReducer(Base, "set_name", r => r with { Parameters = new[] { new ColumnSchema(0, "name", U32) } }),
        ["add reducer param"] = () => WithReducer(Base, "set_name", r => r with { Parameters = r.Parameters.Append(new ColumnSchema(1, "force", U32)).ToList() }),
        ["rename reducer param"] = () => WithReducer(Base, "set_name", r => r with { Parameters = new[] { new ColumnSchema(0, "new_name", Str) } }),
        ["reducer becomes private"] = () => WithReducer(Base, "set_name", r => r with { Visibility = ReducerVisibility.Private }),
        ["add view"] = () => Base with { Views = new[] { new ViewSchema("top_players", true, AlgebraicType.Array(U64)) } },
        ["change row-level security"] = () => Base with { RowLevelSecurity = new[] { "SELECT * FROM player WHERE id = 1" } },
    };

    [TestMethod]
    [DataRow("add table", SchemaChangeKind.AddTable, ChangeCriticality.NonBreaking, "tables/guild", MigrationOutcome.Automatic)]
    [DataRow("remove table", SchemaChangeKind.RemoveTable, ChangeCriticality.Breaking, "tables/player", MigrationOutcome.AutomaticDisconnectsClients)]
    [DataRow("add column at end with default", SchemaChangeKind.AddColumns, ChangeCriticality.Breaking, "tables/player/columns/4", MigrationOutcome.AutomaticDisconnectsClients)]
    [DataRow("add column without default", SchemaChangeKind.AddColumns, ChangeCriticality.Breaking, "tables/player/columns/4", MigrationOutcome.ManualMigration)]
    [DataRow("remove column", SchemaChangeKind.RemoveColumn, ChangeCriticality.Breaking, "tables/player/columns/3", MigrationOutcome.ManualMigration)]
    [DataRow("reorder columns", SchemaChangeKind.ReorderTable, ChangeCriticality.Breaking, "tables/player/columns", MigrationOutcome.ManualMigration)]
    [DataRow("change column type", SchemaChangeKind.ChangeColumnType, ChangeCriticality.Breaking, "tables/player/columns/2", MigrationOutcome.ManualMigration)]
    [DataRow("sum gains variant at end", SchemaChangeKind.ChangeColumns, ChangeCriticality.Dangerous, "tables/player/columns/3", MigrationOutcome.Automatic)]
    [DataRow("sum loses variant", SchemaChangeKind.ChangeColumnType, ChangeCriticality.Breaking, "tables/player/columns/3", MigrationOutcome.ManualMigration)]
    [DataRow("rename column in place", SchemaChangeKind.ChangeColumnAccessorName, ChangeCriticality.Dangerous, "tables/player/columns/1/name", MigrationOutcome.ManualMigration)]
    [DataRow("rename table accessor", SchemaChangeKind.ChangeTableAccessorName, ChangeCriticality.NonBreaking, "tables/player/accessor_name", MigrationOutcome.Automatic)]
    [DataRow("change table type", SchemaChangeKind.ChangeTableType, ChangeCriticality.Breaking, "tables/player/table_type", MigrationOutcome.ManualMigration)]
    [DataRow("change event flag", SchemaChangeKind.ChangeTableEventFlag, ChangeCriticality.Breaking, "tables/player/is_event", MigrationOutcome.ManualMigration)]
    [DataRow("change event table columns", SchemaChangeKind.ReschemaEventTable, ChangeCriticality.Breaking, "tables/damage_event/columns/2", MigrationOutcome.AutomaticDisconnectsClients)]
    [DataRow("public to private", SchemaChangeKind.ChangeAccess, ChangeCriticality.Breaking, "tables/player/table_access", MigrationOutcome.Automatic)]
    [DataRow("remove primary key", SchemaChangeKind.ChangePrimaryKey, ChangeCriticality.Dangerous, "tables/player/primary_key", MigrationOutcome.Automatic)]
    [DataRow("add index", SchemaChangeKind.AddIndex, ChangeCriticality.NonBreaking, "tables/player/indexes/BTree[2]", MigrationOutcome.Automatic)]
    [DataRow("remove index", SchemaChangeKind.RemoveIndex, ChangeCriticality.Dangerous, "tables/player/indexes/BTree[0]", MigrationOutcome.Automatic)]
    [DataRow("change index accessor", SchemaChangeKind.ChangeIndexAccessor, ChangeCriticality.NonBreaking, "tables/player/indexes/BTree[0]", MigrationOutcome.ManualMigration)]
    [DataRow("add constraint", SchemaChangeKind.AddConstraint, ChangeCriticality.NonBreaking, "tables/player/constraints/Unique[1]", MigrationOutcome.Automatic)]
    [DataRow("remove unique constraint", SchemaChangeKind.RemoveConstraint, ChangeCriticality.Dangerous, "tables/player/constraints/Unique[0]", MigrationOutcome.Automatic)]
    [DataRow("add sequence", SchemaChangeKind.AddSequence, ChangeCriticality.NonBreaking, "tables/player/sequences/0", MigrationOutcome.Automatic)]
    [DataRow("add schedule", SchemaChangeKind.AddSchedule, ChangeCriticality.NonBreaking, "tables/player/schedule", MigrationOutcome.Automatic)]
    [DataRow("add reducer", SchemaChangeKind.AddReducer, ChangeCriticality.NonBreaking, "reducers/kick", MigrationOutcome.Automatic)]
    [DataRow("remove reducer", SchemaChangeKind.RemoveReducer, ChangeCriticality.Breaking, "reducers/set_name", MigrationOutcome.Automatic)]
    [DataRow("change reducer param type", SchemaChangeKind.ChangeReducerParams, ChangeCriticality.Breaking, "reducers/set_name/params/0", MigrationOutcome.Automatic)]
    [DataRow("add reducer param", SchemaChangeKind.ChangeReducerParams, ChangeCriticality.Breaking, "reducers/set_name/params", MigrationOutcome.Automatic)]
    [DataRow("rename reducer param", SchemaChangeKind.ChangeReducerParams, ChangeCriticality.NonBreaking, "reducers/set_name/params/0", MigrationOutcome.Automatic)]
    [DataRow("reducer becomes private", SchemaChangeKind.ChangeReducerVisibility, ChangeCriticality.Breaking, "reducers/set_name/visibility", MigrationOutcome.Automatic)]
    [DataRow("add view", SchemaChangeKind.AddView, ChangeCriticality.NonBreaking, "views/top_players", MigrationOutcome.Automatic)]
    [DataRow("change row-level security", SchemaChangeKind.ChangeRowLevelSecurity, ChangeCriticality.Dangerous, "row_level_security", MigrationOutcome.AutomaticDisconnectsClients)]
    public void Diff_GoldenPair_YieldsExpectedKindCriticalityAndPath(string rule, SchemaChangeKind kind, ChangeCriticality criticality, string path, MigrationOutcome migration)
    {
        var changes = SchemaCompatibility.Diff(Base, Live[rule]());

        var change = changes.SingleOrDefault(c => c.Kind == kind);
        Assert.IsNotNull(change, $"{rule}: got {string.Join("; ", changes.Select(c => $"{c.Kind} {c.Path}"))}");
        Assert.AreEqual(1, changes.Count, $"{rule}: got {string.Join("; ", changes.Select(c => $"{c.Kind} {c.Path}"))}");
        Assert.AreEqual(criticality, change.Criticality, rule);
        Assert.AreEqual(path, change.Path, rule);
        Assert.AreEqual(migration, change.Migration, rule);
        Assert.IsFalse(string.IsNullOrWhiteSpace(change.Reason));
    }

    [TestMethod]
    public void Diff_PrivateToPublic_IsNonBreaking()
    {
        var expected = WithTable(Base, "player", t => t with { Access = TableAccess.Private });

        var change = SchemaCompatibility.Diff(expected, Base).Single();

        Assert.AreEqual(SchemaChangeKind.ChangeAccess, change.Kind);
        Assert.AreEqual(ChangeCriticality.NonBreaking, change.Criticality);
    }

    [TestMethod]
    public void Diff_UsageExcludesTable_ChangeDoesNotAffectApp()
    {
        var usage = new SchemaAppUsage { Tables = new[] { "damage_event" }, Reducers = Array.Empty<string>() };

        var report = SchemaCompatibility.Check(Base, Live["remove table"](), usage: usage);

        Assert.IsFalse(report.Changes.Single().AffectsApp);
        Assert.AreEqual(CompatibilityVerdict.CompatibleWithWarnings, report.Verdict);
    }

    [TestMethod]
    public void Diff_UsageIncludesTable_VerdictIsIncompatible()
    {
        var usage = new SchemaAppUsage { Tables = new[] { "player" } };

        var report = SchemaCompatibility.Check(Base, Live["remove table"](), usage: usage);

        Assert.IsTrue(report.Changes.Single().AffectsApp);
        Assert.AreEqual(SdkRuntimeEffect.SubscriptionRejected, report.Changes.Single().RuntimeEffect);
        Assert.AreEqual(CompatibilityVerdict.Incompatible, report.Verdict);
    }

    [TestMethod]
    public void Diff_RefNumbersDiffer_StructureSame_NoChanges()
    {
        var expected = Module(new[] { Table("t", ("s", AlgebraicType.Ref(1))) }, typespace: new[] { Str, Enum("a", "b") });
        var live = Module(new[] { Table("t", ("s", AlgebraicType.Ref(0))) }, typespace: new[] { Enum("a", "b"), Str });

        Assert.AreEqual(0, SchemaCompatibility.Diff(expected, live).Count);
    }

    [TestMethod]
    public void Diff_ManifestWithSnakeCasePolicy_MatchesHandmadeV10Module()
    {
        var manifest = PersonManifest().ToModuleSchema();
        var live = ModuleDefJson.Read(TestFiles.V10Small);

        var report = SchemaCompatibility.Check(manifest, live);

        Assert.AreEqual(CompatibilityVerdict.Compatible, report.Verdict, string.Join("\n", report.Changes.Select(c => c.Path + " " + c.Reason)));
        Assert.IsTrue(report.Changes.All(c => c.Kind == SchemaChangeKind.AddReducer), string.Join("\n", report.Changes.Select(c => c.Path + " " + c.Reason)));
    }

    [TestMethod]
    public void Diff_ManifestWithDeclaredPolicy_ReportsRenamedColumns()
    {
        var manifest = PersonManifest(WireNamePolicy.Declared).ToModuleSchema();
        var live = ModuleDefJson.Read(TestFiles.V10Small);

        var changes = SchemaCompatibility.Diff(manifest, live);

        Assert.IsTrue(changes.Any(c => c.Kind == SchemaChangeKind.ChangeColumnAccessorName && c.Path == "tables/person/columns/3/name"));
    }

    [TestMethod]
    public void Diff_ManifestVsV10WithNewStatusVariant_IsDangerousAndNewerSchemaAvailable()
    {
        var json = TestFiles.V10Small.Replace(
            "\"some\": \"banned\"\n                  },\n                  \"algebraic_type\": {\n                    \"Product\": {\n                      \"elements\": []\n                    }\n                  }\n                }",
            "\"some\": \"banned\"\n                  },\n                  \"algebraic_type\": {\n                    \"Product\": {\n                      \"elements\": []\n                    }\n                  }\n                }, {\"name\": {\"some\": \"muted\"}, \"algebraic_type\": {\"Product\": {\"elements\": []}}}");
        Assert.AreNotEqual(TestFiles.V10Small, json);

        var report = SchemaCompatibility.Check(PersonManifest().ToModuleSchema(), ModuleDefJson.Read(json));

        var change = report.Changes.Single(c => c.Kind == SchemaChangeKind.ChangeColumns);
        Assert.AreEqual("tables/person/columns/5", change.Path);
        Assert.AreEqual(SdkRuntimeEffect.NewVariantDecodeFailure, change.RuntimeEffect);
        Assert.AreEqual(CompatibilityVerdict.CompatibleWithWarnings, report.Verdict);
        Assert.IsTrue(report.NewerCompatibleSchemaAvailable);
    }

    [TestMethod]
    public void Diff_TableServedAsView_NotReportedRemovedOrAdded()
    {
        var live = Base with
        {
            Tables = Base.Tables.Where(t => t.Name != "player").ToList(),
            Views = new[] { new ViewSchema("player", true, AlgebraicType.Array(AlgebraicType.Unit)) },
        };

        var changes = SchemaCompatibility.Diff(Base, live);

        Assert.IsFalse(changes.Any(c => c.Subject == "player" && c.Kind is SchemaChangeKind.RemoveTable or SchemaChangeKind.AddView), string.Join("; ", changes.Select(c => $"{c.Kind} {c.Path}")));
    }
}
