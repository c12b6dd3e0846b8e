using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Calls;

/// <summary>Idempotent calls: retried through the reducer pipeline while the outcome is unknown.</summary>
internal sealed partial class CallEngine
{
    private async Task RunIdempotentAsync(long id, DriverReducer reducer, object args, Activity? activity, TaskCompletionSource<ReducerOutcome> outer, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StdbCompatResilience.RetryObserverKey, this);
        var unknown = new StrongBox<ReducerOutcome?>();
        ReducerOutcome outcome;
        try
        {
            // Inside the try: an app's pipeline provider that fails to build still ends the call (no caller waits forever).
            var pipeline = _host.ReducerPipeline();
            outcome = await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var attempt = await state.Engine.StartAttempt(state.Id, state.Reducer, state.Args, ctx.CancellationToken).ConfigureAwait(false);
                    if (attempt.Kind is ReducerOutcomeKind.Dropped or ReducerOutcomeKind.TimedOut)
                    {
                        state.Unknown.Value = attempt;
                    }

                    return attempt;
                },
                context,
                (Engine: this, Id: id, Reducer: reducer, Args: args, Unknown: unknown)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.Dispose();
            outer.TrySetCanceled(cancellationToken);
            return;
        }
#pragma warning disable CA1031 // A custom pipeline's own failure (e.g. its timeout) still gives the call one outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = new ReducerOutcome(id, reducer.WireName, ex is Polly.Timeout.TimeoutRejectedException ? ReducerOutcomeKind.TimedOut : ReducerOutcomeKind.Dropped, $"the reducer pipeline ended the call: {ex.GetType().Name}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Kind == ReducerOutcomeKind.NotConnected && unknown.Value is { } earlier)
        {
            // An earlier attempt may have run (its result never came): NotConnected would claim the call certainly
            // did not apply, so the call keeps that attempt's "may or may not have run" outcome.
            outcome = earlier with { Reason = $"{earlier.Reason}; the retry was not sent ({outcome.Reason})" };
        }

        Record(outcome, activity);
        outer.TrySetResult(outcome);
    }
}
