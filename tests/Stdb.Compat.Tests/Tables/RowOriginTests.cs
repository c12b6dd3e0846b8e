using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Tests.Tables;

[TestClass]
public sealed class RowOriginTests
{
    [TestMethod]
    public void Equals_SameKindCallAndReducer_AreEqual() =>
        Assert.AreEqual(RowOrigin.OwnCall(3, "r"), RowOrigin.OwnCall(3, "r"));

    [TestMethod]
    public void Equals_DifferentCallId_AreDifferent() =>
        Assert.AreNotEqual(RowOrigin.OwnCall(3, "r"), RowOrigin.OwnCall(4, "r"));

    [TestMethod]
    public void ToString_OwnCall_NamesCallAndReducer() =>
        Assert.AreEqual("OwnCall(#3 deal_damage)", RowOrigin.OwnCall(3, "deal_damage").ToString());
}
