using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

/// <content>Connect and reconnect, the compatibility circuit, reducer calls under failure, the token store.</content>
public sealed partial class CompatClientCoreTests
{
    private static void NoJitter(CompatClientOptions o)
    {
        o.Resilience.Connect.UseJitter = false;
        o.Resilience.Reconnect.UseJitter = false;
    }

    [TestMethod]
    public async Task Reconnect_ConnectionLost_OpensNewSessionWithTheFirstToken()
    {
        var h = new ClientHarness(configure: NoJitter);
        var changes = new List<StateChange>();
        await h.ConnectAsync();
        h.Client.StateChanged += changes.Add;

        h.Session.QueueDisconnected(new InvalidOperationException("socket closed"));
        h.Client.FrameTick();

        Assert.AreEqual(CompatConnectionState.Reconnecting, h.Client.State);
        Assert.AreEqual(2, h.Driver.Sessions.Count);
        Assert.AreEqual("secret-token", h.Session.Options.Token);
        h.Session.QueueConnected();
        h.Client.FrameTick();

        Assert.AreEqual(CompatConnectionState.Connected, h.Client.State);
        Assert.AreEqual(StateChangeReason.ConnectionLost, changes[0].Reason);
        Assert.AreEqual(CompatConnectionState.Reconnecting, changes[0].Current);
        Assert.AreEqual(CompatConnectionState.Connected, changes[^1].Current);
        Assert.AreEqual(CompatConnectionState.Reconnecting, changes[^1].Previous);
    }

    [TestMethod]
    public async Task Reconnect_AttemptFails_WaitsTheBackoffDelayBeforeTheNextAttempt()
    {
        var h = new ClientHarness(configure: NoJitter);
        var changes = new List<StateChange>();
        await h.ConnectAsync();
        h.Client.StateChanged += changes.Add;
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException("connection refused"));
        h.Client.FrameTick();

        var retry = changes.Last();
        Assert.AreEqual(CompatConnectionState.Reconnecting, retry.Previous);
        Assert.AreEqual(CompatConnectionState.Reconnecting, retry.Current);
        Assert.AreEqual(StateChangeReason.ConnectFailed, retry.Reason);
        Assert.AreEqual(TimeSpan.FromSeconds(1), retry.NextDelay);
        Assert.AreEqual(1, retry.Attempt);
        Assert.AreEqual(2, h.Driver.Sessions.Count);

        h.Time.Advance(TimeSpan.FromMilliseconds(999));
        h.Client.FrameTick();
        Assert.AreEqual(2, h.Driver.Sessions.Count);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        h.Client.FrameTick();
        Assert.AreEqual(3, h.Driver.Sessions.Count);

        h.Session.QueueConnectError(new InvalidOperationException("connection refused"));
        h.Client.FrameTick();
        Assert.AreEqual(TimeSpan.FromSeconds(2), changes.Last().NextDelay);
        Assert.AreEqual(2, changes.Last().Attempt);
    }

    [TestMethod]
    public async Task Reconnect_AttemptsExhausted_FaultsWithRetriesExhaustedAndEndsQueuedCalls()
    {
        var h = new ClientHarness(configure: o =>
        {
            NoJitter(o);
            o.Resilience.Reconnect.MaxRetryAttempts = 1;
        });
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        var queued = h.Client.CallReducerAsync(new DealDamage(1, 1, "s"));
        h.Session.QueueConnectError(new InvalidOperationException("refused"));
        h.Client.FrameTick();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException("refused"));
        h.Client.FrameTick();

        Assert.AreEqual(CompatConnectionState.Faulted, h.Client.State);
        var outcome = await queued;
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, outcome.Kind);
        StringAssert.Contains(outcome.Reason, "Faulted");
    }

    [TestMethod]
    public async Task Reconnect_Disabled_StaysDisconnected()
    {
        var h = new ClientHarness(configure: o => o.Resilience.Reconnect.Enabled = false);
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
        Assert.AreEqual(1, h.Driver.Sessions.Count);
    }

    [TestMethod]
    public async Task Reconnect_AttemptTimesOut_AbandonsTheSessionAndRetries()
    {
        var h = new ClientHarness(configure: o =>
        {
            NoJitter(o);
            o.Resilience.Reconnect.AttemptTimeout = TimeSpan.FromSeconds(5);
        });
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        var hanging = h.Session;
        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Client.FrameTick();
        Assert.IsTrue(hanging.DisconnectCalled);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Client.FrameTick();
        Assert.AreEqual(3, h.Driver.Sessions.Count);
        h.Session.QueueConnected();
        h.Client.FrameTick();
        Assert.AreEqual(CompatConnectionState.Connected, h.Client.State);
    }

    [TestMethod]
    public async Task DisconnectAsync_WhileReconnecting_StopsTheLoop()
    {
        var h = new ClientHarness(configure: NoJitter);
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException("refused"));
        h.Client.FrameTick();
        var disconnecting = h.Client.DisconnectAsync();
        h.Client.FrameTick();
        await disconnecting;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Client.FrameTick();

        Assert.AreEqual(CompatConnectionState.Disconnected, h.Client.State);
        Assert.AreEqual(2, h.Driver.Sessions.Count);
    }

    [TestMethod]
    public async Task ConnectAsync_FirstAttemptRefused_RetriedAndConnects()
    {
        var h = new ClientHarness(configure: NoJitter);
        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException("refused"));
        h.Client.FrameTick();
        Assert.AreEqual(CompatConnectionState.Connecting, h.Client.State);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Client.FrameTick();
        h.Session.QueueConnected();
        h.Client.FrameTick();

        await connecting;
        Assert.AreEqual(2, h.Driver.Sessions.Count);
        Assert.AreEqual(CompatConnectionState.Connected, h.Client.State);
    }

    [TestMethod]
    public async Task ConnectAsync_ProtocolRefused_IsNotRetried()
    {
        var h = new ClientHarness();
        var connecting = h.Client.ConnectAsync();
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException("HTTP 400: no valid protocol selected"));
        h.Client.FrameTick();
        await Assert.ThrowsExactlyAsync<ProtocolMismatchException>(() => connecting);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        h.Client.FrameTick();
        Assert.AreEqual(1, h.Driver.Sessions.Count);
    }

    [TestMethod]
    public async Task CallReducerAsync_WhileReconnecting_QueuedAndSentInOrderAfterReconnect()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        var first = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        var second = h.Client.CallReducerAsync(new DealDamage(1, 2, "b"));
        h.Client.FrameTick();
        Assert.IsFalse(first.IsCompleted);
        Assert.AreEqual(0, h.Session.Calls.Count);

        h.Session.QueueConnected();
        h.Client.FrameTick();
        CollectionAssert.AreEqual(new object[] { new DealDamage(1, 1, "a"), new DealDamage(1, 2, "b") }, h.Session.Calls);
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", h.Session.Calls[0]));
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", h.Session.Calls[1]));
        h.Client.FrameTick();
        Assert.AreEqual(ReducerOutcomeKind.Committed, (await first).Kind);
        Assert.AreEqual(ReducerOutcomeKind.Committed, (await second).Kind);
    }

    [TestMethod]
    public async Task CallReducerAsync_WhileReconnectingWithFailFast_EndsNotConnectedAtOnce()
    {
        var h = new ClientHarness(configure: o => o.Resilience.Reducers.WhileReconnecting = ReducerCallsWhileReconnecting.FailFast);
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        h.Client.FrameTick();
        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, outcome.Kind);
        StringAssert.Contains(outcome.Reason, "fail fast");
    }

    [TestMethod]
    public async Task CallReducerAsync_QueueDeadlinePasses_EndsNotConnected()
    {
        var h = new ClientHarness(configure: o => o.Resilience.Reducers.QueueTimeout = TimeSpan.FromSeconds(3));
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        h.Client.FrameTick();
        h.Time.Advance(TimeSpan.FromSeconds(3));
        h.Client.FrameTick(); // The deadline only enqueues; the call ends on the pump.
        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, outcome.Kind);
        StringAssert.Contains(outcome.Reason, "QueueTimeout");

        h.Session.QueueConnected();
        h.Client.FrameTick();
        Assert.AreEqual(0, h.Session.Calls.Count);
    }

    [TestMethod]
    public async Task CallReducerAsync_QueueFull_EndsNotConnected()
    {
        var h = new ClientHarness(configure: o => o.Resilience.Reducers.QueueLimit = 1);
        await h.ConnectAsync();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        var first = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        var second = h.Client.CallReducerAsync(new DealDamage(1, 2, "b"));
        h.Client.FrameTick();
        var outcome = await second;
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, outcome.Kind);
        StringAssert.Contains(outcome.Reason, "QueueLimit");
        Assert.IsFalse(first.IsCompleted);
    }

    [TestMethod]
    public async Task CallReducerAsync_IdempotentCallDropped_RetriedOnTheNewConnection()
    {
        var h = new ClientHarness(configure: o =>
        {
            o.Resilience.Reducers.Idempotent.Add("DealDamage");
            o.Resilience.Reducers.RetryDelay = TimeSpan.Zero;
        });
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        h.Client.FrameTick();
        Assert.AreEqual(1, h.Session.Calls.Count);
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        Assert.IsFalse(call.IsCompleted);

        h.Session.QueueConnected();
        h.Client.FrameTick();
        Assert.AreEqual(1, h.Session.Calls.Count);
        h.Session.QueueReducerEvent(Ev.Own("deal_damage", h.Session.Calls[0]));
        h.Client.FrameTick();
        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.Committed, outcome.Kind);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.Id.Id == 2004));
    }

    [TestMethod]
    [DataRow("DealDamage")]
    [DataRow("deal_damage")]
    public async Task CallReducerAsync_IdempotentNameInEitherStyleOnDeclaredNames_IsRetried(string name)
    {
        // 1.x bindings send the declared name ("DealDamage"); a list written for 2.x ("deal_damage") must still match.
        var declared = new DriverReducer("DealDamage", "DealDamage", typeof(DealDamage), FakeDriver.DealDamageReducer.Parameters);
        var h = new ClientHarness(
            configure: o =>
            {
                o.Resilience.Reducers.Idempotent.Add(name);
                o.Resilience.Reducers.RetryDelay = TimeSpan.Zero;
            },
            driver: new FakeDriver(1) { Reducers = new[] { declared, FakeDriver.CreatePlayerReducer } });
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        h.Client.FrameTick();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        h.Session.QueueConnected();
        h.Client.FrameTick();

        Assert.IsFalse(call.IsCompleted, "the dropped call is retried, not ended");
        Assert.AreEqual(1, h.Session.Calls.Count);
    }

    [TestMethod]
    public async Task CallReducerAsync_NotIdempotentCallDropped_IsNotRetried()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        h.Client.FrameTick();
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();
        h.Session.QueueConnected();
        h.Client.FrameTick();
        Assert.AreEqual(ReducerOutcomeKind.Dropped, (await call).Kind);
        Assert.AreEqual(0, h.Session.Calls.Count);
    }

    [TestMethod]
    public async Task Circuit_ParseFailure_OpensWithoutHotRetryAndFaultsWhenTheCheckRefuses()
    {
        var checks = new List<CompatibilityCheckContext>();
        var h = new ClientHarness(
            configure: o => o.Resilience.Circuit.BreakDuration = TimeSpan.FromSeconds(10),
            services: s => s.CompatibilityCheck = CompatibilityChecks.FromDelegate((c, _) =>
            {
                checks.Add(c);
                return new ValueTask<CompatibilityCheckResult>(c.Trigger == CompatibilityCheckTrigger.BeforeRetry
                    ? CompatibilityCheckResult.Incompatible("player gained a column")
                    : CompatibilityCheckResult.Compatible());
            }));
        await h.ConnectAsync();
        var changes = new List<StateChange>();
        h.Client.StateChanged += changes.Add;

        h.Session.QueueDisconnected(new InvalidOperationException("Message parsing failed; connection closed."));
        h.Client.FrameTick();
        Assert.AreEqual(CompatibilityCircuitState.Open, h.Client.CompatibilityCircuit);
        Assert.AreEqual(CompatConnectionState.Reconnecting, h.Client.State);
        Assert.AreEqual(TimeSpan.FromSeconds(10), changes.Last().NextDelay);
        Assert.AreEqual(StateChangeReason.ParseFailure, changes.Last().Reason);
        Assert.AreEqual(1, h.Driver.Sessions.Count);

        h.Time.Advance(TimeSpan.FromSeconds(10));
        h.Client.FrameTick();
        await WaitForAsync(h, () => h.Client.State == CompatConnectionState.Faulted);

        Assert.AreEqual(StateChangeReason.BindingsBehind, changes.Last().Reason);
        StringAssert.Contains(changes.Last().Error!.Message, "player gained a column");
        Assert.AreEqual(1, h.Driver.Sessions.Count);
        Assert.AreEqual(CompatibilityCheckTrigger.BeforeRetry, checks.Last().Trigger);
        Assert.AreEqual(StateChangeReason.ParseFailure, checks.Last().Reason);
    }

    [TestMethod]
    public async Task Circuit_CheckAllows_TriesAgainAndClosesOnceSubscriptionsApply()
    {
        var h = new ClientHarness(configure: o => o.Resilience.Circuit.BreakDuration = TimeSpan.FromSeconds(10));
        await h.ConnectAsync();
        h.Client.Subscribe(new[] { "player" });
        h.Client.FrameTick();
        h.Session.QueueDisconnected(new InvalidOperationException("Message parsing failed; connection closed."));
        h.Client.FrameTick();
        h.Time.Advance(TimeSpan.FromSeconds(10));
        h.Client.FrameTick();
        Assert.AreEqual(2, h.Driver.Sessions.Count);
        Assert.AreEqual(CompatibilityCircuitState.HalfOpen, h.Client.CompatibilityCircuit);

        h.Session.QueueConnected();
        h.Client.FrameTick();
        Assert.AreEqual(CompatibilityCircuitState.HalfOpen, h.Client.CompatibilityCircuit);
        h.Session.QueueApplied(0);
        h.Client.FrameTick();
        Assert.AreEqual(CompatibilityCircuitState.Closed, h.Client.CompatibilityCircuit);
    }

    [TestMethod]
    public async Task Circuit_RepeatedParseFailures_FaultAfterMaxOpeningsWithDoublingBreaks()
    {
        var h = new ClientHarness(configure: o =>
        {
            o.Resilience.Circuit.BreakDuration = TimeSpan.FromSeconds(10);
            o.Resilience.Circuit.MaxOpenings = 2;
        });
        var delays = new List<TimeSpan?>();
        await h.ConnectAsync();
        h.Client.Subscribe(new[] { "player" });
        h.Client.StateChanged += c => delays.Add(c.NextDelay);
        for (var round = 0; round < 3; round++)
        {
            h.Session.QueueDisconnected(new InvalidOperationException("Message parsing failed; connection closed."));
            h.Client.FrameTick();
            h.Time.Advance(TimeSpan.FromSeconds(20));
            h.Client.FrameTick();
            h.Session.QueueConnected();
            h.Client.FrameTick();
        }

        Assert.AreEqual(CompatConnectionState.Faulted, h.Client.State);
        Assert.AreEqual(3, h.Driver.Sessions.Count);
        CollectionAssert.Contains(delays, (TimeSpan?)TimeSpan.FromSeconds(10));
        CollectionAssert.Contains(delays, (TimeSpan?)TimeSpan.FromSeconds(20));
    }

    [TestMethod]
    public async Task CompatibilityCheck_AtConnect_ReportIsExposed()
    {
        var h = new ClientHarness(services: s => s.CompatibilityCheck = CompatibilityChecks.FromDelegate((c, _) =>
            new ValueTask<CompatibilityCheckResult>(CompatibilityCheckResult.Compatible(new Schema.Compatibility.CompatibilityReport(), "fine"))));
        await h.ConnectAsync();
        await WaitForAsync(h, () => h.Client.Compatibility is not null);
        Assert.AreEqual("fine", h.Client.Compatibility!.Result.Reason);
        Assert.IsNotNull(h.Client.Compatibility!.Report);
    }

    [TestMethod]
    public async Task TokenStore_FirstConnect_LoadsTheTokenAndSavesTheIssuedOne()
    {
        var store = new MemoryTokenStore { Token = "stored-secret" };
        var h = new ClientHarness(services: s => s.TokenStore = store);
        var connecting = h.Client.ConnectAsync();
        await WaitForAsync(h, () => h.Driver.Sessions.Count == 1);
        Assert.AreEqual("stored-secret", h.Session.Options.Token);
        h.Session.QueueConnected(token: "issued-secret");
        h.Client.FrameTick();
        await connecting;
        await WaitForAsync(h, () => store.Token == "issued-secret");
        Assert.AreEqual(1, store.Saves);
    }

    [TestMethod]
    public async Task Secrets_ConnectFailuresReconnectsAndCalls_NeverInLogsMetricsTracesOrErrors()
    {
        const string Secret = "tok-very-secret";
        var seen = new List<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Stdb.Compat",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (seen) { seen.Add(a.DisplayName + string.Join(",", a.TagObjects.Select(t => t.Key + "=" + t.Value))); } },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == "Stdb.Compat") { l.EnableMeasurementEvents(i); } } };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => { lock (seen) { foreach (var t in tags) { seen.Add(t.Key + "=" + t.Value); } } });
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => { lock (seen) { foreach (var t in tags) { seen.Add(t.Key + "=" + t.Value); } } });
        meters.Start();

        var h = new ClientHarness(configure: o =>
        {
            NoJitter(o);
            o.Token = Secret;
        });
        var errors = new List<Exception?>();
        h.Client.StateChanged += c => errors.Add(c.Error);
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        h.Client.FrameTick();
        h.Session.QueueDisconnected(new InvalidOperationException($"closed while sending {Secret}"));
        h.Client.FrameTick();
        h.Session.QueueConnectError(new InvalidOperationException($"401 for token {Secret}"));
        h.Client.FrameTick();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Client.FrameTick();
        h.Session.QueueConnected(token: Secret);
        h.Client.FrameTick();
        var outcome = await call;

        var texts = h.Logs.Messages.Concat(seen).Append(outcome.Reason ?? string.Empty)
            .Concat(errors.Where(e => e is not null).Select(e => e!.Message)).ToList();
        Assert.IsTrue(texts.Count > 10);
        var leaks = texts.Where(t => t.Contains(Secret, StringComparison.Ordinal)).ToList();
        Assert.AreEqual(0, leaks.Count, string.Join("\n", leaks));
    }

    private static async Task WaitForAsync(ClientHarness h, Func<bool> condition)
    {
        // Checks and token stores complete off the pump; keep pumping (no sleeping) until their result is applied.
        for (var i = 0; i < 10_000 && !condition(); i++)
        {
            h.Client.FrameTick();
            await Task.Yield();
        }

        Assert.IsTrue(condition(), "the condition never became true");
    }

    private sealed class MemoryTokenStore : ITokenStore
    {
        public string? Token { get; set; }

        public int Saves { get; private set; }

        public ValueTask<string?> LoadAsync(CancellationToken cancellationToken = default) => new(Token);

        public ValueTask SaveAsync(string token, CancellationToken cancellationToken = default)
        {
            Token = token;
            Saves++;
            return default;
        }
    }
}
