using System;
using System.Numerics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Tests.Bsatn;

[TestClass]
public sealed class BsatnCodecTests
{
    public static System.Collections.Generic.IEnumerable<object?[]> RoundTripCases()
    {
        yield return new object?[] { SimType.U8, (byte)200 };
        yield return new object?[] { SimType.U16, (ushort)65000 };
        yield return new object?[] { SimType.U32, 4_000_000_000u };
        yield return new object?[] { SimType.U64, ulong.MaxValue };
        yield return new object?[] { SimType.I8, (sbyte)-5 };
        yield return new object?[] { SimType.I16, (short)-300 };
        yield return new object?[] { SimType.I32, -70000 };
        yield return new object?[] { SimType.I64, long.MinValue };
        yield return new object?[] { SimType.F32, 1.5f };
        yield return new object?[] { SimType.F64, -2.25 };
        yield return new object?[] { SimType.Bool, true };
        yield return new object?[] { SimType.String, "héllo" };
        yield return new object?[] { SimType.U128, (BigInteger.One << 127) + 3 };
        yield return new object?[] { SimType.I128, -(BigInteger.One << 100) };
        yield return new object?[] { SimType.U256, (BigInteger.One << 255) };
        yield return new object?[] { SimType.Timestamp, 1_700_000_000_000_000L };
        yield return new object?[] { SimType.Option(SimType.String), "x" };
        yield return new object?[] { SimType.Option(SimType.String), null };
    }

    [TestMethod]
    [DynamicData(nameof(RoundTripCases))]
    public void Encode_Decode_RoundTrips(SimType type, object? value)
    {
        byte[] bytes = BsatnCodec.Encode(type, value);

        Assert.AreEqual(value, BsatnCodec.Decode(type, bytes));
    }

    [TestMethod]
    public void Encode_ProductArraySumIdentity_RoundTripsStructurally()
    {
        SimType type = SimType.Product(
            SimColumn.Of("who", SimType.Identity),
            SimColumn.Of("conn", SimType.ConnectionId),
            SimColumn.Of("tags", SimType.Array(SimType.String)),
            SimColumn.Of("shape", SimType.Sum(SimColumn.Of("circle", SimType.F32), SimColumn.Of("none", SimType.Product()))));
        var identity = new byte[32];
        identity[0] = 7;
        var value = new SimRow(identity, new byte[16], new object?[] { "a", "b" }, new SimSum(0, 2.5f));

        object? decoded = BsatnCodec.Decode(type, BsatnCodec.Encode(type, value));

        Assert.AreEqual(value, decoded);
    }

    [TestMethod]
    public void Encode_LayoutIsLittleEndianWithPrefixes()
    {
        CollectionAssert.AreEqual(new byte[] { 2, 0, 0, 0, (byte)'h', (byte)'i' }, BsatnCodec.Encode(SimType.String, "hi"));
        CollectionAssert.AreEqual(new byte[] { 0x01, 0x02, 0, 0 }, BsatnCodec.Encode(SimType.U32, 0x0201u));
        CollectionAssert.AreEqual(new byte[] { 1 }, BsatnCodec.Encode(SimType.Option(SimType.U8), null));
        CollectionAssert.AreEqual(new byte[] { 0, 9 }, BsatnCodec.Encode(SimType.Option(SimType.U8), (byte)9));
    }

    [TestMethod]
    public void Encode_WrongType_ThrowsNamingColumn()
    {
        var error = Assert.ThrowsExactly<BsatnException>(() => BsatnCodec.EncodeRow(new[] { SimColumn.Of("score", SimType.U32) }, new SimRow("x")));

        Assert.Contains("score", error.Message);
    }

    [TestMethod]
    public void Encode_IntegerThatFits_Widened()
    {
        Assert.AreEqual(5UL, BsatnCodec.Decode(SimType.U64, BsatnCodec.Encode(SimType.U64, 5)));
    }

    [TestMethod]
    public void Decode_TrailingBytes_Throws()
    {
        Assert.ThrowsExactly<BsatnException>(() => BsatnCodec.Decode(SimType.U8, new byte[] { 1, 2 }));
    }

    [TestMethod]
    public void Decode_Truncated_Throws()
    {
        Assert.ThrowsExactly<BsatnException>(() => BsatnCodec.Decode(SimType.String, new byte[] { 9, 0, 0, 0, 1 }));
    }

    [TestMethod]
    public void Encode_U128OutOfRange_Throws()
    {
        Assert.ThrowsExactly<BsatnException>(() => BsatnCodec.Encode(SimType.U128, BigInteger.One << 128));
    }
}
