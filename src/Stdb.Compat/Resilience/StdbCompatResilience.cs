using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Stdb.Compat.Resilience;

/// <summary>The standard preset: Polly pipelines for connect, reconnect and idempotent reducer calls.</summary>
public static class StdbCompatResilience
{
    /// <summary>
    /// Adds the standard pipelines under <see cref="StdbCompatPipelineKeys"/> to <paramref name="registry"/> (keys already
    /// present are left alone). Connect and reconnect: retry (transient connect failures and attempt timeouts;
    /// exponential backoff with jitter and a cap) around an attempt timeout. Reducer: retry of <c>Dropped</c> and
    /// <c>TimedOut</c> outcomes.
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="options">Reads the current options each time a pipeline is built.</param>
    /// <param name="reloadToken">Produces a token cancelled when the options change, so the pipelines are rebuilt; optional.</param>
    /// <param name="timeProvider">Time for delays and timeouts; <see cref="TimeProvider.System"/> by default.</param>
    public static void AddStandardPipelines(this ResiliencePipelineRegistry<string> registry, Func<CompatResilienceOptions> options, Func<CancellationToken>? reloadToken = null, TimeProvider? timeProvider = null)
    {
        if (registry is null)
        {
            throw new ArgumentNullException(nameof(registry));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var time = timeProvider ?? TimeProvider.System;
        registry.TryAddBuilder(StdbCompatPipelineKeys.Connect, (builder, context) =>
        {
            Reloads(context, reloadToken);
            builder.TimeProvider = time;
            AddConnect(builder, options().Connect);
        });
        registry.TryAddBuilder(StdbCompatPipelineKeys.Reconnect, (builder, context) =>
        {
            Reloads(context, reloadToken);
            builder.TimeProvider = time;
            AddConnect(builder, options().Reconnect);
        });
        registry.TryAddBuilder<ReducerOutcome>(StdbCompatPipelineKeys.Reducer, (builder, context) =>
        {
            Reloads(context, reloadToken);
            builder.TimeProvider = time;
            var reducers = options().Reducers;
            if (reducers.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<ReducerOutcome>
                {
                    Name = "stdb.compat.reducer.retry",
                    MaxRetryAttempts = reducers.MaxRetryAttempts,
                    Delay = reducers.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Result is { Kind: ReducerOutcomeKind.Dropped or ReducerOutcomeKind.TimedOut }),
                    OnRetry = static args =>
                    {
                        if (args.Context.Properties.TryGetValue(RetryObserverKey, out var observer))
                        {
                            observer.OnRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception, args.Outcome.Result);
                        }

                        return default;
                    },
                });
            }
        });
    }

    /// <summary>True for a connect failure another attempt may fix: a transient <see cref="ConnectFailedException"/> or an attempt timeout.</summary>
    public static bool IsTransient(Exception? error) => error is TimeoutRejectedException || error is ConnectFailedException { IsTransient: true };

    internal static readonly ResiliencePropertyKey<IRetryObserver> RetryObserverKey = new("stdb.compat.retry-observer");

    private static void AddConnect(ResiliencePipelineBuilder builder, RetryOptions retry)
    {
        if (retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "stdb.compat.connect.retry",
                MaxRetryAttempts = retry.MaxRetryAttempts,
                Delay = retry.Delay,
                MaxDelay = retry.MaxDelay,
                BackoffType = retry.BackoffType,
                UseJitter = retry.UseJitter,
                ShouldHandle = static args => new ValueTask<bool>(IsTransient(args.Outcome.Exception)),
                OnRetry = static args =>
                {
                    if (args.Context.Properties.TryGetValue(RetryObserverKey, out var observer))
                    {
                        observer.OnRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception, null);
                    }

                    return default;
                },
            });
        }

        if (retry.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(retry.AttemptTimeout);
        }
    }

    private static void Reloads(ConfigureBuilderContext<string> context, Func<CancellationToken>? reloadToken)
    {
        if (reloadToken is not null)
        {
            context.AddReloadToken(reloadToken());
        }
    }
}

/// <summary>Receives the retries of the pipeline it is attached to (through the <see cref="ResilienceContext"/>).</summary>
internal interface IRetryObserver
{
    void OnRetry(int failedAttempt, TimeSpan delay, Exception? error, ReducerOutcome? outcome);
}
