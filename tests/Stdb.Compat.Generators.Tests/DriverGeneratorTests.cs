using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Generators.Tests.TestSupport;
using static Stdb.Compat.Generators.Tests.TestSupport.SdkShapes;

namespace Stdb.Compat.Generators.Tests;

[TestClass]
public sealed class DriverGeneratorTests
{
    private const string Conn = "global::SpacetimeDB.Types.DbConnection";

    private static CSharpCompilation Fixture(string fixture, int standIn, params (string Path, string Text)[] extra) =>
        GeneratorHarness.Compile(GeneratorHarness.FixtureBindings(fixture).Concat(extra), GeneratorHarness.StandIn(standIn));

    private static CSharpCompilation InShape(Shape shape, params (string Path, string Text)[] sources) =>
        GeneratorHarness.Compile(new[] { Sdk(shape) }.Concat(sources));

    private static void AssertCleanOutput(GenerationResult result, int expectedDrivers = 1)
    {
        Assert.AreEqual(0, result.GeneratorDiagnostics.Length, string.Join("\n", result.GeneratorDiagnostics));
        Assert.AreEqual(expectedDrivers, result.GeneratedTrees.Count);
        var problems = result.CompileErrorsAndWarnings;
        Assert.AreEqual(0, problems.Count, string.Join("\n", problems.Take(20)) + "\n\n" + result.GeneratedText());
    }

    private static List<string> GeneratorIds(GenerationResult result) =>
        result.GeneratorDiagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, System.StringComparer.Ordinal).ToList();

    private const string ShowcaseConn = "global::SpacetimeDB.DbConnection";

    [TestMethod]
    [DataRow("V1Module.Sdk1", 1)]
    [DataRow("V2Module.Sdk1", 1)]
    [DataRow("V2Module.Sdk2", 2)]
    [DataRow("Showcase.Sdk1", 1)]
    [DataRow("Showcase.Sdk2", 2)]
    public void Generate_FixtureBindingsAgainstStandIn_CompilesWithoutDiagnostics(string fixture, int standIn)
    {
        var connection = fixture.StartsWith("Showcase", System.StringComparison.Ordinal) ? ShowcaseConn : Conn;
        var result = GeneratorHarness.Run(Fixture(fixture, standIn, GeneratorHarness.Driver("Game", "GameDriver", connection)));

        AssertCleanOutput(result);
        StringAssert.Contains(result.GeneratedText(), standIn == 1 ? ".WithModuleName(options.DatabaseName)" : ".WithDatabaseName(options.DatabaseName)");
    }

    [TestMethod]
    public void Generate_ShowcaseSdk2_RecordsViewsProceduresEventTableTupleIndexAndModuleTypes()
    {
        var result = GeneratorHarness.Run(Fixture("Showcase.Sdk2", 2, GeneratorHarness.Driver("Game", "GameDriver", ShowcaseConn)));
        AssertCleanOutput(result);
        var manifest = ManifestOf(result);

        Assert.AreEqual("2.6.0", manifest.CliVersion);
        Assert.AreEqual("4f2b6c8d0e1a3579bdf02468ace13579bdf02468", manifest.CliCommit);
        var view = manifest.Tables.Single(t => t.WireName == "my_player");
        Assert.AreEqual(0, view.PrimaryKey.Count);
        Assert.AreEqual(0, view.Indexes.Count);
        Assert.AreEqual("ArenaPlayer", view.AccessorName == "MyPlayer" ? "ArenaPlayer" : view.AccessorName);
        Assert.IsTrue(manifest.Tables.Single(t => t.WireName == "hit_event").IsEvent);
        var score = manifest.Tables.Single(t => t.WireName == "score");
        CollectionAssert.AreEqual(new[] { 0, 1 }, score.Indexes.Single(i => i.AccessorName == "ByPlayerAndRound").Columns.ToArray());
        StringAssert.Contains(score.Columns.Single(c => c.Name == "verdict").AlgebraicType.ToString(), "ok: U32");
        var player = manifest.Tables.Single(t => t.WireName == "arena_player");
        CollectionAssert.AreEqual(new[] { 0 }, player.PrimaryKey.ToArray());
        CollectionAssert.AreEqual(new[] { "Id:0", "Level:6", "Owner:1" }, player.Indexes.Select(i => i.AccessorName + ":" + string.Join(",", i.Columns)).ToArray());
        var procedure = manifest.Procedures.Single();
        Assert.AreEqual("top_score", procedure.WireName);
        Assert.AreEqual("TopScore", procedure.AccessorName);
        Assert.AreEqual("round", procedure.Parameters.Single().Name);
        CollectionAssert.AreEqual(new[] { "forfeit", "join_arena", "respawn" }, manifest.Reducers.Select(r => r.WireName).ToArray());
        Assert.AreEqual(0, manifest.Reducers.Single(r => r.WireName == "forfeit").Parameters.Count);
        CollectionAssert.IsSubsetOf(new[] { "ArenaPlayer", "HitEvent", "MatchTicket", "Outcome", "PlayerClass", "RespawnTimer", "Score" }, manifest.Types.Select(t => t.Name).ToArray());
        Assert.AreEqual("SpacetimeDB.Outcome", manifest.Types.Single(t => t.Name == "Outcome").ClrType);
        Assert.AreEqual(0, manifest.Unknown.Count);
        StringAssert.Contains(result.GeneratedText(), "((global::SpacetimeDB.IDbConnection)_conn).InternalCallReducer(args);");
    }

    [TestMethod]
    public void Generate_ShowcaseSdk2UuidPrimaryKey_KeysDriverTableByUuidAndRecordsUuidColumn()
    {
        // 2.x bindings key tables by SpacetimeDB.Uuid; the emitted DriverTable<Row, Uuid> must compile against the SDK.
        var result = GeneratorHarness.Run(Fixture("Showcase.Sdk2", 2, GeneratorHarness.Driver("Game", "GameDriver", ShowcaseConn)));
        AssertCleanOutput(result);
        var ticket = ManifestOf(result).Tables.Single(t => t.WireName == "match_ticket");

        CollectionAssert.AreEqual(new[] { 0 }, ticket.PrimaryKey.ToArray());
        StringAssert.Contains(ticket.Columns.Single(c => c.Name == "ticket").AlgebraicType.ToString(), "__uuid__");
        StringAssert.Contains(result.GeneratedText(), "DriverTable<global::SpacetimeDB.MatchTicket, global::SpacetimeDB.Uuid> MatchTicketTable");
    }

    [TestMethod]
    public void Generate_ShowcaseSdk1_RecordsLifecycleReducerAsNotCallableAndOrdinaryHitTable()
    {
        var result = GeneratorHarness.Run(Fixture("Showcase.Sdk1", 1, GeneratorHarness.Driver("Game", "GameDriver", ShowcaseConn)));
        AssertCleanOutput(result);
        var manifest = ManifestOf(result);

        Assert.AreEqual("1.12.0", manifest.CliVersion);
        Assert.IsTrue(manifest.Reducers.Single(r => r.WireName == "client_connected").IsLifecycle);
        Assert.IsFalse(manifest.Reducers.Single(r => r.WireName == "join_arena").IsLifecycle);
        Assert.IsFalse(manifest.Tables.Single(t => t.WireName == "hit_event").IsEvent);
        Assert.AreEqual(0, manifest.Procedures.Count);
        var text = result.GeneratedText();
        Assert.IsFalse(text.Contains("case global::SpacetimeDB.Reducer.ClientConnected args:", System.StringComparison.Ordinal));
        StringAssert.Contains(text, "((global::SpacetimeDB.IDbConnection)_conn).InternalCallReducer(args, global::SpacetimeDB.CallReducerFlags.FullUpdate);");
    }

    [TestMethod]
    public void Generate_ShowcaseSdk1UuidPrimaryKey_KeysTheDriverTableByUuidAndRecordsTheUuidProduct()
    {
        // Real 1.12 bindings key tables by SpacetimeDB.Uuid (a unique index over it, GetPrimaryKey returning it).
        var result = GeneratorHarness.Run(Fixture("Showcase.Sdk1", 1, GeneratorHarness.Driver("Game", "GameDriver", ShowcaseConn)));
        AssertCleanOutput(result);
        var manifest = ManifestOf(result);

        var match = manifest.Tables.Single(t => t.WireName == "arena_match");
        CollectionAssert.AreEqual(new[] { 0 }, match.PrimaryKey.ToArray());
        CollectionAssert.AreEqual(new[] { "MatchId:0" }, match.Indexes.Select(i => i.AccessorName + ":" + string.Join(",", i.Columns)).ToArray());
        var id = match.Columns.Single(c => c.Name == "match_id");
        Assert.AreEqual("SpacetimeDB.Uuid", id.ClrType);
        StringAssert.Contains(id.AlgebraicType.ToString(), "__uuid__: U128");
        StringAssert.Contains(result.GeneratedText(), "DriverTable<global::SpacetimeDB.ArenaMatch, global::SpacetimeDB.Uuid>");
    }

    private static Stdb.Compat.Schema.Manifest.BindingsManifest ManifestOf(GenerationResult result) => GeneratorHarness.ManifestOf(result);

    [TestMethod]
    public void Generate_Sdk112Shape_UsesFlagsLightModeAndNoTransactionEvent()
    {
        var text = GeneratorHarness.Run(Fixture("V1Module.Sdk1", 1, GeneratorHarness.Driver("Game", "GameDriver", Conn))).GeneratedText();

        StringAssert.Contains(text, "((global::SpacetimeDB.IDbConnection)_conn).InternalCallReducer(args, global::SpacetimeDB.CallReducerFlags.FullUpdate);");
        StringAssert.Contains(text, "builder = builder.WithLightMode(true);");
        StringAssert.Contains(text, "builder = builder.WithConfirmedReads(confirmedReads);");
        StringAssert.Contains(text, "BindingsVersion = \"1.12.0\"");
        Assert.IsFalse(text.Contains(".Transaction _", System.StringComparison.Ordinal));
    }

    [TestMethod]
    public void Generate_Sdk28Shape_TapsEventTableInsertsOnlyAndMapsTransaction()
    {
        var text = GeneratorHarness.Run(Fixture("V2Module.Sdk2", 2, GeneratorHarness.Driver("Game", "GameDriver", Conn))).GeneratedText();

        StringAssert.Contains(text, "DriverTable<global::SpacetimeDB.Types.DamageEvent> DamageEventTable");
        StringAssert.Contains(text, "DriverEventKind.Transaction");
        StringAssert.Contains(text, "((global::SpacetimeDB.IDbConnection)_conn).InternalCallReducer(args);");
        var damageTap = text.Substring(text.IndexOf("ReferenceEquals(table, DamageEventTable)", System.StringComparison.Ordinal));
        damageTap = damageTap.Substring(0, damageTap.IndexOf("return;", System.StringComparison.Ordinal));
        StringAssert.Contains(damageTap, "handle.OnInsert +=");
        Assert.IsFalse(damageTap.Contains("OnDelete", System.StringComparison.Ordinal));
    }

    [TestMethod]
    public void Generate_Sdk10Shape_CompilesWithNullableEventsNoConfirmedReadsAndLifecycleReducer()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk10, Bindings(Shape.Sdk10), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        AssertCleanOutput(result);
        var text = result.GeneratedText();
        Assert.IsFalse(text.Contains("WithConfirmedReads(", System.StringComparison.Ordinal));
        StringAssert.Contains(text, "ConfirmedReads = false,");
        StringAssert.Contains(text, "TypedQueries = false,");
        StringAssert.Contains(text, "BindingsVersion = \"1.0.0\"");
        StringAssert.Contains(text, "\"identity_connected\",\n            \"IdentityConnected\",\n            typeof(global::SpacetimeDB.Types.Reducer.IdentityConnected),\n            global::System.Array.Empty<global::Stdb.Compat.Driver.DriverField>(),\n            true);");
        Assert.IsFalse(text.Contains("case global::SpacetimeDB.Types.Reducer.IdentityConnected args:", System.StringComparison.Ordinal));
    }

    [TestMethod]
    public void Generate_Sdk13Shape_CallsThroughExplicitIDbConnectionWithFlagsAndAccessorEvents()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk13, Bindings(Shape.Sdk13), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        AssertCleanOutput(result);
        var text = result.GeneratedText();
        StringAssert.Contains(text, "((global::SpacetimeDB.IDbConnection)_conn).InternalCallReducer(args, ");
        Assert.IsFalse(text.Contains("WithConfirmedReads(", System.StringComparison.Ordinal));
        StringAssert.Contains(text, "ConfirmedReads = false,");
        StringAssert.Contains(text, "BindingsVersion = \"1.3.0\"");
        StringAssert.Contains(text, "handle.OnUpdate +=");
    }

    [TestMethod]
    public void Generate_Sdk20Shape_CompilesWithProtectedTableNameEventTableAndTypedQueries()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        AssertCleanOutput(result);
        var text = result.GeneratedText();
        StringAssert.Contains(text, "EventTables = true,");
        StringAssert.Contains(text, "TypedQueries = true,");
        StringAssert.Contains(text, "WireNames = global::Stdb.Compat.WireNamePolicy.SnakeCase,");
        StringAssert.Contains(text, "\"damage_event\",\n            \"DamageEvent\",\n            true,");
    }

    [TestMethod]
    public void Generate_TwoGenerationsInOneAssembly_EmitsTwoDrivers()
    {
        var result = GeneratorHarness.Run(InShape(
            Shape.Sdk20,
            Bindings(Shape.Sdk20, "Game.V1"),
            Bindings(Shape.Sdk20, "Game.V2"),
            GeneratorHarness.Driver("App", "V1Driver", "global::Game.V1.DbConnection"),
            GeneratorHarness.Driver("App", "V2Driver", "global::Game.V2.DbConnection")));

        AssertCleanOutput(result, expectedDrivers: 2);
        var names = result.GeneratedTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(new[] { "App.V1Driver.StdbCompatDriver.g.cs", "App.V2Driver.StdbCompatDriver.g.cs" }, names);
    }

    [TestMethod]
    public void Generate_SameInputTwice_IsDeterministic()
    {
        var first = GeneratorHarness.Run(Fixture("V2Module.Sdk2", 2, GeneratorHarness.Driver("Game", "GameDriver", Conn))).GeneratedText();
        var second = GeneratorHarness.Run(Fixture("V2Module.Sdk2", 2, GeneratorHarness.Driver("Game", "GameDriver", Conn))).GeneratedText();

        Assert.AreEqual(first, second);
    }

    [TestMethod]
    public void Generate_TargetIsNotADbConnection_ReportsStdbc0001Only()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20), GeneratorHarness.Driver("Game", "GameDriver", "string")));

        CollectionAssert.AreEqual(new[] { "STDBC0001" }, GeneratorIds(result));
        Assert.AreEqual(0, result.GeneratedTrees.Count);
        StringAssert.Contains(result.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), "SpacetimeDB.DbConnectionBase<,,>");
    }

    [TestMethod]
    public void Generate_ClassNotPartial_ReportsStdbc0002Only()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20), GeneratorHarness.Driver("Game", "GameDriver", Conn, "public sealed")));

        CollectionAssert.AreEqual(new[] { "STDBC0002" }, GeneratorIds(result));
        Assert.AreEqual(0, result.GeneratedTrees.Count);
    }

    [TestMethod]
    public void Generate_PrimaryKeyNotAColumn_WarnsStdbc0008KeysByValueAndRecordsUnknown()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20, primaryKeyBody: "42"), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        CollectionAssert.AreEqual(new[] { "STDBC0008" }, GeneratorIds(result));
        Assert.AreEqual(DiagnosticSeverity.Warning, result.GeneratorDiagnostics[0].Severity);
        Assert.AreEqual(1, result.GeneratedTrees.Count);
        Assert.IsFalse(result.Output.GetDiagnostics().Any(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "STDBC0008"), string.Join("\n", result.Output.GetDiagnostics()));
        var text = result.GeneratedText();
        StringAssert.Contains(text, "DriverTable<global::SpacetimeDB.Types.Player> PlayerTable");
        StringAssert.Contains(text, "new global::Stdb.Compat.Schema.Manifest.ManifestUnknown(\"primaryKey\", \"Player\"");
    }

    [TestMethod]
    public void Generate_TupleKeyIndex_RecordsAMultiColumnIndex()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        AssertCleanOutput(result);
        StringAssert.Contains(result.GeneratedText(), "new global::Stdb.Compat.Schema.Manifest.ManifestIndex(\"LevelAndName\", global::Stdb.Compat.Schema.Model.IndexAlgorithm.BTree, new int[] { 2, 1 })");
    }

    [TestMethod]
    [DataRow("row.Level + 1u")]
    [DataRow("row.Missing")]
    public void Generate_UnusualIndexKey_WarnsStdbc0008AndStillGenerates(string keyBody)
    {
        var missing = keyBody == "row.Missing" ? "public uint Missing => Level;" : string.Empty;
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20, extraColumn: missing, oddKeyBody: keyBody), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        CollectionAssert.AreEqual(new[] { "STDBC0008" }, GeneratorIds(result));
        StringAssert.Contains(result.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), "'Player.Odd'");
        Assert.AreEqual(1, result.GeneratedTrees.Count);
        StringAssert.Contains(result.GeneratedText(), "new global::Stdb.Compat.Schema.Manifest.ManifestUnknown(\"index\", \"Player.Odd\"");
        Assert.IsFalse(result.Output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error));
    }

    [TestMethod]
    public void Descriptors_Every_HasAHelpLinkToItsDocsPage()
    {
        var root = GeneratorHarness.RepositoryRoot();
        foreach (var descriptor in Diagnostics.All)
        {
            Assert.AreEqual(Diagnostics.HelpLinkBase + descriptor.Id + ".md", descriptor.HelpLinkUri);
            Assert.IsTrue(System.IO.File.Exists(System.IO.Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), descriptor.Id);
            StringAssert.Contains(System.IO.File.ReadAllText(System.IO.Path.Combine(root, "src", "Stdb.Compat.Generators", "AnalyzerReleases.Unshipped.md")), descriptor.Id + " | Stdb.Compat.Generators | " + descriptor.DefaultSeverity);
        }
    }

    [TestMethod]
    [DataRow("// This was generated using spacetimedb cli version 2.6.0 (commit 6ad1c629b52ca9b6c06f9e2a90fb8ed8639c3a13).", "2.6.0", "6ad1c629b52ca9b6c06f9e2a90fb8ed8639c3a13")]
    [DataRow("// This was generated using spacetimedb cli version 1.12.0.", "1.12.0", null)]
    [DataRow("// This was generated using spacetimedb cli version 2.0.0-rc1 (commit abc123).\r\n", "2.0.0-rc1", "abc123")]
    public void ParseCliHeader_KnownForms_ReadsVersionAndCommit(string header, string version, string? commit)
    {
        var parsed = Discovery.BindingsReader.ParseCliHeader("// THIS FILE IS AUTOMATICALLY GENERATED BY SPACETIMEDB.\n\n" + header + "\n");

        Assert.IsNotNull(parsed);
        Assert.AreEqual(version, parsed.Value.Version);
        Assert.AreEqual(commit, parsed.Value.Commit);
    }

    [TestMethod]
    public void ParseCliHeader_NoVersionLine_ReturnsNull()
    {
        Assert.IsNull(Discovery.BindingsReader.ParseCliHeader("// THIS FILE IS AUTOMATICALLY GENERATED BY SPACETIMEDB.\n"));
    }

    [TestMethod]
    public void Generate_TwoDriversForOneConnection_ReportsStdbc0004OnTheSecondOnly()
    {
        var result = GeneratorHarness.Run(InShape(
            Shape.Sdk20,
            Bindings(Shape.Sdk20),
            GeneratorHarness.Driver("Game", "ADriver", Conn),
            GeneratorHarness.Driver("Game", "BDriver", Conn)));

        CollectionAssert.AreEqual(new[] { "STDBC0004" }, GeneratorIds(result));
        Assert.AreEqual(1, result.GeneratorDiagnostics.Length);
        StringAssert.Contains(result.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), "'Game.BDriver'");
        Assert.AreEqual(1, result.GeneratedTrees.Count);
    }

    [TestMethod]
    public void Generate_NestedDriverClass_ReportsStdbc0005Only()
    {
        var nested = ("Driver/Nested.cs", "namespace Game { public static partial class Outer { [global::Stdb.Compat.Driver.StdbCompatDriver(typeof(" + Conn + "))] public sealed partial class GameDriver { } } }");
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20), nested));

        CollectionAssert.AreEqual(new[] { "STDBC0005" }, GeneratorIds(result));
    }

    [TestMethod]
    public void Generate_TableNameNotConstant_ReportsStdbc0006Only()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20, tableNameBody: "string.Concat(\"pl\", \"ayer\")"), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        CollectionAssert.AreEqual(new[] { "STDBC0006" }, GeneratorIds(result));
        Assert.AreEqual(0, result.GeneratedTrees.Count);
    }

    [TestMethod]
    public void Generate_TableNameFromConst_ReadsTheConstant()
    {
        var constant = ("Bindings/Names.cs", "namespace SpacetimeDB.Types { internal static class Names { public const string Player = \"player_v2\"; } }");
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20, tableNameBody: "Names.Player"), constant, GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        AssertCleanOutput(result);
        StringAssert.Contains(result.GeneratedText(), "\"player_v2\",\n            \"Player\",");
    }

    [TestMethod]
    public void Generate_ColumnOfUnmappedType_WarnsStdbc0007AndStillGenerates()
    {
        var result = GeneratorHarness.Run(InShape(Shape.Sdk20, Bindings(Shape.Sdk20, extraColumn: "[DataMember(Name = \"seen\")] public System.DateTime Seen;"), GeneratorHarness.Driver("Game", "GameDriver", Conn)));

        CollectionAssert.AreEqual(new[] { "STDBC0007" }, GeneratorIds(result));
        Assert.AreEqual(DiagnosticSeverity.Warning, result.GeneratorDiagnostics[0].Severity);
        Assert.AreEqual(1, result.GeneratedTrees.Count);
        Assert.IsFalse(result.Output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error));
    }

    [TestMethod]
    public void Generate_UnrelatedEdit_LeavesPipelineStepsCachedOrUnchanged()
    {
        var input = InShape(Shape.Sdk20, Bindings(Shape.Sdk20), GeneratorHarness.Driver("Game", "GameDriver", Conn));
        var driver = GeneratorHarness.NewDriver().RunGenerators(input);

        var edited = input.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere { internal static class Unrelated { } }", GeneratorHarness.ParseOptions, "Unrelated.cs"));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { DriverGenerator.ExtractStep, DriverGenerator.ResolveStep })
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.IsTrue(outputs.Count > 0, step);
            foreach (var (_, reason) in outputs)
            {
                Assert.IsTrue(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + ": " + reason);
            }
        }

        Assert.IsTrue(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).All(o => o.Reason == IncrementalStepRunReason.Cached));
    }

    [TestMethod]
    public void Generate_BindingsEdit_RegeneratesTheDriver()
    {
        var input = InShape(Shape.Sdk20, Bindings(Shape.Sdk20), GeneratorHarness.Driver("Game", "GameDriver", Conn));
        var driver = GeneratorHarness.NewDriver().RunGenerators(input);
        var oldTree = input.SyntaxTrees.Single(t => t.FilePath.Contains("Bindings/", System.StringComparison.Ordinal));
        var newTree = CSharpSyntaxTree.ParseText(Bindings(Shape.Sdk20, tableNameBody: "\"players\"").Text, GeneratorHarness.ParseOptions, oldTree.FilePath);

        var run = driver.RunGenerators(input.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult();

        Assert.IsTrue(run.Results.Single().TrackedSteps[DriverGenerator.ExtractStep].SelectMany(s => s.Outputs).Any(o => o.Reason == IncrementalStepRunReason.Modified));
        StringAssert.Contains(run.GeneratedTrees.Single().ToString(), "\"players\",");
    }
}
