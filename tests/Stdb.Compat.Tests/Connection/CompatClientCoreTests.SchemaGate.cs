using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

/// <summary>The schema check at connect (before subscribing), the subscription gate and the compatibility snapshot.</summary>
public sealed partial class CompatClientCoreTests
{
    private static CompatibilityReport ReportWithAppendedColumn(string table) => new()
    {
        Verdict = CompatibilityVerdict.Incompatible,
        ServerVersion = "2.8.0",
        Changes = new[]
        {
            new SchemaChange
            {
                Kind = SchemaChangeKind.AddColumns,
                Criticality = ChangeCriticality.Breaking,
                Path = "tables/" + table + "/columns/3",
                Subject = table,
                AffectsApp = true,
                RuntimeEffect = SdkRuntimeEffect.RowDecodeFailureDisconnects,
                Reason = "1 column(s) appended",
            },
        },
    };

    private static (ClientHarness Harness, List<CompatibilityCheckContext> Contexts) GatedHarness(CompatibilityReport report, Action<Stdb.Compat.Connection.CompatClientOptions>? configure = null)
    {
        var contexts = new List<CompatibilityCheckContext>();
        var h = new ClientHarness(configure: configure, services: s => s.CompatibilityCheck = CompatibilityChecks.FromDelegate((c, _) =>
        {
            lock (contexts)
            {
                contexts.Add(c);
            }

            return new ValueTask<CompatibilityCheckResult>(CompatibilityCheckResult.Compatible(report, "checked"));
        }));
        return (h, contexts);
    }

    [TestMethod]
    public async Task OnConnected_CheckConfigured_RunsBeforeSubscribing()
    {
        var (h, contexts) = GatedHarness(new CompatibilityReport { Verdict = CompatibilityVerdict.Compatible });
        h.Client.Subscribe(new[] { "player" });

        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        h.Session.QueueConnected();
        h.Client.FrameTick();
        await connecting;
        await WaitForAsync(h, () => h.Session.Subscriptions.Count > 0);

        Assert.AreEqual(1, contexts.Count);
        Assert.AreEqual(CompatibilityCheckTrigger.Connected, contexts[0].Trigger);
        Assert.IsNotNull(h.Client.Compatibility);
    }

    [TestMethod]
    public async Task OnConnected_CheckTurnedOff_SkipsCheckAndSubscribes()
    {
        var (h, contexts) = GatedHarness(ReportWithAppendedColumn("player"), o => o.Resilience.Circuit.CheckOnConnect = false);
        h.Client.Subscribe(new[] { "player" });

        await h.ConnectAsync();

        Assert.AreEqual(0, contexts.Count);
        Assert.IsNull(h.Client.Compatibility);
        Assert.AreEqual(1, h.Session.Subscriptions.Count);
    }

    [TestMethod]
    public async Task OnConnected_NoCheckAndNoManifest_SubscribesWithoutCheck()
    {
        var h = new ClientHarness();
        h.Client.Subscribe(new[] { "player" });

        await h.ConnectAsync();

        Assert.IsNull(h.Client.Compatibility);
        Assert.AreEqual(1, h.Session.Subscriptions.Count);
    }

    [TestMethod]
    public async Task OnConnected_TableNoLongerDecodes_NeverSubscribedAndViewFaulted()
    {
        var (h, _) = GatedHarness(ReportWithAppendedColumn("player"));
        h.Client.Subscribe(new[] { "player", "damage_log" });

        await h.ConnectAsync();
        await WaitForAsync(h, () => h.Client.Compatibility is not null && h.Session.Subscriptions.Count > 0);

        var queries = h.Session.Subscriptions.SelectMany(s => s.Queries).ToList();
        Assert.IsFalse(queries.Any(q => q.Contains("player", StringComparison.Ordinal)), string.Join("; ", queries));
        Assert.IsTrue(queries.Any(q => q.Contains("damage_log", StringComparison.Ordinal)), string.Join("; ", queries));
        var fault = h.Client.Table<Player>().Fault;
        Assert.IsNotNull(fault);
        Assert.AreEqual("player", fault.Table);
        Assert.IsNull(h.Client.Table<DamageLog>().Fault);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.Id.Id == 1025), "log 1025 tells the app");
    }

    [TestMethod]
    public async Task OnConnected_OnlyUndecodableTables_SubscriptionNotSent()
    {
        var (h, _) = GatedHarness(ReportWithAppendedColumn("player"));
        h.Client.Subscribe(new[] { "player" });

        await h.ConnectAsync();
        await WaitForAsync(h, () => h.Client.Compatibility is not null);

        Assert.AreEqual(0, h.Session.Subscriptions.Count);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.Id.Id == 3005));
    }

    [TestMethod]
    public async Task Compatibility_AfterCheck_SnapshotHoldsReportTimeVersionAndUndecodableTables()
    {
        var report = ReportWithAppendedColumn("player");
        var (h, _) = GatedHarness(report);
        var now = h.Time.GetUtcNow();

        await h.ConnectAsync();
        await WaitForAsync(h, () => h.Client.Compatibility is not null);

        var snapshot = h.Client.Compatibility!;
        Assert.AreSame(report, snapshot.Report);
        Assert.AreEqual(CompatibilityVerdict.Incompatible, snapshot.Verdict);
        Assert.AreEqual("2.8.0", snapshot.ServerVersion);
        Assert.AreEqual(now, snapshot.CheckedAt);
        Assert.AreEqual(CompatibilityCheckTrigger.Connected, snapshot.Trigger);
        CollectionAssert.AreEqual(new[] { "player" }, snapshot.UndecodableTables.ToArray());
    }

    [TestMethod]
    public async Task CheckContext_AppSubscribesAndCalls_UsageDerivedFromClient()
    {
        var (h, contexts) = GatedHarness(new CompatibilityReport());
        h.Client.Subscribe(new[] { "damage_log" });
        await h.ConnectAsync();
        await WaitForAsync(h, () => contexts.Count == 1);
        _ = h.Client.CallReducerAsync(new DealDamage(1, 2, "s"));
        h.Client.FrameTick();

        h.Session.QueueDisconnected(null); // an unasked close: the check runs again before the next attempt
        h.Client.FrameTick();
        await WaitForAsync(h, () => contexts.Count >= 2);

        var first = contexts[0].Usage!;
        CollectionAssert.AreEqual(new[] { "damage_log" }, first.Tables!.ToArray());
        Assert.AreEqual(0, first.Reducers!.Count);
        var last = contexts[^1].Usage!;
        CollectionAssert.Contains(last.Reducers!.ToArray(), "deal_damage");
    }

    [TestMethod]
    public async Task Create_DriverWithManifestAndNoCheckConfigured_DefaultCheckBuilt()
    {
        var h = new ClientHarness();
        await using var client = Stdb.Compat.Connection.CompatClient.Create(new ManifestDriver(h.Driver), h.Options, new Stdb.Compat.Connection.CompatClientServices { TimeProvider = h.Time });

        Assert.IsTrue(((Stdb.Compat.Connection.CompatClientCore)client).HasCompatibilityCheck);
        Assert.IsFalse(((Stdb.Compat.Connection.CompatClientCore)h.Client).HasCompatibilityCheck, "no manifest, no default check");
    }

    [TestMethod]
    public async Task OnConnected_DriverWithManifestAndCheckTurnedOff_NoCheckRuns()
    {
        var h = new ClientHarness(configure: o =>
        {
            o.ServerUri = new Uri("http://127.0.0.1:1");
            o.Resilience.Circuit.CheckOnConnect = false;
        });
        var client = Stdb.Compat.Connection.CompatClient.Create(new ManifestDriver(h.Driver), h.Options, new Stdb.Compat.Connection.CompatClientServices { LoggerFactory = h.Logs, TimeProvider = h.Time });
        client.Subscribe(new[] { "player" });

        var connecting = client.ConnectAsync();
        client.FrameTick();
        h.Session.QueueConnected();
        client.FrameTick();
        await connecting;

        Assert.IsNull(client.Compatibility);
        Assert.AreEqual(1, h.Session.Subscriptions.Count);
        await client.DisposeAsync();
    }

    [TestMethod]
    public async Task OnConnected_EarlierConnectionsCheckAnswersLate_NewConnectionStillSubscribesByItsOwnCheck()
    {
        // Regression (chaos review): the connect check's continuation sat in one field, and a late answer for a
        // connection already gone cleared it, so the new connection never subscribed.
        var answers = new List<TaskCompletionSource<CompatibilityCheckResult>>();
        var h = new ClientHarness(services: s => s.CompatibilityCheck = CompatibilityChecks.FromDelegate((c, _) =>
        {
            var answer = new TaskCompletionSource<CompatibilityCheckResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (answers)
            {
                answers.Add(answer);
            }

            return new ValueTask<CompatibilityCheckResult>(answer.Task);
        }));
        h.Client.Subscribe(new[] { "player", "damage_log" });
        await h.ConnectAsync();
        var first = h.Session;
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        await WaitForAsync(h, () => h.Driver.Sessions.Count == 2);
        h.Session.QueueConnected();
        await WaitForAsync(h, () => h.Client.State == CompatConnectionState.Connected && answers.Count == 2);

        answers[0].SetResult(CompatibilityCheckResult.Compatible(new CompatibilityReport { Verdict = CompatibilityVerdict.Compatible }, "stale"));
        for (var i = 0; i < 20; i++)
        {
            h.Client.FrameTick();
            await Task.Yield();
        }

        Assert.AreEqual(0, h.Session.Subscriptions.Count, "the stale answer must not subscribe the new connection");
        answers[1].SetResult(CompatibilityCheckResult.Compatible(ReportWithAppendedColumn("player"), "fresh"));
        await WaitForAsync(h, () => h.Session.Subscriptions.Count > 0);

        Assert.AreEqual(0, first.Subscriptions.Count);
        var queries = h.Session.Subscriptions.SelectMany(s => s.Queries).ToList();
        Assert.IsFalse(queries.Any(q => q.Contains("player", StringComparison.Ordinal)), string.Join("; ", queries));
        Assert.AreEqual("fresh", h.Client.Compatibility?.Result.Reason);
        Assert.IsNotNull(h.Client.Table<Player>().Fault);
    }

    /// <summary>A driver that carries a generated manifest, like every generated driver.</summary>
    private sealed class ManifestDriver : IConnectionDriver, IBindingsManifestSource
    {
        private readonly FakeDriver _inner;

        public ManifestDriver(FakeDriver inner) => _inner = inner;

        public DriverCapabilities Capabilities => _inner.Capabilities;

        public IReadOnlyList<DriverTable> Tables => _inner.Tables;

        public IReadOnlyList<DriverReducer> Reducers => _inner.Reducers;

        public BindingsManifest Manifest { get; } = new() { SdkMajor = 2 };

        public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener) => _inner.Open(options, listener);
    }
}
