using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using static Stdb.Compat.Schema.Tests.TestSupport.Schemas;

namespace Stdb.Compat.Schema.Tests.Compatibility;

[TestClass]
public sealed class SchemaVersionTests
{
    private static readonly Model.ModuleSchema Base = Module(new[] { Table("player", ("id", U64), ("status", Enum("a", "b"))) });

    [TestMethod]
    public void Parse_Valid_RoundTrips() => Assert.AreEqual("1.22.3", SchemaVersion.Parse("1.22.3").ToString());

    [TestMethod]
    [DataRow("1.2")]
    [DataRow("a.b.c")]
    [DataRow("1.2.-3")]
    public void Parse_Invalid_Throws(string text) => Assert.ThrowsExactly<FormatException>(() => SchemaVersion.Parse(text));

    [TestMethod]
    public void Next_BreakingChange_BumpsMajor()
    {
        var next = Module(new[] { Table("player", ("id", U32), ("status", Enum("a", "b"))) });
        Assert.AreEqual(new SchemaVersion(2, 0, 0), new SchemaVersion(1, 4, 2).Next(SchemaCompatibility.Diff(Base, next)));
    }

    [TestMethod]
    public void Next_AddedTable_BumpsMinor()
    {
        var next = Base with { Tables = new[] { Base.Tables[0], Table("guild", ("id", U64)) } };
        Assert.AreEqual(new SchemaVersion(1, 5, 0), new SchemaVersion(1, 4, 2).Next(SchemaCompatibility.Diff(Base, next)));
    }

    [TestMethod]
    public void Next_NoChanges_KeepsVersion() =>
        Assert.AreEqual(new SchemaVersion(1, 4, 2), new SchemaVersion(1, 4, 2).Next(SchemaCompatibility.Diff(Base, Base)));

    [TestMethod]
    public void CompareTo_OrdersNumerically() => Assert.IsTrue(new SchemaVersion(1, 10, 0) > new SchemaVersion(1, 9, 9));
}
