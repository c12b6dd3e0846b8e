using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Tests.Bsatn;

[TestClass]
public sealed class SimRowTests
{
    [TestMethod]
    public void Get_ByNameThroughColumns_ReadsValue()
    {
        SimRow row = BsatnCodec.DecodeRow(new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("name", SimType.String) }, BsatnCodec.EncodeRow(new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("name", SimType.String) }, new SimRow(3UL, "x")));

        Assert.AreEqual("x", row.Get<string>("name"));
        Assert.AreEqual(3UL, row.Get<ulong>(0));
    }

    [TestMethod]
    public void Get_ByNameWithoutColumns_Throws()
    {
        Assert.ThrowsExactly<KeyNotFoundException>(() => new SimRow(1u).Get<uint>("id"));
    }

    [TestMethod]
    public void Get_WrongType_ThrowsInvalidCast()
    {
        Assert.ThrowsExactly<InvalidCastException>(() => new SimRow("x").Get<ulong>(0));
    }

    [TestMethod]
    public void Equals_ByteArraysAndLists_Structural()
    {
        Assert.AreEqual(new SimRow(new byte[] { 1, 2 }, new object?[] { "a" }), new SimRow(new byte[] { 1, 2 }, new object?[] { "a" }));
        Assert.AreNotEqual(new SimRow(1u), new SimRow(2u));
    }

    [TestMethod]
    public void With_ReplacesOneValue_OriginalUnchanged()
    {
        var row = new SimRow(1u, "a");

        SimRow changed = row.With(1, "b");

        Assert.AreEqual("a", row.Get<string>(1));
        Assert.AreEqual("b", changed.Get<string>(1));
    }
}
