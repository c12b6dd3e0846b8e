using System;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

/// <summary>Delays and waits on an injected <see cref="TimeProvider"/> (works on netstandard2.1 too).</summary>
internal static class MigrationTime
{
    /// <summary>The longest single timer (timers refuse due times beyond about 49 days); longer waits run in steps.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(24);

    /// <summary><paramref name="seconds"/> as a TimeSpan, clamped to <see cref="TimeSpan.MaxValue"/> instead of throwing.</summary>
    public static TimeSpan Seconds(double seconds) =>
        seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);

    public static Task DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        if (delay > MaxTimerDelay)
        {
            return StepsAsync(time, delay, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = default(CancellationTokenRegistration);
        var timer = time.CreateTimer(_ => tcs.TrySetResult(true), null, delay, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            registration = cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
        }

        return tcs.Task.ContinueWith(
            t =>
            {
                timer.Dispose();
                registration.Dispose();
                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    private static async Task StepsAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        while (delay > TimeSpan.Zero)
        {
            var step = delay > MaxTimerDelay ? MaxTimerDelay : delay;
            await DelayAsync(time, step, cancellationToken).ConfigureAwait(false);
            delay -= step;
        }
    }

    /// <summary>Waits until the client is Connected and <paramref name="ready"/> holds; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitReadyAsync(ICompatClient client, Func<bool>? ready, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (true)
        {
            if (client.State == CompatConnectionState.Connected && (ready is null || ready()))
            {
                return true;
            }

            if (client.State is CompatConnectionState.Closed or CompatConnectionState.Faulted || time.GetElapsedTime(start) >= timeout)
            {
                return false;
            }

            await DelayAsync(time, MigrationConstants.ReadyPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Time left for what remains of <paramref name="total"/> at <paramref name="rate"/> rows per second, or null when
    /// either is unknown. A slow start over a huge source can estimate more than a TimeSpan holds: clamped, never thrown.
    /// </summary>
    public static TimeSpan? Eta(long? total, long done, double rate)
    {
        if (total is not { } all || rate <= 0)
        {
            return null;
        }

        return Seconds(Math.Max(0, all - done) / rate);
    }

    public static TimeSpan Backoff(TimeSpan first, TimeSpan max, int attempt)
    {
        var ticks = first.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
