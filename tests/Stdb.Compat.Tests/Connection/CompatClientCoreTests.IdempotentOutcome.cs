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

    [TestMethod]
    public async Task CallReducerAsync_IdempotentAndAppPipelineProviderThrows_EndsDroppedInsteadOfHanging()
    {
        var h = new ClientHarness(
            configure: o => o.Resilience.Reducers.Idempotent.Add("DealDamage"),
            services: s => s.Pipelines = new ThrowingPipelineProvider(StdbCompatPipelineKeys.Reducer));
        await h.ConnectAsync();

        var call = h.Client.CallReducerAsync(new DealDamage(1, 1, "a"));
        for (var i = 0; i < 5 && !call.IsCompleted; i++)
        {
            h.Client.FrameTick();
            await Task.Yield();
        }

        Assert.IsTrue(call.IsCompleted, "the call must end");
        var outcome = await call;
        Assert.AreEqual(ReducerOutcomeKind.Dropped, outcome.Kind);
        StringAssert.Contains(outcome.Reason, nameof(InvalidOperationException));
    }

    [TestMethod]
    public async Task ConnectAsync_AppPipelineProviderThrows_FaultsInsteadOfHanging()
    {
        var h = new ClientHarness(services: s => s.Pipelines = new ThrowingPipelineProvider(StdbCompatPipelineKeys.Connect));

        var connecting = h.Client.ConnectAsync();
        for (var i = 0; i < 5 && !connecting.IsCompleted; i++)
        {
            h.Client.FrameTick();
            await Task.Yield();
        }

        Assert.IsTrue(connecting.IsCompleted, "ConnectAsync must end");
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => connecting);
        StringAssert.Contains(error.Message, "failed to build");
    }

    /// <summary>An app's pipeline provider whose pipeline for one key fails to build.</summary>
    private sealed class ThrowingPipelineProvider : Polly.Registry.ResiliencePipelineProvider<string>
    {
        private readonly string _failingKey;

        public ThrowingPipelineProvider(string failingKey) => _failingKey = failingKey;

        public override bool TryGetPipeline(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Polly.ResiliencePipeline? pipeline)
        {
            pipeline = null;
            return key == _failingKey ? throw new InvalidOperationException("the app's pipeline failed to build") : false;
        }

        public override bool TryGetPipeline<TResult>(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Polly.ResiliencePipeline<TResult>? pipeline)
        {
            pipeline = null;
            return key == _failingKey ? throw new InvalidOperationException("the app's pipeline failed to build") : false;
        }
    }
}
