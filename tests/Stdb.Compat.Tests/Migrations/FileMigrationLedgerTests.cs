using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class FileMigrationLedgerTests
{
    private string _path = string.Empty;

    [TestInitialize]
    public void Init() => _path = Path.Combine(Path.GetTempPath(), "stdb-compat-ledger-tests", Guid.NewGuid().ToString("N") + ".jsonl");

    [TestCleanup]
    public void Cleanup() => File.Delete(_path);

    [TestMethod]
    public async Task LoadAsync_AfterAppends_ReturnsEveryRecordInOrder()
    {
        var ledger = new FileMigrationLedger(_path, durable: false);
        await ledger.AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, 1, new[] { "a", "b" }));
        await ledger.AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Rejected, 1, new[] { "b" }, "no \"b\" | here"));

        var entries = await new FileMigrationLedger(_path).LoadAsync();

        Assert.AreEqual(2, entries.Count);
        CollectionAssert.AreEqual(new[] { "a", "b" }, entries[0].Keys.ToArray());
        Assert.AreEqual("no \"b\" | here", entries[1].Reason);
    }

    [TestMethod]
    public async Task LoadAsync_TornLastLine_SkipsItAndTheNextAppendStartsAFreshLine()
    {
        var ledger = new FileMigrationLedger(_path, durable: false);
        await ledger.AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, 1, new[] { "a" }));
        File.AppendAllText(_path, "{\"k\":\"Written\",\"b\":2,\"ke");

        Assert.AreEqual(1, (await ledger.LoadAsync()).Count);
        await ledger.AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, 3, new[] { "c" }));
        var entries = await ledger.LoadAsync();

        CollectionAssert.AreEqual(new long[] { 1, 3 }, entries.Select(e => e.Batch).ToArray());
    }

    [TestMethod]
    public async Task LoadAsync_KindNotAnExactName_SkipsTheLine()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, "{\"k\":\"9\",\"b\":1,\"keys\":[\"a\"],\"r\":null}\n{\"k\":\"Written, Intent\",\"b\":2,\"keys\":[\"b\"],\"r\":null}\n{\"k\":\"Written\",\"b\":3,\"keys\":[\"c\"],\"r\":null}\n");

        var entries = await new FileMigrationLedger(_path).LoadAsync();

        Assert.AreEqual(1, entries.Count);
        Assert.AreEqual(MigrationLedgerEntryKind.Written, entries[0].Kind);
        CollectionAssert.AreEqual(new[] { "c" }, entries[0].Keys.ToArray());
    }

    [TestMethod]
    public async Task LoadAsync_FileWithByteOrderMark_ReadsTheFirstRecord()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, "{\"k\":\"Written\",\"b\":1,\"keys\":[\"a\"],\"r\":null}\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var entries = await new FileMigrationLedger(_path).LoadAsync();

        CollectionAssert.AreEqual(new[] { "a" }, entries.Single().Keys.ToArray());
    }

    [TestMethod]
    public async Task AppendAsync_Durable_RecordIsOnDiskWhenItCompletes()
    {
        var ledger = new FileMigrationLedger(_path, durable: true);

        await ledger.AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, 1, new[] { "a" }));

        Assert.AreEqual("{\"k\":\"Intent\",\"b\":1,\"keys\":[\"a\"],\"r\":null}\n", File.ReadAllText(_path));
    }

    [TestMethod]
    public async Task AppendAsync_CancelledToken_ThrowsAndWritesNothing()
    {
        var ledger = new FileMigrationLedger(_path);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await ledger.AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Intent, 1, new[] { "a" }), cts.Token));

        Assert.IsFalse(File.Exists(_path));
    }

    [TestMethod]
    public async Task LoadAsync_CancelledToken_Throws()
    {
        var ledger = new FileMigrationLedger(_path, durable: false);
        await ledger.AppendAsync(new MigrationLedgerEntry(MigrationLedgerEntryKind.Written, 1, new[] { "a" }));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await ledger.LoadAsync(cts.Token));
    }

    [TestMethod]
    public async Task LoadAsync_NoFile_IsEmpty()
    {
        var entries = await new FileMigrationLedger(_path).LoadAsync();

        Assert.AreEqual(0, entries.Count);
    }

    [TestMethod]
    public void Ctor_EmptyPath_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new FileMigrationLedger(" "));
    }
}
