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
