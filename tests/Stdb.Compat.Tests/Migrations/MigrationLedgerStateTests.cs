using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class MigrationLedgerStateTests
{
    [TestMethod]
    public void From_LatestRecordPerKey_DecidesItsState()
    {
        var state = MigrationLedgerState.From(new[]
        {
            new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, 1, new[] { "1", "2", "3" }),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.NotApplied, 1, new[] { "1", "2", "3" }),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, 2, new[] { "1" }),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, 2, new[] { "1" }),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, 3, new[] { "2" }),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.Rejected, 3, new[] { "2" }, "bad"),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, 4, new[] { "3" }),
        });

        CollectionAssert.AreEqual(new[] { "1" }, state.Keys(MigrationLedgerEntryKind.Written));
        CollectionAssert.AreEqual(new[] { "3" }, state.Keys(MigrationLedgerEntryKind.Intent));
        Assert.AreEqual("bad", state.Rejected()[0].Reason);
        Assert.AreEqual(1, state.RejectedCount);
        Assert.AreEqual(4, state.LastBatch);
    }

    [TestMethod]
    public void Apply_RolledBack_ForgetsTheKey()
    {
        var state = MigrationLedgerState.From(new[]
        {
            new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, 1, new[] { "1" }),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.RollbackIntent, 2, new[] { "1" }),
            new MigrationLedgerEntry(MigrationLedgerEntryKind.RolledBack, 2, new[] { "1" }),
        });

        Assert.IsFalse(state.TryGet("1", out _));
    }
}
