using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Tests.Migrations;

/// <summary>
/// Seeded crash schedules: the migration process is killed at random points and run again with the same ledger file,
/// up to three times, then runs to the end; the verification is killed once too. Kill points: a crash before a
/// call is sent (after its Intent is durable), a crash between a call and its outcome with the server having applied
/// the call (the outcome is lost with the connection), a crash inside a ledger append (before the write, mid-write
/// leaving a torn line, after the write). In-run faults: an applied call whose connection drops before the outcome
/// (Dropped → probe), and injected reducer failures (batch split). Afterwards: target = transform(source) minus the
/// rows the target rejected, no row was ever written twice, the ledger holds exactly the target's rows as written and
/// the rejected rows as rejected, with nothing unresolved, and verification matches.
/// </summary>
[TestClass]
public sealed class MigrationCrashTests
{
    public static IEnumerable<object[]> Seeds => Enumerable.Range(1, 240).Select(seed => new object[] { seed });

    [TestMethod]
    [DynamicData(nameof(Seeds))]
    public async Task Schedule_KilledAtRandomPointsAndRerun_EveryRowWrittenExactlyOnce(int seed)
    {
        try
        {
            await RunAsync(seed);
        }
        catch (Exception ex) when (ex is not AssertInconclusiveException)
        {
            throw new AssertFailedException($"Migration crash schedule {seed} failed (replay: MigrationCrashTests.RunAsync({seed})): {ex.Message}", ex);
        }
    }

    [TestMethod]
    public async Task Schedules_Together_ExerciseEveryKillPointAndTheProbe()
    {
        var stats = new List<ScheduleStats>();
        for (var seed = 1; seed <= 40; seed++)
        {
            stats.Add(await RunAsync(seed));
        }

        foreach (var kind in new[] { KillKind.BeforeSend, KillKind.AfterApply, KillKind.LedgerBeforeWrite, KillKind.LedgerTornWrite })
        {
            Assert.IsTrue(stats.Any(s => s.Kills.Contains(kind)), $"no schedule killed at {kind}");
        }

        Assert.IsTrue(stats.Any(s => s.RecoveredFromProbe > 0), "no rerun recovered an applied batch through the probe");
        Assert.IsTrue(stats.Any(s => s.Retries > 0), "no run retried a batch");
        Assert.IsTrue(stats.Sum(s => s.Kills.Count) >= 40, "too few kills");
    }

    public static async Task<ScheduleStats> RunAsync(int seed)
    {
        var stats = new ScheduleStats();
        var random = new Random(seed);
        using var world = new MigrationWorld(rows: random.Next(12, 46), seed);
        var batchSize = random.Next(1, 9);
        var path = Path.Combine(Path.GetTempPath(), "stdb-compat-crash", $"{seed}-{Guid.NewGuid():N}.jsonl");
        var kills = random.Next(1, 4);
        var injectedRejections = new HashSet<string>(StringComparer.Ordinal);
        var trace = new List<string>();
        MigrationReport? final = null;
        try
        {
            for (var incarnation = 0; final is null; incarnation++)
            {
                if (incarnation > 12)
                {
                    Assert.Fail("the migration did not complete within 12 incarnations: " + string.Join("; ", trace));
                }

                var killing = incarnation < kills;
                var kind = killing ? (KillKind)random.Next(5) : KillKind.None;
                var killAt = random.Next(1, 8);
                var faultAt = random.Next(1, 10);
                var fault = random.Next(3); // 0 none, 1 drop after apply, 2 injected failure
                trace.Add($"#{incarnation} kill {kind}@{killAt} fault {fault}@{faultAt}");

                var client = world.CreateClient(seed * 100 + incarnation);
                var sub = await world.ConnectAsync(client);
                var ledger = new KillLedger(new FileMigrationLedger(path, durable: false), kind, killAt, random.Next(1, 30));
                var options = world.Options(client, sub, ledger, batchSize);
                var calls = 0;
                var appliedKill = false;
                var dropPending = false;
                var copyCallsMark = 0;
                options.TargetCall = rows =>
                {
                    calls++;
                    if (kind == KillKind.BeforeSend && calls == killAt)
                    {
                        throw new KillException();
                    }

                    if ((kind == KillKind.AfterApply && calls == killAt) || (fault == 1 && calls == faultAt))
                    {
                        copyCallsMark = world.CopyCalls;
                        world.Server.Faults.HoldDelivery();
                        appliedKill |= kind == KillKind.AfterApply && calls == killAt;
                        dropPending = true;
                    }
                    else if (fault == 2 && calls == faultAt && rows.Count > 1)
                    {
                        world.Server.Faults.FailNextCall("copy_items", "injected failure");
                    }

                    return new CopyItems(rows);
                };

                var run = DataMigration.Create(client, options, world.Time).RunAsync();
                var killed = false;
                try
                {
                    await world.PumpAsync(
                        client,
                        run,
                        stop: () => appliedKill && world.CopyCalls > copyCallsMark,
                        afterFrame: () =>
                        {
                            if (dropPending && !appliedKill && world.CopyCalls > copyCallsMark)
                            {
                                dropPending = false;
                                DropEveryone(world);
                            }
                        });
                    killed = !run.IsCompleted;
                }
                catch (KillException)
                {
                    killed = true;
                }

                if (killed)
                {
                    DropEveryone(world); // the process is gone: its connection dies, its outcomes are lost
                    trace.Add($"  killed after {calls} call(s)");
                    stats.Kills.Add(kind);
                    continue;
                }

                final = await run;
                stats.RecoveredFromProbe += final.RecoveredFromProbe;
                stats.Retries += final.Retries;
                trace.Add($"  ended {final.Status} written {final.Written} recovered {final.RecoveredFromProbe} retries {final.Retries}");
                Assert.AreEqual(MigrationRunStatus.Completed, final.Status, final.StatusReason + " / " + string.Join("; ", trace));
            }

            // Which single-row calls were refused by an injected failure (a legitimate rejection with its reason).
            var state = MigrationLedgerState.From(await new FileMigrationLedger(path).LoadAsync());
            foreach (var rejected in state.Rejected().Where(r => r.Reason == "injected failure"))
            {
                injectedRejections.Add(rejected.Key);
            }

            var source = world.SourceRows();
            var expected = source.Select(MigrationWorld.Transform)
                .Where(r => !MigrationWorld.IsUnlucky(r) && !injectedRejections.Contains(Key(r.Id)))
                .OrderBy(r => r.Id)
                .ToList();
            var target = world.TargetRows().OrderBy(r => r.Id).ToList();
            var context = string.Join("; ", trace);
            Assert.AreEqual(0, world.Duplicates, "a row was written twice: " + context);
            CollectionAssert.AreEqual(expected, target, "target != transform(source): " + context);
            CollectionAssert.AreEqual(target.Select(r => Key(r.Id)).OrderBy(k => k, StringComparer.Ordinal).ToList(), state.Keys(MigrationLedgerEntryKind.Written), "ledger written != target: " + context);
            Assert.AreEqual(0, state.Keys(MigrationLedgerEntryKind.Intent).Count, "unresolved intents: " + context);
            var expectedRejected = source.Select(MigrationWorld.Transform).Where(r => MigrationWorld.IsUnlucky(r)).Select(r => Key(r.Id)).Concat(injectedRejections).OrderBy(k => k, StringComparer.Ordinal).ToList();
            CollectionAssert.AreEqual(expectedRejected, state.Rejected().Select(r => r.Key).ToList(), "ledger rejected: " + context);

            // Verification, killed once part way and run again.
            var ignore = new HashSet<string>(expectedRejected, StringComparer.Ordinal);
            var stopAt = random.Next(0, source.Count + 1);
            Assert.ThrowsExactly<KillException>(() => MigrationVerifier.Verify("item", KillAfter(source.Select(MigrationWorld.Transform), stopAt), target, r => Key(r.Id), options: new VerificationOptions { IgnoreSourceKeys = ignore }));
            var verification = MigrationVerifier.Verify("item", source.Select(MigrationWorld.Transform), world.TargetRows(), r => Key(r.Id), options: new VerificationOptions { IgnoreSourceKeys = ignore });
            Assert.IsTrue(verification.Matches, $"verification: {verification.MismatchCount} mismatch(es); {context}");
        }
        finally
        {
            File.Delete(path);
        }

        return stats;
    }

    public sealed class ScheduleStats
    {
        public List<KillKind> Kills { get; } = new();

        public long RecoveredFromProbe { get; set; }

        public long Retries { get; set; }
    }

    private static string Key(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<T> KillAfter<T>(IEnumerable<T> items, int count)
    {
        var n = 0;
        foreach (var item in items)
        {
            if (n++ == count)
            {
                throw new KillException();
            }

            yield return item;
        }

        throw new KillException();
    }

    private static void DropEveryone(MigrationWorld world)
    {
        foreach (var c in world.Server.Clients)
        {
            world.Server.Faults.DropConnection(c);
        }

        world.Server.Faults.ReleaseDelivery();
    }

    public enum KillKind
    {
        None,
        BeforeSend,
        AfterApply,
        LedgerBeforeWrite,
        LedgerTornWrite,
    }

    internal sealed class KillException : Exception
    {
        public KillException()
            : base("killed (simulated crash)")
        {
        }
    }

    /// <summary>A ledger that dies at its n-th append: before writing, or mid-write leaving a torn line.</summary>
    private sealed class KillLedger : IMigrationLedger
    {
        private readonly FileMigrationLedger _inner;
        private readonly KillKind _kind;
        private readonly int _killAt;
        private readonly int _tornBytes;
        private int _appends;

        public KillLedger(FileMigrationLedger inner, KillKind kind, int killAt, int tornBytes)
        {
            _inner = inner;
            _kind = kind;
            _killAt = killAt;
            _tornBytes = tornBytes;
        }

        public ValueTask<IReadOnlyList<MigrationLedgerEntry>> LoadAsync(CancellationToken cancellationToken = default) => _inner.LoadAsync(cancellationToken);

        public async ValueTask AppendAsync(MigrationLedgerEntry entry, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _appends) == _killAt * 2)
            {
                if (_kind == KillKind.LedgerBeforeWrite)
                {
                    throw new KillException();
                }

                if (_kind == KillKind.LedgerTornWrite)
                {
                    var line = MigrationLedgerFormat.Format(entry);
                    File.AppendAllText(_inner.Path, line.Substring(0, Math.Min(line.Length - 1, _tornBytes)), Encoding.UTF8);
                    throw new KillException();
                }
            }

            await _inner.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }
}
