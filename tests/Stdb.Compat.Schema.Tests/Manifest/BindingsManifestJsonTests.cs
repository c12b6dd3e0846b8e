using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Tests.TestSupport;

namespace Stdb.Compat.Schema.Tests.Manifest;

[TestClass]
public sealed class BindingsManifestJsonTests
{
    [TestMethod]
    public void Write_ThenRead_RoundTripsEveryField()
    {
        var original = Schemas.PersonManifest();

        var json = BindingsManifestJson.Write(original);
        var read = BindingsManifestJson.Read(json);

        Assert.AreEqual(1, read.FormatVersion);
        Assert.AreEqual(original.SdkMajor, read.SdkMajor);
        Assert.AreEqual(original.CliVersion, read.CliVersion);
        Assert.AreEqual(original.WireNamePolicy, read.WireNamePolicy);
        Assert.AreEqual(original.SchemaVersion, read.SchemaVersion);
        Assert.AreEqual("Person", read.Tables.Single().AccessorName);
        Assert.AreEqual("SpacetimeDB.Identity", read.Tables.Single().Columns[2].ClrType);
        Assert.AreEqual("Id", read.Tables.Single().Indexes.Single().AccessorName);
        Assert.AreEqual("Game.Status", read.Types.Single().ClrType);
        Assert.AreEqual(json, BindingsManifestJson.Write(read));
        Assert.AreEqual(0, SchemaCompatibility.Diff(original.ToModuleSchema(), read.ToModuleSchema()).Count);
    }

    [TestMethod]
    public void Write_ThenRead_RoundTripsCommitLifecycleProceduresAndUnknown()
    {
        var original = Schemas.PersonManifest() with
        {
            CliCommit = "6ad1c629b52ca9b6c06f9e2a90fb8ed8639c3a13",
            Reducers = new[] { new ManifestReducer { WireName = "client_connected", AccessorName = "ClientConnected", IsLifecycle = true } },
            Procedures = new[]
            {
                new ManifestProcedure
                {
                    WireName = "top_score",
                    AccessorName = "TopScore",
                    Parameters = new[] { new ManifestColumn(0, "round", "uint", Model.AlgebraicType.Primitive(Model.AlgebraicTypeKind.U32)) },
                    ReturnType = Model.AlgebraicType.Primitive(Model.AlgebraicTypeKind.U32),
                },
            },
            Unknown = new[] { new ManifestUnknown("index", "Person.Odd", "GetKey is not a column") },
        };

        var json = BindingsManifestJson.Write(original);
        var read = BindingsManifestJson.Read(json);

        Assert.AreEqual(original.CliCommit, read.CliCommit);
        Assert.IsTrue(read.Reducers.Single().IsLifecycle);
        Assert.AreEqual("top_score", read.Procedures.Single().WireName);
        Assert.AreEqual("U32", read.Procedures.Single().ReturnType!.ToString());
        Assert.AreEqual(original.Unknown.Single(), read.Unknown.Single());
        Assert.AreEqual(json, BindingsManifestJson.Write(read));
    }

    [TestMethod]
    public void Read_ManifestWithoutNewerFields_DefaultsThemEmpty()
    {
        var read = BindingsManifestJson.Read(BindingsManifestJson.Write(Schemas.PersonManifest()));

        Assert.IsNull(read.CliCommit);
        Assert.AreEqual(0, read.Procedures.Count);
        Assert.AreEqual(0, read.Unknown.Count);
        Assert.IsFalse(read.Reducers.Any(r => r.IsLifecycle));
    }

    [TestMethod]
    public void Read_FutureFormatVersion_ThrowsWithPath()
    {
        var json = BindingsManifestJson.Write(Schemas.PersonManifest()).Replace("\"formatVersion\": 1", "\"formatVersion\": 2");

        var ex = Assert.ThrowsExactly<SchemaFormatException>(() => BindingsManifestJson.Read(json));

        Assert.AreEqual("$.formatVersion", ex.JsonPath);
    }

    [TestMethod]
    public void Read_UnknownPolicy_ThrowsWithPath()
    {
        var json = BindingsManifestJson.Write(Schemas.PersonManifest()).Replace("\"SnakeCase\"", "\"KebabCase\"");

        var ex = Assert.ThrowsExactly<SchemaFormatException>(() => BindingsManifestJson.Read(json));

        Assert.AreEqual("$.wireNamePolicy", ex.JsonPath);
    }

    [TestMethod]
    public void Read_DanglingRef_ThrowsWithPath()
    {
        var json = BindingsManifestJson.Write(Schemas.PersonManifest()).Replace("\"Ref\": 0", "\"Ref\": 3");

        var ex = Assert.ThrowsExactly<SchemaFormatException>(() => BindingsManifestJson.Read(json));

        Assert.AreEqual("$.tables[0].columns[5].algebraicType.Ref", ex.JsonPath);
    }

    [TestMethod]
    public void LooksLikeManifest_DistinguishesManifestFromModuleDef()
    {
        Assert.IsTrue(BindingsManifestJson.LooksLikeManifest(BindingsManifestJson.Write(Schemas.PersonManifest())));
        Assert.IsFalse(BindingsManifestJson.LooksLikeManifest(TestFiles.V10Small));
    }
}
