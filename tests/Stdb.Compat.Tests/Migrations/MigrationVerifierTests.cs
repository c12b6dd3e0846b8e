using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class MigrationVerifierTests
{
    private static readonly ItemV2[] Rows = Enumerable.Range(1, 50).Select(i => new ItemV2((ulong)i, "L" + i, (ulong)i * 3)).ToArray();

    [TestMethod]
    public void Verify_SameRowsInAnotherOrder_Matches()
    {
        var result = MigrationVerifier.Verify("item", Rows, Rows.Reverse(), r => r.Id.ToString());

        Assert.IsTrue(result.Matches);
        Assert.AreEqual(result.SourceHash, result.TargetHash);
        Assert.AreEqual(50, result.TargetCount);
    }

    [TestMethod]
    public void Verify_MissingExtraAndChangedRows_ListsTheirKeys()
    {
        var target = Rows.Where(r => r.Id != 7).Select(r => r.Id == 9 ? r with { Label = "changed" } : r).Append(new ItemV2(99, "x", 0)).ToList();

        var result = MigrationVerifier.Verify("item", Rows, target, r => r.Id.ToString());

        Assert.IsFalse(result.Matches);
        CollectionAssert.AreEqual(new[] { "7" }, result.MissingOnTarget.ToArray());
        CollectionAssert.AreEqual(new[] { "99" }, result.ExtraOnTarget.ToArray());
        CollectionAssert.AreEqual(new[] { "9" }, result.Different.ToArray());
        Assert.AreEqual(3, result.MismatchCount);
    }

    [TestMethod]
    public void Verify_ManyMismatches_ListIsBoundedButCountIsNot()
    {
        var result = MigrationVerifier.Verify("item", Rows, new List<ItemV2>(), r => r.Id.ToString(), options: new VerificationOptions { MaxListedKeys = 5 });

        Assert.AreEqual(5, result.MissingOnTarget.Count);
        Assert.AreEqual(50, result.MismatchCount);
    }

    [TestMethod]
    public void Verify_DuplicateRowOnTarget_DoesNotMatch()
    {
        var result = MigrationVerifier.Verify("item", Rows, Rows.Append(Rows[0]), r => r.Id.ToString());

        Assert.IsFalse(result.Matches);
        CollectionAssert.AreEqual(new[] { "1" }, result.ExtraOnTarget.ToArray());
    }
}
