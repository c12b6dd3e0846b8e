using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class ReducerMigrationTests
{
    private static ReducerMigrationOptions Options(ICompatClient client, ICompatSubscription sub) => new()
    {
        Name = "v1-to-v2",
        StepCall = cursor => new MigrateStep(cursor is null ? 0 : ulong.Parse(cursor, CultureInfo.InvariantCulture)),
        ReadStatus = () => client.Table<StatusRow>().TryFind(0u, out var s) ? new ReducerMigrationStatus(s.Done, s.Cursor.ToString(CultureInfo.InvariantCulture), (long)s.Processed, 23) : null,
        StatusReady = () => sub.IsActive,
        RetryDelay = TimeSpan.FromMilliseconds(100),
    };

    [TestMethod]
    public async Task RunAsync_StepsUntilTheStatusRowSaysDone()
    {
        using var world = new MigrationWorld(rows: 23);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var progress = new ListProgress<MigrationProgress>();

        var result = await world.PumpAsync(client, ReducerMigration.RunAsync(client, Options(client, sub), progress, world.Time));

        Assert.IsTrue(result.Done);
        Assert.AreEqual(6, result.Steps); // 5 steps of 5 rows (the last one has 3), then one that finds nothing and sets done
        Assert.AreEqual(23, world.TargetRows().Count);
        Assert.AreEqual(23, progress.Items[^1].Rows);
    }

    [TestMethod]
    public async Task RunAsync_SlowStartOverAHugeTotal_EtaClampsInsteadOfFailingTheRun()
    {
        using var world = new MigrationWorld(rows: 12);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = Options(client, sub);
        var read = options.ReadStatus!;
        options.ReadStatus = () =>
        {
            world.Time.Advance(TimeSpan.FromDays(365));
            return read() is { } status ? status with { Total = long.MaxValue } : null;
        };
        var progress = new ListProgress<MigrationProgress>();

        var result = await world.PumpAsync(client, ReducerMigration.RunAsync(client, options, progress, world.Time));

        Assert.IsTrue(result.Done);
        Assert.IsTrue(progress.Items.Any(p => p.Eta == TimeSpan.MaxValue), "the estimate is larger than a TimeSpan holds");
    }

    [TestMethod]
    public async Task RunAsync_FailedStep_BacksOffAndResumesFromTheCursor()
    {
        using var world = new MigrationWorld(rows: 12);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        world.Server.Faults.FailNextCall("migrate_step", "busy");

        var result = await world.PumpAsync(client, ReducerMigration.RunAsync(client, Options(client, sub), timeProvider: world.Time));

        Assert.IsTrue(result.Done);
        Assert.AreEqual(1, result.Failures);
        Assert.AreEqual(12, world.TargetRows().Count);
        Assert.AreEqual("12", result.Cursor);
    }

    [TestMethod]
    public async Task RunAsync_KilledDriverRunAgain_ContinuesFromTheStatusCursor()
    {
        using var world = new MigrationWorld(rows: 12);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = Options(client, sub);
        options.MaxConsecutiveFailures = 1;
        world.Server.Database(MigrationWorld.Database).Table("migration_status").Insert(new Stdb.Compat.Testing.Bsatn.SimRow(0u, 5UL, false, 5UL));
        await world.FramesAsync(client);

        var result = await world.PumpAsync(client, ReducerMigration.RunAsync(client, options, timeProvider: world.Time));

        Assert.IsTrue(result.Done);
        CollectionAssert.AreEqual(Enumerable.Range(6, 7).Select(i => (ulong)i).ToList(), world.TargetRows().Select(r => r.Id).OrderBy(i => i).ToList());
    }

    [TestMethod]
    public async Task RunAsync_EveryStepFails_GivesUpWithTheLastError()
    {
        using var world = new MigrationWorld(rows: 3);
        var client = world.CreateClient();
        var sub = await world.ConnectAsync(client);
        var options = Options(client, sub);
        options.StepCall = _ => new MigrateStep(999);
        options.MaxConsecutiveFailures = 3;

        var result = await world.PumpAsync(client, ReducerMigration.RunAsync(client, options, timeProvider: world.Time));

        Assert.IsFalse(result.Done);
        Assert.AreEqual(3, result.Failures);
        StringAssert.Contains(result.LastError, "stale cursor 999");
    }
}
