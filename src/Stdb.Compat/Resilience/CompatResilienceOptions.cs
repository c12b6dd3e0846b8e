using System;
using System.Collections.Generic;
using System.Threading;
using Polly;
using Polly.Registry;

namespace Stdb.Compat.Resilience;

/// <summary>
/// How a client connects, reconnects and calls reducers under failure: the standard preset's settings (bound from the
/// configuration section <c>Stdb:Resilience</c> when hosted). Values only: the services that act on them (pipelines,
/// compatibility check, token store) come from DI or <c>CompatClientServices</c>. Each connection attempt runs with
/// one validated snapshot, so a reloaded configuration applies from the next attempt on.
/// </summary>
public sealed class CompatResilienceOptions
{
    /// <summary>Retries of the initial <c>ConnectAsync</c>. Defaults: 3 retries, 1 s exponential with jitter, 30 s cap, 15 s per attempt.</summary>
    public RetryOptions Connect { get; set; } = RetryOptions.ConnectDefaults();

    /// <summary>Automatic reconnect after a disconnect the app did not ask for. Defaults: on, forever, 1 s exponential with jitter, 30 s cap, 15 s per attempt.</summary>
    public ReconnectOptions Reconnect { get; set; } = new();

    /// <summary>Reducer calls under failure (queueing while reconnecting, retries of idempotent reducers).</summary>
    public ReducerResilienceOptions Reducers { get; set; } = new();

    /// <summary>The compatibility circuit for disconnects that retrying cannot fix.</summary>
    public CompatibilityCircuitOptions Circuit { get; set; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option (prefixed with <paramref name="path"/>).</summary>
    /// <param name="path">The options' path, e.g. <c>Stdb:Resilience</c>.</param>
    public void Validate(string path = "CompatClientOptions.Resilience")
    {
        (Connect ?? throw Invalid(path, "Connect", "is required")).Validate(path + ":Connect");
        (Reconnect ?? throw Invalid(path, "Reconnect", "is required")).Validate(path + ":Reconnect");
        (Reducers ?? throw Invalid(path, "Reducers", "is required")).Validate(path + ":Reducers");
        (Circuit ?? throw Invalid(path, "Circuit", "is required")).Validate(path + ":Circuit");
    }

    internal static ArgumentException Invalid(string path, string option, string what) =>
        new($"{path}:{option} {what}.", path + ":" + option);
}

/// <summary>A retry policy: attempts, exponential backoff with jitter and a cap, and a per-attempt timeout (Polly v8 retry and timeout strategies).</summary>
public class RetryOptions
{
    /// <summary>Retries after the first attempt; <see cref="int.MaxValue"/> retries forever. Default 3 (connect) or forever (reconnect).</summary>
    public int MaxRetryAttempts { get; set; } = ResilienceDefaults.ConnectRetries;

    /// <summary>Base delay between attempts. Default 1 s.</summary>
    public TimeSpan Delay { get; set; } = ResilienceDefaults.Delay;

    /// <summary>Largest delay between attempts. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = ResilienceDefaults.MaxDelay;

    /// <summary>How delays grow. Default <see cref="DelayBackoffType.Exponential"/>.</summary>
    public DelayBackoffType BackoffType { get; set; } = DelayBackoffType.Exponential;

    /// <summary>Randomise delays (Polly's decorrelated jitter for exponential backoff). Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>How long one attempt may take before it is abandoned; <see cref="Timeout.InfiniteTimeSpan"/> for none. Default 15 s (the SDK's own connect timeout is 10 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = ResilienceDefaults.AttemptTimeout;

    internal static RetryOptions ConnectDefaults() => new();

    internal virtual void Validate(string path)
    {
        if (MaxRetryAttempts < 0)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(MaxRetryAttempts), $"must not be negative; got {MaxRetryAttempts}");
        }

        if (Delay < TimeSpan.Zero)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(Delay), $"must not be negative; got {Delay}");
        }

        if (MaxDelay < Delay)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(MaxDelay), $"must be at least Delay ({Delay}); got {MaxDelay}");
        }

        if (AttemptTimeout != Timeout.InfiniteTimeSpan && (AttemptTimeout < TimeSpan.FromMilliseconds(10) || AttemptTimeout > TimeSpan.FromDays(1)))
        {
            throw CompatResilienceOptions.Invalid(path, nameof(AttemptTimeout), $"must be between 10 ms and 1 day, or infinite; got {AttemptTimeout}");
        }
    }
}

/// <summary>Automatic reconnect settings.</summary>
public sealed class ReconnectOptions : RetryOptions
{
    /// <summary>Creates the defaults: on, retry forever.</summary>
    public ReconnectOptions()
    {
        MaxRetryAttempts = int.MaxValue;
    }

    /// <summary>Reconnect after a disconnect the app did not ask for. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a connection must stay up to count as stable. A server that accepts and then drops the client before
    /// this makes every next reconnect wait longer (<see cref="RetryOptions.Delay"/> doubling up to
    /// <see cref="RetryOptions.MaxDelay"/>, with jitter when <see cref="RetryOptions.UseJitter"/>); the first drop of a
    /// stable connection reconnects at once. Default 10 s.
    /// </summary>
    public TimeSpan StablePeriod { get; set; } = ResilienceDefaults.StablePeriod;

    internal override void Validate(string path)
    {
        base.Validate(path);
        if (StablePeriod < TimeSpan.Zero)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(StablePeriod), $"must not be negative; got {StablePeriod}");
        }
    }

    /// <summary>
    /// The wait before reconnecting after the <paramref name="unstableDrops"/>-th consecutive drop of a connection that
    /// did not stay up for <see cref="StablePeriod"/>: none for the first, then Delay, 2×Delay, ... up to MaxDelay;
    /// with jitter each wait is drawn from [50 %, 100 %] of that (<paramref name="random"/> in [0, 1)).
    /// </summary>
    internal TimeSpan UnstableBackoff(int unstableDrops, double random)
    {
        if (unstableDrops <= 1 || Delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var ticks = Delay.Ticks * Math.Pow(2, Math.Min(unstableDrops - 2, 30));
        var capped = ticks >= MaxDelay.Ticks ? MaxDelay.Ticks : (long)ticks;
        return TimeSpan.FromTicks(UseJitter ? (long)(capped * (0.5 + (0.5 * random))) : capped);
    }
}

/// <summary>What happens to reducer calls made while the client is connecting or reconnecting.</summary>
public enum ReducerCallsWhileReconnecting
{
    /// <summary>Queue them (bounded, with a deadline) and send them once connected. The default.</summary>
    Queue = 0,

    /// <summary>End them at once as <c>NotConnected</c>.</summary>
    FailFast = 1,
}

/// <summary>Reducer calls under failure.</summary>
public sealed class ReducerResilienceOptions
{
    /// <summary>Calls made while (re)connecting: queued or failed fast. Default <see cref="ReducerCallsWhileReconnecting.Queue"/>.</summary>
    public ReducerCallsWhileReconnecting WhileReconnecting { get; set; } = ReducerCallsWhileReconnecting.Queue;

    /// <summary>Most calls waiting in the queue; further calls end as <c>NotConnected</c>. Default 256.</summary>
    public int QueueLimit { get; set; } = ResilienceDefaults.QueueLimit;

    /// <summary>How long a call may wait in the queue before it ends as <c>NotConnected</c>. Default 30 s.</summary>
    public TimeSpan QueueTimeout { get; set; } = ResilienceDefaults.QueueTimeout;

    /// <summary>
    /// Reducers that are safe to run twice, by wire or accessor name in either naming style (<c>set_name</c> or
    /// <c>SetName</c> match the same reducer on bindings of either SDK major). Only these are retried when a call ends as
    /// <c>Dropped</c> or <c>TimedOut</c> (its fate unknown). Default none.
    /// </summary>
    public IList<string> Idempotent { get; set; } = new List<string>();

    /// <summary>Retries of an idempotent call. Default 2.</summary>
    public int MaxRetryAttempts { get; set; } = ResilienceDefaults.ReducerRetries;

    /// <summary>Base delay between retries of an idempotent call (exponential, no jitter). Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = ResilienceDefaults.ReducerRetryDelay;

    internal void Validate(string path)
    {
        if (QueueLimit < 0)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(QueueLimit), $"must not be negative; got {QueueLimit}");
        }

        if (QueueTimeout <= TimeSpan.Zero)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(QueueTimeout), $"must be positive; got {QueueTimeout}");
        }

        if (MaxRetryAttempts < 0)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(MaxRetryAttempts), $"must not be negative; got {MaxRetryAttempts}");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(RetryDelay), $"must not be negative; got {RetryDelay}");
        }

        if (Idempotent is null)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(Idempotent), "must not be null");
        }
    }
}

/// <summary>
/// The compatibility circuit: disconnects retrying cannot fix (parse failure after a publish, protocol refusal,
/// bindings behind the live module) open it. No hot retry loop: after a break the check runs, and only if it allows
/// another attempt is one made; breaks double up to a cap, and after too many the client is <c>Faulted</c>.
/// </summary>
public sealed class CompatibilityCircuitOptions
{
    /// <summary>First break after a non-transient disconnect. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = ResilienceDefaults.BreakDuration;

    /// <summary>Largest break (breaks double each time). Default 5 min.</summary>
    public TimeSpan MaxBreakDuration { get; set; } = ResilienceDefaults.MaxBreakDuration;

    /// <summary>Consecutive non-transient failures allowed before the client is <c>Faulted</c>. Default 3.</summary>
    public int MaxOpenings { get; set; } = ResilienceDefaults.MaxOpenings;

    /// <summary>Also run the compatibility check after every connect and reconnect. Default true (when a check is configured).</summary>
    public bool CheckOnConnect { get; set; } = true;

    internal void Validate(string path)
    {
        if (BreakDuration <= TimeSpan.Zero)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(BreakDuration), $"must be positive; got {BreakDuration}");
        }

        if (MaxBreakDuration < BreakDuration)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(MaxBreakDuration), $"must be at least BreakDuration ({BreakDuration}); got {MaxBreakDuration}");
        }

        if (MaxOpenings < 1)
        {
            throw CompatResilienceOptions.Invalid(path, nameof(MaxOpenings), $"must be at least 1; got {MaxOpenings}");
        }
    }
}

/// <summary>Defaults of the resilience options (documented in docs/configuration.md).</summary>
internal static class ResilienceDefaults
{
    public const int ConnectRetries = 3;
    public const int QueueLimit = 256;
    public const int ReducerRetries = 2;
    public const int MaxOpenings = 3;
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ReducerRetryDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxBreakDuration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan StablePeriod = TimeSpan.FromSeconds(10);
}
