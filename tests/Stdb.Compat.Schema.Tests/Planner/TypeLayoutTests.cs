using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Tests.Planner;

[TestClass]
public sealed class TypeLayoutTests
{
    private static AlgebraicType P(AlgebraicTypeKind k) => AlgebraicType.Primitive(k);

    private static AlgebraicTypeMember M(AlgebraicType t) => new(null, t);

    [TestMethod]
    public void Of_EmptyProduct_SizeZeroAlignOne() =>
        Assert.AreEqual(new TypeLayout(0, 1), TypeLayout.Of(AlgebraicType.Unit, Array.Empty<AlgebraicType>()));

    [TestMethod]
    public void Of_SumOfUnits_OneByteTag() =>
        Assert.AreEqual(new TypeLayout(1, 1), TypeLayout.Of(AlgebraicType.Sum(M(AlgebraicType.Unit), M(AlgebraicType.Unit)), Array.Empty<AlgebraicType>()));

    [TestMethod]
    public void Of_OptionOfU64_TagPaddedToEightPlusPayload() =>
        Assert.AreEqual(new TypeLayout(16, 8), TypeLayout.Of(AlgebraicType.Option(P(AlgebraicTypeKind.U64)), Array.Empty<AlgebraicType>()));

    [TestMethod]
    public void Of_SumOfBoolAndU32_EightAlignedAtFour() =>
        Assert.AreEqual(new TypeLayout(8, 4), TypeLayout.Of(AlgebraicType.Sum(M(P(AlgebraicTypeKind.Bool)), M(P(AlgebraicTypeKind.U32))), Array.Empty<AlgebraicType>()));

    [TestMethod]
    public void Of_StringAndArray_VarLenReference()
    {
        Assert.AreEqual(new TypeLayout(4, 2), TypeLayout.Of(P(AlgebraicTypeKind.String), Array.Empty<AlgebraicType>()));
        Assert.AreEqual(new TypeLayout(4, 2), TypeLayout.Of(AlgebraicType.Array(P(AlgebraicTypeKind.U128)), Array.Empty<AlgebraicType>()));
    }

    [TestMethod]
    public void Of_SumOfArrayAndU128_ThirtyTwoAlignedAtSixteen() =>
        Assert.AreEqual(new TypeLayout(32, 16),
            TypeLayout.Of(AlgebraicType.Sum(M(AlgebraicType.Array(P(AlgebraicTypeKind.U8))), M(P(AlgebraicTypeKind.U128))), Array.Empty<AlgebraicType>()));

    [TestMethod]
    public void Of_ProductOfU8AndU64ThroughRef_PaddedStruct() =>
        Assert.AreEqual(new TypeLayout(16, 8),
            TypeLayout.Of(AlgebraicType.Ref(0), new[] { AlgebraicType.Product(M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U64))) }));

    [TestMethod]
    public void Of_SumWhoseWidestVariantIsNotTheMostAligned_PayloadRoundedUp() =>
        // 9 bytes of u8s and a u32: payload max(9) rounded to 4 = 12, plus a 4-byte tag slot.
        Assert.AreEqual(new TypeLayout(16, 4), TypeLayout.Of(
            AlgebraicType.Sum(
                M(AlgebraicType.Product(M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U8)),
                    M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U8)), M(P(AlgebraicTypeKind.U8)))),
                M(P(AlgebraicTypeKind.U32))),
            Array.Empty<AlgebraicType>()));
}
