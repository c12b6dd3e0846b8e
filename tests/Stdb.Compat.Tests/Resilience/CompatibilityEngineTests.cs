using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Resilience;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Resilience;

/// <summary>The compatibility engine, driven through the client over a fake driver on fake time.</summary>
[TestClass]
public sealed class CompatibilityEngineTests
{
    [TestMethod]
    public async Task NormalClose_Unasked_ChecksBeforeRetryingAndOpensTheCircuitWhenRefused()
    {
        // The 2.x SDK reports a message it cannot decode (a client-breaking publish) by closing the connection itself:
        // OnDisconnect(null), exactly like a normal close.
        var checks = new List<CompatibilityCheckContext>();
        var h = Harness(checks, refuse: true);
        await h.ConnectAsync();
        var changes = new List<StateChange>();
        h.Client.StateChanged += changes.Add;

        h.Session.QueueDisconnected(null);
        h.Client.FrameTick();

        var check = checks.Single(c => c.Trigger == CompatibilityCheckTrigger.BeforeRetry);
        Assert.AreEqual(StateChangeReason.ServerClosed, check.Reason);
        Assert.AreEqual(1, h.Driver.Sessions.Count, "no blind reconnect");
        Assert.AreEqual(CompatibilityCircuitState.Open, h.Client.CompatibilityCircuit);
        Assert.AreEqual(StateChangeReason.BindingsBehind, changes.Last().Reason);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.Id.Id == 1024));
    }

    [TestMethod]
    public async Task NormalClose_Unasked_CheckAllows_ReconnectsAfterTheCheck()
    {
        var checks = new List<CompatibilityCheckContext>();
        var h = Harness(checks, refuse: false);
        await h.ConnectAsync();

        h.Session.QueueDisconnected(null);
        h.Client.FrameTick();

        Assert.AreEqual(1, checks.Count(c => c.Trigger == CompatibilityCheckTrigger.BeforeRetry));
        Assert.AreEqual(2, h.Driver.Sessions.Count);
        Assert.AreEqual(CompatibilityCircuitState.Closed, h.Client.CompatibilityCircuit);
    }

    [TestMethod]
    public async Task NormalClose_Unasked_WithoutCheck_ReconnectsAtOnce()
    {
        var h = new ClientHarness();
        await h.ConnectAsync();

        h.Session.QueueDisconnected(null);
        h.Client.FrameTick();

        Assert.AreEqual(2, h.Driver.Sessions.Count);
    }

    private static ClientHarness Harness(List<CompatibilityCheckContext> checks, bool refuse) => new(services: s => s.CompatibilityCheck = CompatibilityChecks.FromDelegate((c, _) =>
    {
        checks.Add(c);
        return new ValueTask<CompatibilityCheckResult>(refuse && c.Trigger == CompatibilityCheckTrigger.BeforeRetry
            ? CompatibilityCheckResult.Incompatible("player gained a column")
            : CompatibilityCheckResult.Compatible());
    }));
}
