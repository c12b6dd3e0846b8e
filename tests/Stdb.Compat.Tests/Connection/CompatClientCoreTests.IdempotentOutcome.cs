using System;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Resilience;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

/// <content>The outcome of an idempotent call whose retry could not be sent (regression of chaos seeds 65, 385, 1170...).</content>
public sealed partial class CompatClientCoreTests
{
    [TestMethod]
    public async Task CallReducerAsync_IdempotentCallDroppedAndRetryNotSent_EndsDroppedNotNotConnected()
    {
        var h = new ClientHarness(configure: o =>
        {
            o.Resilience.Reducers.Idempotent.Add("DealDamage");
            o.Resilience.Reducers.RetryDelay = TimeSpan.Zero;
            o.Resilience.Reducers.WhileReconnecting = ReducerCallsWhileReconnecting.FailFast;
        });
        await h.ConnectAsync();
        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        h.Client.FrameTick();
        Assert.AreEqual(1, h.Session.Calls.Count);

        // The first attempt was sent (it may have run); the retry fails fast while reconnecting.
        h.Session.QueueDisconnected(new InvalidOperationException("lost"));
        for (var i = 0; i < 5 && !call.IsCompleted; i++)
        {
            h.Client.FrameTick();
        }

        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.Dropped, outcome.Kind, outcome.Reason);
        Assert.IsFalse(outcome.IsDefinitelyNotApplied);
        StringAssert.Contains(outcome.Reason, "the retry was not sent");
    }
}
