using System;
using System.Threading;

namespace Stdb.Compat.Tests.Fakes;

/// <summary>A clock over another (e.g. a FakeTimeProvider the test advances) that counts the timers still alive (created, not disposed).</summary>
public sealed class TimerCountingTime : TimeProvider
{
    private readonly TimeProvider _inner;
    private int _live;

    public TimerCountingTime(TimeProvider inner) => _inner = inner;

    /// <summary>Timers created and not yet disposed.</summary>
    public int LiveTimers => Volatile.Read(ref _live);

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new Counted(this, _inner.CreateTimer(callback, state, dueTime, period));
    }

    private sealed class Counted : ITimer
    {
        private readonly TimerCountingTime _owner;
        private readonly ITimer _inner;
        private int _disposed;

        public Counted(TimerCountingTime owner, ITimer inner)
        {
            _owner = owner;
            _inner = inner;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => _inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref _owner._live);
            }

            _inner.Dispose();
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
