using System;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

/// <summary>Delays and waits on an injected <see cref="TimeProvider"/> (works on netstandard2.1 too).</summary>
internal static class MigrationTime
{
    public static Task DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
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

        var seconds = Math.Max(0, all - done) / rate;
        return seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
    }

    public static TimeSpan Backoff(TimeSpan first, TimeSpan max, int attempt)
    {
        var ticks = first.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
