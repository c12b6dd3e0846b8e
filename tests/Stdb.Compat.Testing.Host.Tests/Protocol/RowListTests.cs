using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Host.Protocol;

namespace Stdb.Compat.Testing.Host.Tests.Protocol;

[TestClass]
public sealed class RowListTests
{
    [TestMethod]
    public void Write_NoRows_EmptyRowOffsets()
    {
        Assert.AreEqual("01 00 00 00 00 00 00 00 00", Hex.Of(RowList.Encode(Array.Empty<byte[]>())));
    }

    [TestMethod]
    public void Write_SameSizedRows_FixedSize()
    {
        byte[] bytes = RowList.Encode(new[] { new byte[] { 1, 2 }, new byte[] { 3, 4 } });

        Assert.AreEqual("00 02 00 04 00 00 00 01 02 03 04", Hex.Of(bytes));
    }

    [TestMethod]
    public void Write_RowsOfDifferentSizes_RowOffsets()
    {
        byte[] bytes = RowList.Encode(new[] { new byte[] { 0x61 }, new byte[] { 0x62, 0x63 } });

        Assert.AreEqual(
            Hex.Of(Hex.Bytes("01 02 00 00 00" + "00 00 00 00 00 00 00 00" + "01 00 00 00 00 00 00 00" + "03 00 00 00 61 62 63")),
            Hex.Of(bytes));
    }

    [TestMethod]
    public void Write_EmptyRows_RowOffsetsSoTheCountSurvives()
    {
        byte[] bytes = RowList.Encode(new[] { Array.Empty<byte>(), Array.Empty<byte>() });

        List<byte[]> rows = RowList.Read(new BsatnReader(bytes), "rows");

        Assert.AreEqual(RowList.RowOffsetsTag, bytes[0]);
        Assert.AreEqual(2, rows.Count);
    }

    [TestMethod]
    public void Read_FixedSizeNotAMultiple_Throws()
    {
        byte[] bytes = Hex.Bytes("00 02 00 03 00 00 00 01 02 03");

        var ex = Assert.ThrowsExactly<WireFormatException>(() => RowList.Read(new BsatnReader(bytes), "inserts"));

        StringAssert.Contains(ex.Message, "not a multiple of FixedSize(2)");
    }

    [TestMethod]
    public void Read_OffsetPastTheData_Throws()
    {
        byte[] bytes = Hex.Bytes("01 01 00 00 00 09 00 00 00 00 00 00 00 01 00 00 00 01");

        var ex = Assert.ThrowsExactly<WireFormatException>(() => RowList.Read(new BsatnReader(bytes), "inserts"));

        StringAssert.Contains(ex.Message, "RowOffsets[0]");
    }
}
