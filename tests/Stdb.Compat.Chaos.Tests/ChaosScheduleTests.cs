using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Runtime;
using Stdb.Compat.Tables;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Schema;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Chaos.Tests;

/// <summary>
/// Seeded fault schedules on the simulator: disconnects at random points, server restarts, refused connections,
/// reducer failures, latency (held delivery), and in every fifth schedule a client-breaking publish. After each
/// schedule: the views equal the server, the app's notifications rebuild exactly the views (nothing lost or
/// duplicated), every call got exactly one outcome and it is the right one by the server's own call log (rules on
/// <see cref="CallOracle"/>), nothing escaped, state stays bounded, and a poisoned schema is never retried beyond the
/// circuit (<see cref="CircuitWatch"/>). CI runs <see cref="DefaultSchedules"/> seeds; set
/// <c>STDB_COMPAT_CHAOS_SCHEDULES</c> (e.g. 20000) for more. Every failing seed is listed; replay one with
/// <see cref="RunAsync"/> or a <c>[DataRow(seed)]</c>.
/// </summary>
[TestClass]
public sealed class ChaosScheduleTests
{
    private const int Steps = 40;
    private const int MaxOpenings = 2;

    /// <summary>Schedules CI runs (seeds 1..N); <c>STDB_COMPAT_CHAOS_SCHEDULES</c> raises it for local runs.</summary>
    public const int DefaultSchedules = 1_000;

    /// <summary>The schedules run in this many shards (test rows), which MSTest runs in parallel.</summary>
    private const int Shards = 16;

    public static IEnumerable<object[]> ShardIndexes => Enumerable.Range(0, Shards).Select(shard => new object[] { shard });

    /// <summary>The number of schedules: <see cref="DefaultSchedules"/>, or <c>STDB_COMPAT_CHAOS_SCHEDULES</c> when set.</summary>
    public static int ScheduleCount
    {
        get
        {
            var text = Environment.GetEnvironmentVariable("STDB_COMPAT_CHAOS_SCHEDULES");
            if (string.IsNullOrWhiteSpace(text))
            {
                return DefaultSchedules;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                ? count
                : throw new InvalidOperationException($"STDB_COMPAT_CHAOS_SCHEDULES='{text}' is not a positive whole number of schedules.");
        }
    }

    [TestMethod]
    [DynamicData(nameof(ShardIndexes))]
    public async Task Schedule_RandomFaults_ViewsMatchServerAndEveryCallHasTheRightOutcome(int shard)
    {
        // Seeds shard+1, shard+1+Shards, ...; every failing seed is reported, not just the first.
        var failures = new List<string>();
        var count = ScheduleCount;
        for (var seed = shard + 1; seed <= count; seed += Shards)
        {
            try
            {
                await RunAsync(seed);
            }
            catch (Exception ex) when (ex is not AssertInconclusiveException)
            {
                failures.Add($"seed {seed}: {ex.Message}");
            }
        }

        if (failures.Count > 0)
        {
            Console.WriteLine("Chaos schedules failed (replay one with ChaosScheduleTests.RunAsync(seed)):\n" + string.Join("\n", failures));
            Assert.Fail($"{failures.Count} chaos schedule(s) failed; replay with ChaosScheduleTests.RunAsync(seed):\n{string.Join("\n", failures)}");
        }
    }

    /// <summary>
    /// Seeds that once failed, replayed on their own. The circuit seeds: a probe connection whose replay applied (the
    /// widened table happened to be empty) closed the circuit AND forgot its openings, so the next row that failed to
    /// decode started the count again and the client probed without bound (fixed in CompatClientCore.OnReplayComplete:
    /// the openings now count until a connection stays up for MaxBreakDuration).
    /// </summary>
    [TestMethod]
    [DataRow(1175)]
    [DataRow(5065)]
    [DataRow(5485)]
    [DataRow(5885)]
    [DataRow(6735)]
    [DataRow(8935)]
    [DataRow(9885)]
    [DataRow(12755)]
    [DataRow(17115)]
    public async Task Schedule_PoisonedPublishWithVacuousReplay_CircuitStaysWithinItsBound(int seed) => await RunAsync(seed);

    /// <summary>
    /// Seeds whose idempotent set_item ran on the server (its result lost with the connection) and whose retry could
    /// not be sent because the client faulted: the call ended NotConnected, claiming it certainly did not apply (fixed
    /// in CompatClientCore.RunIdempotentAsync: the call keeps the earlier attempt's Dropped/TimedOut).
    /// </summary>
    [TestMethod]
    [DataRow(65)]
    [DataRow(385)]
    [DataRow(545)]
    [DataRow(705)]
    [DataRow(1170)]
    [DataRow(3730)]
    public async Task Schedule_IdempotentRetryNotSent_OutcomeNeverClaimsNotApplied(int seed) => await RunAsync(seed);

    /// <summary>
    /// Seeds where the poisoned publish (with a schema check) was followed by a reconnect: the check before
    /// subscribing saw <c>item</c> no longer decodes, so the gate left it unsubscribed and faulted its view, and the
    /// connection rightly stayed up on <c>tag</c> alone (the oracle once wanted Faulted and every view equal to the
    /// server, which a gated table can never be).
    /// </summary>
    [TestMethod]
    [DataRow(400)]
    [DataRow(510)]
    [DataRow(750)]
    [DataRow(770)]
    [DataRow(900)]
    public async Task Schedule_PoisonedPublishWithCheck_UndecodableTableUnsubscribedAndFaulted(int seed) => await RunAsync(seed);

    public static async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider();
        using var server = new SimulatedServer(new SimulatedServerOptions { TimeProvider = time, Seed = seed });
        server.Publish(ChaosModule.Database, ChaosModule.Define());
        var poisonPlanned = seed % 5 == 0;
        var withCheck = poisonPlanned && seed % 10 == 0;

        var options = new CompatClientOptions { ServerUri = server.Uri, DatabaseName = ChaosModule.Database, ReducerTimeout = TimeSpan.FromSeconds(10) };
        foreach (var retry in new RetryOptions[] { options.Resilience.Connect, options.Resilience.Reconnect })
        {
            retry.Delay = TimeSpan.FromMilliseconds(100);
            retry.MaxDelay = TimeSpan.FromSeconds(2);
            retry.AttemptTimeout = TimeSpan.FromSeconds(5);
        }

        options.Resilience.Connect.MaxRetryAttempts = int.MaxValue;
        options.Resilience.Circuit.BreakDuration = TimeSpan.FromSeconds(1);
        options.Resilience.Circuit.MaxBreakDuration = TimeSpan.FromSeconds(4);
        options.Resilience.Circuit.MaxOpenings = MaxOpenings;
        options.Resilience.Reducers.Idempotent.Add("set_item");
        options.Resilience.Reducers.RetryDelay = TimeSpan.FromMilliseconds(100);
        var services = new CompatClientServices { LoggerFactory = null, TimeProvider = time };
        if (withCheck)
        {
            var checker = SchemaCompatibilityChecker.Create(
                BindingsManifestJson.Read(ChaosModule.ManifestJson),
                new SchemaCompatibilityOptions { DatabaseName = ChaosModule.Database },
                new SimulatedModuleSchemaSource(server, ChaosModule.Database),
                timeProvider: time);
            services.CompatibilityCheck = CompatibilityChecks.FromSchemaChecker(checker);
        }

        var logs = new ErrorLog();
        services.LoggerFactory = logs;
        var driver = new CallOracle(ChaosModule.Driver(seed), server);
        var client = (CompatClientCore)CompatClient.Create(driver, options, services);
        var mirror = new Mirror(client);
        var circuit = new CircuitWatch(client, time, options.Resilience.Circuit.MaxBreakDuration, withCheck ? 0 : MaxOpenings);
        var trace = new List<string>();
        client.StateChanged += c => trace.Add($"{c.Previous}->{c.Current} {c.Reason} next={c.NextDelay} err={c.Error?.Message} circuit={client.CompatibilityCircuit} check={client.Compatibility?.Result.Reason}");
        client.Subscribe(new[] { "item", "tag" });
        var connecting = client.ConnectAsync();
        for (var i = 0; i < 50 && !connecting.IsCompleted; i++)
        {
            client.FrameTick();
        }

        await connecting;
        var calls = new List<Task<ReducerOutcome>>();
        var poisoned = false;
        var connectsBeforePoison = 0;
        var holdSteps = 0;
        var refuseSteps = 0;
        for (var step = 0; step < Steps; step++)
        {
            var roll = random.Next(100);
            var id = (ulong)random.Next(1, 9);
            switch (roll)
            {
                case < 30:
                    object args = random.Next(4) switch
                    {
                        0 or 1 => new SetItem(id, (uint)random.Next(1000)),
                        2 => new AddValue(id, (uint)random.Next(10)),
                        _ => new DeleteItem(id),
                    };
                    calls.Add(driver.Track(args, args is SetItem, () => client.CallReducerAsync(args)));
                    break;
                case < 50:
                    ServerWrite(server, random, id, poisoned);
                    break;
                case < 56:
                    server.Restart();
                    break;
                case < 62:
                    if (server.Clients.FirstOrDefault() is { } info)
                    {
                        server.Faults.DropConnection(info);
                    }

                    break;
                case < 68:
                    server.Faults.HoldDelivery();
                    holdSteps = random.Next(1, 4);
                    break;
                case < 72:
                    server.Faults.RefuseConnections = true;
                    refuseSteps = random.Next(1, 4);
                    break;
                case < 78:
                    server.Faults.FailNextCall(random.Next(2) == 0 ? "set_item" : "add_value", "injected failure", internalError: random.Next(2) == 0);
                    break;
                case < 82 when poisonPlanned && !poisoned:
                    connectsBeforePoison = circuit.Connects;
                    server.Publish(ChaosModule.Database, ChaosModule.Define(withNote: true), new PublishOptions { BreakClients = true });
                    poisoned = true;
                    break;
                default:
                    time.Advance(TimeSpan.FromMilliseconds(random.Next(3000)));
                    break;
            }

            if (holdSteps > 0 && --holdSteps == 0)
            {
                server.Faults.ReleaseDelivery();
            }

            if (refuseSteps > 0 && --refuseSteps == 0)
            {
                server.Faults.RefuseConnections = false;
            }

            for (var frame = 0; frame < 3; frame++)
            {
                client.FrameTick();
                time.Advance(TimeSpan.FromMilliseconds(random.Next(400)));
            }
        }

        // Settle: no more faults; let reconnects, replays, queued calls and timeouts finish.
        server.Faults.ReleaseDelivery();
        server.Faults.RefuseConnections = false;
        for (var i = 0; i < 2_000; i++)
        {
            client.FrameTick();
            var settled = calls.All(c => c.IsCompleted)
                && (client.State == CompatConnectionState.Faulted
                    || (client.State == CompatConnectionState.Connected && client.ReplayingCount == 0 && client.PendingCallCount == 0));
            if (settled)
            {
                break;
            }

            time.Advance(TimeSpan.FromMilliseconds(250));
        }

        client.FrameTick();
        var db = server.Database(ChaosModule.Database);
        var serverItems = db.Table("item").Iter().Select(r => new Item(r.Get<ulong>(0), r.Get<ulong>(1), r.Get<uint>(2))).ToList();
        var serverTags = db.Table("tag").Iter().Select(r => new Tag(r.Get<ulong>(0), r.Get<string>(1))).ToList();
        var undecodable = client.Compatibility?.UndecodableTables ?? Array.Empty<string>();
        var context = $"state {client.State}, circuit {client.CompatibilityCircuit}, poisoned {poisoned}, sessions {driver.Opens}, "
            + $"undecodable [{string.Join(", ", undecodable)}], queries [{string.Join(" | ", driver.LastQueries)}], "
            + $"server {serverItems.Count} item(s) {serverTags.Count} tag(s), views {client.Table<Item>().Count} item(s) {client.Table<Tag>().Count} tag(s)\n  "
            + string.Join("\n  ", trace.TakeLast(40));

        // Nothing escaped and every app notification was consistent with what the app had seen.
        Assert.AreEqual(0, mirror.Violations.Count, string.Join("\n", mirror.Violations));
        Assert.AreEqual(0, logs.Faults.Count, string.Join("\n", logs.Faults));

        // Every call got exactly one outcome (a task completes once; none faulted or was left pending).
        foreach (var call in calls)
        {
            Assert.IsTrue(call.IsCompleted, $"a reducer call never got an outcome ({context})");
            Assert.IsTrue(call.Status == TaskStatus.RanToCompletion, $"a reducer call faulted: {call.Exception}");
        }

        // Every outcome is the right one, judged by the server's own call log (rules on CallOracle).
        var wrong = driver.Judge();
        Assert.AreEqual(0, wrong.Count, string.Join("\n", wrong) + $" ({context})");

        // Bounded: one remembered subscription, no queue left, at most one live connection.
        Assert.AreEqual(1, client.SubscriptionCount);
        Assert.AreEqual(0, client.QueuedCallCount);
        Assert.IsTrue(server.Clients.Count <= 1, context);

        // The views are exactly what the app's notifications built.
        CollectionAssert.AreEquivalent(client.Table<Item>().Snapshot().ToList(), mirror.Items.Values.ToList(), context);
        CollectionAssert.AreEquivalent(client.Table<Tag>().Snapshot().ToList(), mirror.Tags.ToList(), context);

        if (poisoned)
        {
            // A poisoned schema never retries beyond the circuit: within a streak of compatibility failures, at most
            // one connect per allowed opening (none when the schema check sees the bindings behind).
            Assert.IsTrue(circuit.ConnectsAtFirstOpening < 0 || circuit.ConnectsAtFirstOpening >= connectsBeforePoison, context);
            Assert.AreEqual(0, circuit.Violations.Count, string.Join("\n", circuit.Violations) + $" ({context})");
            if (withCheck)
            {
                // With a check the client knows the bindings are behind: either the circuit faulted it, or (the check
                // before subscribing ran on a new connection) the gate left `item` out and the connection stays up.
                Assert.IsTrue(client.Compatibility?.Report?.BindingsBehind == true, context);
                if (client.State == CompatConnectionState.Faulted)
                {
                    return;
                }

                CollectionAssert.Contains(undecodable.ToList(), "item", context);
            }

            // Without a check the client cannot know the schema broke until a row fails to decode: when the live
            // rows it subscribed decode (say the widened table is empty), it is rightly Connected, and then its views
            // must equal the server like any other schedule's.
            if (client.State == CompatConnectionState.Faulted)
            {
                return;
            }
        }

        Assert.AreEqual(CompatConnectionState.Connected, client.State, context);
        Assert.AreEqual(0, client.PendingCallCount, context);

        // The views equal the server, except a table the latest check (the Compatibility snapshot) lists as
        // undecodable: the gate never subscribed it on this connection, so its view cannot equal the server; it must
        // instead be faulted with TableUndecodableException naming it, and no query of the current session may name it.
        // Every other table must still equal the server.
        AssertView(client.Table<Item>(), serverItems, undecodable, driver.LastQueries, context);
        AssertView(client.Table<Tag>(), serverTags, undecodable, driver.LastQueries, context);
    }

    private static void AssertView<TRow>(ITableView<TRow> view, List<TRow> serverRows, IReadOnlyList<string> undecodable, List<string> queries, string context)
        where TRow : class
    {
        if (!undecodable.Contains(view.Name))
        {
            Assert.IsNull(view.Fault, context);
            CollectionAssert.AreEquivalent(serverRows, view.Snapshot().ToList(), context);
            return;
        }

        Assert.IsInstanceOfType<TableUndecodableException>(view.Fault, context);
        Assert.AreEqual(view.Name, view.Fault.Table, context);
        var from = new System.Text.RegularExpressions.Regex($@"\b{view.Name}\b");
        Assert.IsFalse(queries.Any(q => from.IsMatch(q)), $"undecodable table '{view.Name}' was subscribed ({context})");
    }

    private static void ServerWrite(SimulatedServer server, Random random, ulong id, bool poisoned)
    {
        var db = server.Database(ChaosModule.Database);
        var items = db.Table("item");
        var tags = db.Table("tag");
        switch (random.Next(5))
        {
            case 0:
            case 1:
                var row = poisoned ? new SimRow(id, 2UL, (uint)random.Next(1000), null) : new SimRow(id, 2UL, (uint)random.Next(1000));
                if (items.Find(id) is null)
                {
                    items.Insert(row);
                }
                else
                {
                    items.Update(row);
                }

                break;
            case 2:
                items.DeleteByKey(id);
                break;
            case 3:
                tags.Insert(new SimRow(id, "t" + random.Next(4)));
                break;
            default:
                tags.Delete(new SimRow(id, "t" + random.Next(4)));
                break;
        }
    }

    /// <summary>The app's own copy, built only from notifications; flags any notification inconsistent with it.</summary>
    private sealed class Mirror
    {
        public Mirror(ICompatClient client)
        {
            var items = client.Table<Item>();
            items.Inserted += c => Check(Items.TryAdd(c.Row.Id, c.Row), $"insert of item {c.Row.Id} already present");
            items.Updated += c =>
            {
                Check(Items.TryGetValue(c.Row.Id, out var old) && Equals(old, c.OldRow), $"update of item {c.Row.Id} whose old row {c.OldRow} the app did not have");
                Check(!Equals(c.OldRow, c.Row), $"update of item {c.Row.Id} that changed nothing");
                Items[c.Row.Id] = c.Row;
            };
            items.Deleted += c => Check(Items.Remove(c.Row.Id), $"delete of item {c.Row.Id} the app did not have");
            var tags = client.Table<Tag>();
            tags.Inserted += c => Check(Tags.Add(c.Row), $"insert of tag {c.Row} already present");
            tags.Updated += c => Violations.Add($"update of unkeyed tag {c.Row}");
            tags.Deleted += c => Check(Tags.Remove(c.Row), $"delete of tag {c.Row} the app did not have");
        }

        public Dictionary<ulong, Item> Items { get; } = new();

        public HashSet<Tag> Tags { get; } = new();

        public List<string> Violations { get; } = new();

        private void Check(bool ok, string what)
        {
            if (!ok)
            {
                Violations.Add(what);
            }
        }
    }

    /// <summary>Keeps the logs that mean something escaped: callback faults, queued-work faults, SDK tick faults.</summary>
    private sealed class ErrorLog : ILoggerFactory, ILogger
    {
        public List<string> Faults { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is >= 3001 and <= 3003)
            {
                lock (Faults)
                {
                    Faults.Add($"{eventId.Id}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
