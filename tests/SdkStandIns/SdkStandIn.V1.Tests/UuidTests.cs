using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;

namespace SdkStandIn.V1.Tests;

[TestClass]
public sealed class UuidTests
{
    private const string Text = "00112233-4455-6677-8899-aabbccddeeff";

    [TestMethod]
    public void Parse_RfcText_RoundTripsThroughToStringAndGuid()
    {
        var uuid = Uuid.Parse(Text);

        Assert.AreEqual(Text, uuid.ToString());
        Assert.AreEqual(new Guid(Text), uuid.ToGuid());
        Assert.AreEqual(uuid, Uuid.FromGuid(new Guid(Text)));
    }

    [TestMethod]
    public void BsatnWrite_Uuid_IsLittleEndianU128OfTheBigEndianText()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            new Uuid.BSATN().Write(writer, Uuid.Parse(Text));
        }

        var bytes = stream.ToArray();
        CollectionAssert.AreEqual(Convert.FromHexString("ffeeddccbbaa99887766554433221100"), bytes);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.AreEqual(Uuid.Parse(Text), new Uuid.BSATN().Read(reader));
    }

    [TestMethod]
    public void CompareTo_NilAndMax_OrderedByValue()
    {
        Assert.IsTrue(Uuid.NIL < Uuid.Parse(Text));
        Assert.IsTrue(Uuid.MAX > Uuid.Parse(Text));
        Assert.AreEqual("00000000-0000-0000-0000-000000000000", Uuid.NIL.ToString());
        Assert.AreEqual(1, Uuid.NIL.CompareTo(null));
    }
}
