using System.Linq;
using System.Numerics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Tests.TestSupport;

namespace Stdb.Compat.Schema.Tests.Json;

[TestClass]
public sealed class ModuleDefJsonTests
{
    [TestMethod]
    public void Read_RealDocsV9Sample_ParsesToExpectedModel()
    {
        var s = ModuleDefJson.Read(TestFiles.V9Docs);

        Assert.AreEqual(SchemaSource.ModuleDefV9, s.Source);
        Assert.AreEqual(1, s.Typespace.Count);
        var person = s.Tables.Single();
        Assert.AreEqual("person", person.Name);
        Assert.AreEqual(0, person.ProductTypeRef);
        Assert.AreEqual(TableAccess.Private, person.Access);
        Assert.AreEqual(TableKind.User, person.Kind);
        Assert.AreEqual(0, person.PrimaryKey.Count);
        Assert.IsNull(person.Schedule);
        Assert.AreEqual(1, person.Columns.Count);
        Assert.AreEqual("name", person.Columns[0].Name);
        Assert.AreEqual(AlgebraicTypeKind.String, person.Columns[0].Type.Kind);
        CollectionAssert.AreEqual(new[] { "add", "identity_connected", "identity_disconnected", "init", "say_hello" }, s.Reducers.Select(r => r.Name).ToArray());
        Assert.AreEqual(ReducerLifecycle.OnConnect, s.FindReducer("identity_connected")!.Lifecycle);
        Assert.AreEqual(ReducerLifecycle.OnDisconnect, s.FindReducer("identity_disconnected")!.Lifecycle);
        Assert.AreEqual(ReducerLifecycle.Init, s.FindReducer("init")!.Lifecycle);
        Assert.AreEqual(ReducerLifecycle.None, s.FindReducer("add")!.Lifecycle);
        Assert.AreEqual("name", s.FindReducer("add")!.Parameters.Single().Name);
        Assert.AreEqual("Person", s.Types.Single().Name);
        Assert.IsTrue(s.Types.Single().CustomOrdering);
    }

    [TestMethod]
    public void Read_HandmadeV9_ParsesKeysIndexesSequences()
    {
        var s = ModuleDefJson.ReadV9(TestFiles.V9Small);
        var person = s.FindTable("person")!;

        Assert.AreEqual(6, person.Columns.Count);
        CollectionAssert.AreEqual(new[] { "id", "name", "owner", "created_at", "nickname", "status" }, person.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 0 }, person.PrimaryKey.ToArray());
        Assert.AreEqual(IndexAlgorithm.BTree, person.Indexes.Single().Algorithm);
        Assert.AreEqual("Id", person.Indexes.Single().AccessorName);
        Assert.AreEqual("Unique", person.Constraints.Single().Kind);
        Assert.AreEqual(BigInteger.One, person.Sequences.Single().Increment);
        Assert.IsNull(person.Sequences.Single().Start);
        Assert.AreEqual(AlgebraicTypeKind.Ref, person.Columns[5].Type.Kind);
        Assert.AreEqual(AlgebraicTypeKind.Sum, s.Typespace[person.Columns[5].Type.RefIndex].Kind);
    }

    [TestMethod]
    public void Read_HandmadeV10_UsesCanonicalNamesFromExplicitNames()
    {
        var s = ModuleDefJson.Read(TestFiles.V10Small);

        Assert.AreEqual(SchemaSource.ModuleDefV10, s.Source);
        var person = s.FindTable("person")!;
        Assert.AreEqual("Person", person.AccessorName);
        Assert.IsFalse(person.IsEvent);
        Assert.AreEqual(TableAccess.Public, person.Access);
        var add = s.FindReducer("add_person")!;
        Assert.AreEqual("AddPerson", add.AccessorName);
        Assert.AreEqual(ReducerVisibility.ClientCallable, add.Visibility);
        Assert.AreEqual(ReducerLifecycle.Init, s.FindReducer("init")!.Lifecycle);
        Assert.AreEqual(ReducerVisibility.Private, s.FindReducer("init")!.Visibility);
        CollectionAssert.AreEqual(new[] { "Person", "Status" }, s.Types.Select(t => t.Name).ToArray());
    }

    [TestMethod]
    public void Read_V9AndV10OfSameModule_DiffIsEmptyExceptEventFacet()
    {
        var v9 = ModuleDefJson.Read(TestFiles.V9Small);
        var v10 = ModuleDefJson.Read(TestFiles.V10Small);

        var changes = Stdb.Compat.Schema.Compatibility.SchemaCompatibility.Diff(v9, v10);

        Assert.AreEqual(0, changes.Count, string.Join("\n", changes.Select(c => c.Path + " " + c.Reason)));
    }

    [TestMethod]
    public void Read_UnknownSectionAndUnknownVariants_AreTolerated()
    {
        var json = TestFiles.V10Small.Replace("{\n      \"ExplicitNames\"", "{ \"FutureSection\": {\"x\": 1} },\n    {\n      \"ExplicitNames\"")
            .Replace("\"BTree\": [", "\"FancyTree\": [");

        var s = ModuleDefJson.Read(json);

        Assert.AreEqual(IndexAlgorithm.Unknown, s.FindTable("person")!.Indexes.Single().Algorithm);
        Assert.AreEqual("FancyTree", s.FindTable("person")!.Indexes.Single().AlgorithmName);
    }

    [TestMethod]
    public void Read_BigIntegersBeyondInt64_AreParsedExactly()
    {
        var json = TestFiles.V9Small.Replace("\"max_value\": {\n            \"none\": []\n          }", "\"max_value\": {\"some\": 170141183460469231731687303715884105727}")
            .Replace("\"increment\": 1", "\"increment\": -18446744073709551616");

        var seq = ModuleDefJson.Read(json).FindTable("person")!.Sequences.Single();

        Assert.AreEqual(BigInteger.Parse("170141183460469231731687303715884105727", System.Globalization.CultureInfo.InvariantCulture), seq.MaxValue);
        Assert.AreEqual(BigInteger.Parse("-18446744073709551616", System.Globalization.CultureInfo.InvariantCulture), seq.Increment);
    }

    [TestMethod]
    public void Read_HexDefaultValues_AreDecoded()
    {
        var json = TestFiles.V10Small.Replace("\"default_values\": []", "\"default_values\": [{\"col_id\": 1, \"value\": \"2a00ff\"}]");

        var defaults = ModuleDefJson.Read(json).FindTable("person")!.DefaultValues;

        CollectionAssert.AreEqual(new byte[] { 0x2a, 0x00, 0xff }, defaults[1]);
    }

    [TestMethod]
    public void Read_V9MiscExportDefaultValue_IsAttachedToTable()
    {
        var json = TestFiles.V9Small.Replace("\"misc_exports\": []", "\"misc_exports\": [{\"ColumnDefaultValue\": {\"table\": \"person\", \"col_id\": 2, \"value\": \"01\"}}, {\"Procedure\": {\"whatever\": true}}]");

        var defaults = ModuleDefJson.Read(json).FindTable("person")!.DefaultValues;

        CollectionAssert.AreEqual(new byte[] { 1 }, defaults[2]);
    }

    [TestMethod]
    [DataRow("\"product_type_ref\": 0", "\"product_type_ref\": 7", "$.sections[2].Tables[0].product_type_ref")]
    [DataRow("\"product_type_ref\": 0", "\"product_type_ref\": 1", "$.sections[2].Tables[0].product_type_ref")]
    [DataRow("\"Ref\": 1", "\"Ref\": 9", "$.sections[0].Typespace.types[0].Product.elements[5].algebraic_type.Ref")]
    [DataRow("\"is_event\": false", "\"is_event\": 0", "$.sections[2].Tables[0].is_event")]
    [DataRow("\"U64\": []", "\"U65\": []", "$.sections[0].Typespace.types[0].Product.elements[0].algebraic_type")]
    [DataRow("\"default_values\": []", "\"default_values\": [{\"col_id\": 0, \"value\": \"abc\"}]", "$.sections[2].Tables[0].default_values[0].value")]
    [DataRow("\"primary_key\": [\n            0\n          ]", "\"primary_key\": [9]", "$.sections[2].Tables[0].primary_key")]
    [DataRow("\"function_name\": \"init\"", "\"function_name\": \"nope\"", "$.sections[4].LifeCycleReducers[0].function_name")]
    public void Read_MalformedV10_ThrowsTypedErrorWithJsonPath(string find, string replace, string expectedPath)
    {
        var json = TestFiles.V10Small.Replace(find, replace);
        Assert.AreNotEqual(TestFiles.V10Small, json, "the mutation must apply");

        var ex = Assert.ThrowsExactly<SchemaFormatException>(() => ModuleDefJson.Read(json));

        Assert.AreEqual(expectedPath, ex.JsonPath, ex.Message);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("null")]
    [DataRow("[]")]
    [DataRow("{\"V8BackCompat\": {}}")]
    [DataRow("{\"sections\": []}")]
    [DataRow("{\"sections\": [{\"Typespace\": {\"types\": []}, \"Tables\": []}]}")]
    [DataRow("{\"typespace\": {\"types\": []}")]
    public void Read_NotAModuleDefinition_ThrowsSchemaFormatException(string json) =>
        Assert.ThrowsExactly<SchemaFormatException>(() => ModuleDefJson.Read(json));

    [TestMethod]
    public void Read_WrappedV9_IsUnwrapped()
    {
        var s = ModuleDefJson.Read("{\"V9\": " + TestFiles.V9Docs + "}");

        Assert.AreEqual("person", s.Tables.Single().Name);
    }

    [TestMethod]
    public void Read_RecursiveTypes_ParseAndCompare()
    {
        // types[0] = Product { next: Option<Ref 0> }, a linked list.
        const string json = "{\"sections\":[{\"Typespace\":{\"types\":[{\"Product\":{\"elements\":[{\"name\":{\"some\":\"next\"},\"algebraic_type\":{\"Sum\":{\"variants\":[{\"name\":{\"some\":\"some\"},\"algebraic_type\":{\"Ref\":0}},{\"name\":{\"some\":\"none\"},\"algebraic_type\":{\"Product\":{\"elements\":[]}}}]}}}]}}]}},{\"Tables\":[{\"source_name\":\"node\",\"product_type_ref\":0,\"primary_key\":[],\"indexes\":[],\"constraints\":[],\"sequences\":[],\"table_type\":{\"User\":[]},\"table_access\":{\"Public\":[]},\"default_values\":[],\"is_event\":false}]},{\"ExplicitNames\":{\"entries\":[]}}]}";

        var s = ModuleDefJson.Read(json);

        Assert.AreEqual(0, Stdb.Compat.Schema.Compatibility.SchemaCompatibility.Diff(s, s).Count);
    }
}
