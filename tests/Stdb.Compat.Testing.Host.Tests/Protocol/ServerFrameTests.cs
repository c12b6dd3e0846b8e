using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Host.Protocol;

namespace Stdb.Compat.Testing.Host.Tests.Protocol;

[TestClass]
public sealed class ServerFrameTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void Frame_SmallBody_TagZeroAndTheBodyAsIs(int compressionParameter)
    {
        var compression = (WireCompression)compressionParameter;
        byte[] body = { 3, 1, 2 };

        byte[] frame = ServerFrame.Frame(body, compression);

        Assert.AreEqual("00 03 01 02", Hex.Of(frame));
    }

    [TestMethod]
    [DataRow((byte)1)]
    [DataRow((byte)2)]
    public void Frame_BodyOverTheThreshold_CompressedWithItsTag(byte tag)
    {
        var compression = (WireCompression)tag;
        byte[] body = new byte[ServerFrame.CompressThreshold + 1];
        new Random(1).NextBytes(body.AsSpan(0, 100));

        byte[] frame = ServerFrame.Frame(body, compression);

        Assert.AreEqual(tag, frame[0]);
        CollectionAssert.AreEqual(body, ServerFrame.Unframe(frame));
    }

    [TestMethod]
    public void Frame_BodyExactlyAtTheThreshold_NotCompressed()
    {
        byte[] body = new byte[ServerFrame.CompressThreshold];

        Assert.AreEqual(ServerFrame.TagNone, ServerFrame.Frame(body, WireCompression.Gzip)[0]);
    }

    [TestMethod]
    public void Unframe_UnknownTag_Throws()
    {
        var ex = Assert.ThrowsExactly<WireFormatException>(() => ServerFrame.Unframe(new byte[] { 7, 1 }));

        StringAssert.Contains(ex.Message, "Unknown compression tag 7");
    }
}
