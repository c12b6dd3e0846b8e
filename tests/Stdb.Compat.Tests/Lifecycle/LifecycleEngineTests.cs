using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Lifecycle;

/// <summary>The lifecycle engine, driven through the client over a fake driver on fake time.</summary>
[TestClass]
public sealed class LifecycleEngineTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);

    [TestMethod]
    public async Task Reconnect_ServerAcceptsThenDrops_WaitsGrowWithJitterUpToTheCap()
    {
        var h = Harness();
        await h.ConnectAsync();
        var waits = ReconnectWaits(h);

        for (var drop = 1; drop <= 7; drop++)
        {
            var sessions = h.Driver.Sessions.Count;
            h.Time.Advance(TimeSpan.FromMilliseconds(50));
            h.Session.QueueDisconnected(new InvalidOperationException("closed by the host"));
            h.Client.FrameTick();
            var wait = waits.Last();
            if (wait > TimeSpan.Zero)
            {
                Assert.AreEqual(sessions, h.Driver.Sessions.Count, $"drop {drop}: no attempt at once");
                h.Time.Advance(wait - TimeSpan.FromMilliseconds(1));
                h.Client.FrameTick();
                Assert.AreEqual(sessions, h.Driver.Sessions.Count, $"drop {drop}: no attempt before the wait is over");
                h.Time.Advance(TimeSpan.FromMilliseconds(2)); // fake timers resolve to the millisecond
                h.Client.FrameTick();
            }

            Assert.AreEqual(sessions + 1, h.Driver.Sessions.Count, $"drop {drop}: one attempt once the wait is over");
            h.Session.QueueConnected();
            h.Client.FrameTick();
            Assert.AreEqual(CompatConnectionState.Connected, h.Client.State);
        }

        Assert.AreEqual(TimeSpan.Zero, waits[0], "the first drop reconnects at once");
        for (var i = 1; i < waits.Count; i++)
        {
            var full = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, Delay.Ticks << (i - 1)));
            Assert.IsTrue(waits[i] >= TimeSpan.FromTicks(full.Ticks / 2) && waits[i] <= full, $"wait {i} = {waits[i]}, expected within [{full.TotalSeconds / 2}s, {full.TotalSeconds}s]");
        }
    }

    [TestMethod]
    public async Task Reconnect_HostClosingFiftyMillisecondsAfterEachAccept_ConnectsAtMostFiveTimesInSixSeconds()
    {
        var h = Harness();
        await h.ConnectAsync();
        var connects = 1;
        var connectedFor = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(10);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(6); elapsed += step)
        {
            h.Time.Advance(step);
            h.Client.FrameTick();
            if (h.Client.State == CompatConnectionState.Connected)
            {
                connectedFor += step;
                if (connectedFor >= TimeSpan.FromMilliseconds(50))
                {
                    h.Session.QueueDisconnected(null);
                    h.Client.FrameTick();
                    connectedFor = TimeSpan.Zero;
                }
            }
            else if (!h.Session.Disposed && h.Session.Ticks > 0 && h.Session.IsActive)
            {
                h.Session.QueueConnected();
                h.Client.FrameTick();
                connects++;
            }
        }

        // Waits 0, >=0.5, >=1, >=2, >=4 s: at most five connects in six seconds (about 100 without the backoff).
        Assert.IsTrue(connects <= 5, $"{connects} connects");
        Assert.IsTrue(connects >= 3, $"{connects} connects: the client keeps trying");
    }

    [TestMethod]
    public async Task Reconnect_ConnectionStayedUpForTheStablePeriod_NextDropReconnectsAtOnce()
    {
        var h = Harness();
        await h.ConnectAsync();
        var waits = ReconnectWaits(h);
        for (var drop = 0; drop < 3; drop++)
        {
            h.Session.QueueDisconnected(new InvalidOperationException("lost"));
            h.Client.FrameTick();
            h.Time.Advance(waits.Last());
            h.Client.FrameTick();
            h.Session.QueueConnected();
            h.Client.FrameTick();
        }

        Assert.IsTrue(waits.Last() > TimeSpan.Zero);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        h.Client.FrameTick();

        Assert.AreEqual(TimeSpan.Zero, waits.Last());
    }

    private static ClientHarness Harness() => new(configure: o =>
    {
        o.Resilience.Reconnect.Delay = Delay;
        o.Resilience.Reconnect.MaxDelay = MaxDelay;
        o.Resilience.Reconnect.StablePeriod = TimeSpan.FromSeconds(10);
    });

    private static List<TimeSpan> ReconnectWaits(ClientHarness h)
    {
        var waits = new List<TimeSpan>();
        h.Client.StateChanged += c =>
        {
            if (c.Previous == CompatConnectionState.Connected && c.Current == CompatConnectionState.Reconnecting)
            {
                waits.Add(c.NextDelay ?? TimeSpan.Zero);
            }
        };
        return waits;
    }
}
