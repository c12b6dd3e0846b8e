using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Migrations;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class DataMigrationTests
{
    [TestMethod]
    public async Task RunAsync_FreshLedger_TargetEqualsTransformOfSourceAndRejectionsCarryTheReducerReason()
    {
        using var world = new MigrationWorld(rows: 40);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var migration = DataMigration.Create(client, world.Options(client, sub, ledger), world.Time);

        var report = await world.PumpAsync(client, migration.RunAsync());

        var expected = world.SourceRows().Select(MigrationWorld.Transform).Where(r => !MigrationWorld.IsUnlucky(r)).OrderBy(r => r.Id).ToList();
        CollectionAssert.AreEqual(expected, world.TargetRows().OrderBy(r => r.Id).ToList());
        Assert.AreEqual(MigrationRunStatus.Completed, report.Status);
        Assert.AreEqual(expected.Count, report.Written);
        Assert.AreEqual(0, world.Duplicates);
        var unlucky = world.SourceRows().Select(MigrationWorld.Transform).Where(MigrationWorld.IsUnlucky).Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.IsTrue(unlucky.Count > 0, "the world has unlucky rows");
        CollectionAssert.AreEqual(unlucky, report.Rejected.Select(r => r.Key).ToList());
        StringAssert.StartsWith(report.Rejected[0].Reason, "unlucky value");
    }

    [TestMethod]
    public async Task RunAsync_SecondRunWithSameLedger_WritesNothingAgain()
    {
        using var world = new MigrationWorld(rows: 30);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var first = await world.PumpAsync(client, DataMigration.Create(client, world.Options(client, sub, ledger), world.Time).RunAsync());
        var calls = world.CopyCalls;

        var second = await world.PumpAsync(client, DataMigration.Create(client, world.Options(client, sub, ledger), world.Time).RunAsync());

        Assert.AreEqual(0, second.Written);
        Assert.AreEqual(first.Written, second.AlreadyWritten);
        Assert.AreEqual(calls, world.CopyCalls);
        Assert.AreEqual(first.Rejected.Count, second.Rejected.Count);
    }

    [TestMethod]
    public async Task RunAsync_MoreRejectionsThanAllowed_StopsOnFailures()
    {
        using var world = new MigrationWorld(rows: 40);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = world.Options(client, sub, new InMemoryMigrationLedger());
        options.MaxRejectedRows = 0;

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time).RunAsync());

        Assert.AreEqual(MigrationRunStatus.StoppedOnFailures, report.Status);
        Assert.AreEqual(1, report.Rejected.Count);
        Assert.IsFalse(report.Succeeded);
    }

    [TestMethod]
    public async Task RunAsync_ConnectionLostAfterTheServerApplied_ProbesInsteadOfResending()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = world.Options(client, sub, new InMemoryMigrationLedger(), batchSize: 5);
        world.Server.Faults.HoldDelivery();
        var dropped = false;

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time).RunAsync(), afterFrame: () =>
        {
            if (!dropped && world.CopyCalls == 1)
            {
                dropped = true;
                foreach (var c in world.Server.Clients)
                {
                    world.Server.Faults.DropConnection(c);
                }

                world.Server.Faults.ReleaseDelivery();
            }
        });

        Assert.IsTrue(dropped);
        Assert.AreEqual(MigrationRunStatus.Completed, report.Status);
        Assert.AreEqual(0, world.Duplicates);
        Assert.AreEqual(world.SourceRows().Count - report.Rejected.Count, world.TargetRows().Count);
    }

    [TestMethod]
    public async Task DryRunAsync_InvalidRows_WritesNothingAndReportsThem()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var options = world.Options(client, sub, ledger);
        options.ValidateRow = r => r.Id == 3 ? "id 3 is reserved" : null;

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time).DryRunAsync());

        Assert.AreEqual(MigrationMode.DryRun, report.Mode);
        Assert.AreEqual(19, report.Written);
        Assert.AreEqual("3", report.Rejected.Single().Key);
        Assert.AreEqual("invalid: id 3 is reserved", report.Rejected.Single().Reason);
        Assert.AreEqual(0, world.CopyCalls);
        Assert.AreEqual(0, ledger.Entries.Count);
    }

    [TestMethod]
    public async Task RollbackAsync_AfterRun_DeletesExactlyTheRowsTheLedgerHolds()
    {
        using var world = new MigrationWorld(rows: 25);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        world.Server.Database(MigrationWorld.Database).Table("item_v2").Insert(new Stdb.Compat.Testing.Bsatn.SimRow(1000UL, "KEEP", 1UL));
        var ledger = new InMemoryMigrationLedger();
        var migration = DataMigration.Create(client, world.Options(client, sub, ledger), world.Time);
        var run = await world.PumpAsync(client, migration.RunAsync());

        var rollback = await world.PumpAsync(client, migration.RollbackAsync());

        Assert.AreEqual(MigrationRunStatus.Completed, rollback.Status);
        Assert.AreEqual(run.Written, rollback.Written);
        Assert.AreEqual(1000UL, world.TargetRows().Single().Id);
        Assert.AreEqual(0, MigrationLedgerState.From(ledger.Entries).Keys(MigrationLedgerEntryKind.Written).Count);
    }

    [TestMethod]
    public async Task RunAsync_WithProgress_ReportsRowsBatchesAndEta()
    {
        using var world = new MigrationWorld(rows: 30);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = world.Options(client, sub, new InMemoryMigrationLedger());
        options.RowsPerSecond = 10;
        var progress = new ListProgress<MigrationProgress>();

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time).RunAsync(progress));

        var last = progress.Items[^1];
        Assert.AreEqual(30, last.Rows);
        Assert.AreEqual(30L, last.TotalRows);
        Assert.AreEqual(report.Batches, last.Batches);
        Assert.AreEqual(report.Rejected.Count, last.Failures);
        Assert.IsTrue(progress.Items.Any(p => p.Eta is not null), "an ETA is reported while rows remain");
        Assert.IsTrue(report.Duration >= TimeSpan.FromSeconds(2), $"the rate limit holds 30 rows at 10/s to about 3 s of fake time (took {report.Duration})");
    }

    [TestMethod]
    public async Task RunAsync_TinyRowsPerSecond_WaitsInsteadOfOverflowing()
    {
        using var world = new MigrationWorld(rows: 4);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = world.Options(client, sub, new InMemoryMigrationLedger(), batchSize: 2);
        options.RowsPerSecond = 1e-15; // the second batch is due in 2e15 s: more than a TimeSpan holds
        using var cancel = new CancellationTokenSource();

        var run = DataMigration.Create(client, options, world.Time).RunAsync(cancellationToken: cancel.Token);
        await world.PumpAsync(client, run, stop: () => world.TargetRows().Count() >= 2);
        world.Time.Advance(TimeSpan.FromDays(100)); // several timer steps of the long wait
        var frames = 0;
        await world.PumpAsync(client, run, stop: () => ++frames > 40);

        Assert.IsFalse(run.IsFaulted, run.Exception?.ToString());
        Assert.AreEqual(2, world.TargetRows().Count(), "the second batch still waits for its turn");
        cancel.Cancel();
        await world.PumpAsync(client, run, stop: () => run.IsCompleted);
        Assert.IsFalse(run.IsFaulted, run.Exception?.ToString());
    }

    [TestMethod]
    public async Task RunAsync_SlowStartOverAHugeSource_EtaClampsInsteadOfFailingTheRun()
    {
        using var world = new MigrationWorld(rows: 5);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = world.Options(client, sub, new InMemoryMigrationLedger());
        var source = options.Source!;
        options.Source = () => new HugeCount<ItemV1>(source().ToList());
        options.Transform = row =>
        {
            world.Time.Advance(TimeSpan.FromDays(365));
            return MigrationWorld.Transform(row);
        };
        var progress = new ListProgress<MigrationProgress>();

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time).RunAsync(progress));

        Assert.AreEqual(MigrationRunStatus.Completed, report.Status);
        Assert.IsTrue(progress.Items.Any(p => p.Eta == TimeSpan.MaxValue), "the estimate is larger than a TimeSpan holds");
    }

    [TestMethod]
    public async Task RunAsync_SourceKeyThrowsForOneRow_RejectsThatRowByPositionAndWritesTheRest()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var options = world.Options(client, sub, ledger);
        options.SourceKey = r => r.Id == 4 ? throw new FormatException("id 4 has no key") : r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var logs = new CapturingLoggerFactory();

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time, logs).RunAsync());

        Assert.AreEqual(MigrationRunStatus.Completed, report.Status);
        var keyless = report.Rejected.Single(r => r.Key.StartsWith("(source row ", StringComparison.Ordinal));
        Assert.AreEqual("SourceKey threw FormatException: id 4 has no key", keyless.Reason);
        Assert.IsFalse(world.TargetRows().Any(r => r.Id == 4));
        Assert.AreEqual(UnluckyCount(world) + 1, report.Rejected.Count);
        Assert.AreEqual(world.SourceRows().Count - report.Rejected.Count, world.TargetRows().Count);
        Assert.IsFalse(ledger.Entries.Any(e => e.Keys.Contains(keyless.Key)), "a keyless row has no ledger entry");
        Assert.IsTrue(logs.Entries.Any(e => e.Id.Id == 7010 && e.Exception is FormatException));
    }

    [TestMethod]
    public async Task RunAsync_SourceKeyFixedOnRerun_WritesTheRowItRejectedBefore()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var broken = world.Options(client, sub, ledger);
        broken.SourceKey = r => r.Id == 4 ? throw new FormatException("id 4 has no key") : r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await world.PumpAsync(client, DataMigration.Create(client, broken, world.Time).RunAsync());

        var rerun = await world.PumpAsync(client, DataMigration.Create(client, world.Options(client, sub, ledger), world.Time).RunAsync());

        Assert.AreEqual(1, rerun.Written);
        Assert.IsTrue(world.TargetRows().Any(r => r.Id == 4));
        Assert.IsFalse(rerun.Rejected.Any(r => r.Key.StartsWith("(source row ", StringComparison.Ordinal)));
        Assert.AreEqual(0, world.Duplicates);
    }

    [TestMethod]
    public async Task RunAsync_TransformThrowsForOneRow_RejectsThatRowWithTheExceptionAndWritesTheRest()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var options = world.Options(client, sub, ledger);
        options.Transform = r => r.Id == 4 ? throw new InvalidOperationException("cannot map 4") : MigrationWorld.Transform(r);
        var logs = new CapturingLoggerFactory();

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time, logs).RunAsync());

        Assert.AreEqual(MigrationRunStatus.Completed, report.Status);
        Assert.AreEqual("Transform threw InvalidOperationException: cannot map 4", report.Rejected.Single(r => r.Key == "4").Reason);
        Assert.AreEqual(UnluckyCount(world) + 1, report.Rejected.Count);
        Assert.AreEqual(world.SourceRows().Count - report.Rejected.Count, world.TargetRows().Count);
        Assert.AreEqual(MigrationLedgerEntryKind.Rejected, LedgerKind(ledger, "4"));
        Assert.IsTrue(logs.Entries.Any(e => e.Id.Id == 7010 && e.Exception is InvalidOperationException));
    }

    [TestMethod]
    public async Task RunAsync_ValidateRowThrowsForOneRow_RejectsThatRowWithTheExceptionAndWritesTheRest()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var options = world.Options(client, sub, ledger);
        options.ValidateRow = r => r.Id == 4 ? throw new ArgumentOutOfRangeException(nameof(r), "label out of range") : null;
        var logs = new CapturingLoggerFactory();

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time, logs).RunAsync());

        Assert.AreEqual(MigrationRunStatus.Completed, report.Status);
        StringAssert.StartsWith(report.Rejected.Single(r => r.Key == "4").Reason, "ValidateRow threw ArgumentOutOfRangeException: label out of range");
        Assert.AreEqual(UnluckyCount(world) + 1, report.Rejected.Count);
        Assert.AreEqual(world.SourceRows().Count - report.Rejected.Count, world.TargetRows().Count);
        Assert.AreEqual(MigrationLedgerEntryKind.Rejected, LedgerKind(ledger, "4"));
        Assert.IsTrue(logs.Entries.Any(e => e.Id.Id == 7010 && e.Exception is ArgumentOutOfRangeException));
    }

    [TestMethod]
    public async Task RunAsync_CallbacksThrowForMoreRowsThanAllowed_StopsOnFailures()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = world.Options(client, sub, new InMemoryMigrationLedger());
        options.SourceKey = r => r.Id % 2 == 0 ? throw new FormatException("even ids have no key") : r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.MaxRejectedRows = 2;

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time).RunAsync());

        Assert.AreEqual(MigrationRunStatus.StoppedOnFailures, report.Status);
        StringAssert.Contains(report.StatusReason, "MaxRejectedRows (2)");
        Assert.AreEqual(3, report.Rejected.Count);
    }

    [TestMethod]
    public async Task DryRunAsync_EachCallbackThrowsForOneRow_ReportsThreeRejectionsAndWritesNothing()
    {
        using var world = new MigrationWorld(rows: 20);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var ledger = new InMemoryMigrationLedger();
        var options = world.Options(client, sub, ledger);
        options.SourceKey = r => r.Id == 2 ? throw new FormatException("no key") : r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Transform = r => r.Id == 3 ? throw new InvalidOperationException("no map") : MigrationWorld.Transform(r);
        options.ValidateRow = r => r.Id == 4 ? throw new ArgumentException("no check") : null;

        var report = await world.PumpAsync(client, DataMigration.Create(client, options, world.Time).DryRunAsync());

        Assert.AreEqual(MigrationRunStatus.Completed, report.Status);
        Assert.AreEqual(17, report.Written);
        CollectionAssert.AreEquivalent(
            new[] { "SourceKey threw FormatException: no key", "Transform threw InvalidOperationException: no map", "ValidateRow threw ArgumentException: no check" },
            report.Rejected.Select(r => r.Reason).ToList());
        Assert.AreEqual(0, world.CopyCalls);
        Assert.AreEqual(0, ledger.Entries.Count);
    }

    [TestMethod]
    public async Task RunAsync_TransformThrowsCancellation_EndsTheRunCancelled()
    {
        using var world = new MigrationWorld(rows: 5);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = world.Options(client, sub, new InMemoryMigrationLedger());
        options.Transform = r => throw new OperationCanceledException("the app gave up");

        var run = DataMigration.Create(client, options, world.Time).RunAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => world.PumpAsync(client, run));
    }

    private static int UnluckyCount(MigrationWorld world) => world.SourceRows().Select(MigrationWorld.Transform).Count(MigrationWorld.IsUnlucky);

    private static MigrationLedgerEntryKind? LedgerKind(InMemoryMigrationLedger ledger, string key) =>
        MigrationLedgerState.From(ledger.Entries).TryGet(key, out var kind) ? kind : null;

    [TestMethod]
    public void Create_WithoutTransform_ThrowsNamingTheOption()
    {
        using var world = new MigrationWorld(rows: 1);
        var client = world.CreateClient();
        var options = new MigrationOptions<ItemV1, ItemV2> { Source = Array.Empty<ItemV1>, SourceKey = r => "x", TargetCall = r => new CopyItems(r), TargetExists = r => false };

        var ex = Assert.ThrowsExactly<ArgumentException>(() => DataMigration.Create(client, options, world.Time));

        StringAssert.Contains(ex.Message, "Transform");
    }

    [TestMethod]
    public void RollbackAsync_WithoutRollbackCall_ThrowsInvalidOperation()
    {
        using var world = new MigrationWorld(rows: 1);
        var client = world.CreateClient();
        var options = new MigrationOptions<ItemV1, ItemV2> { Source = Array.Empty<ItemV1>, SourceKey = r => "x", Transform = MigrationWorld.Transform, TargetCall = r => new CopyItems(r), TargetExists = r => false, Ledger = new InMemoryMigrationLedger() };

        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => DataMigration.Create(client, options, world.Time).RollbackAsync());

        StringAssert.Contains(ex.Message, "RollbackCall");
    }
}

/// <summary>A synchronous <see cref="IProgress{T}"/> that keeps every report.</summary>
internal sealed class ListProgress<T> : IProgress<T>
{
    private readonly List<T> _items = new();

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
            {
                return _items.ToArray();
            }
        }
    }

    public void Report(T value)
    {
        lock (_items)
        {
            _items.Add(value);
        }
    }
}

/// <summary>A source that claims far more rows than it holds (the progress estimate of a huge table).</summary>
internal sealed class HugeCount<T> : IReadOnlyCollection<T>
{
    private readonly IReadOnlyList<T> _rows;

    public HugeCount(IReadOnlyList<T> rows) => _rows = rows;

    public int Count => int.MaxValue;

    public IEnumerator<T> GetEnumerator() => _rows.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
