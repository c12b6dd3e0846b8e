using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Adapters;

namespace Stdb.Compat.Paths;

/// <summary>Where a path connects: its own server and database (blue/green), or the client's (both null).</summary>
/// <param name="ServerUri">The path's server, or null for the client's.</param>
/// <param name="DatabaseName">The path's database, or null for the client's.</param>
internal readonly record struct TargetKey(Uri? ServerUri, string? DatabaseName)
{
    public static TargetKey Of(SchemaPathDefinition path) => new(path.ServerUri, path.DatabaseName);

    public override string ToString() => ServerUri is null ? "the client's own target" : $"database '{DatabaseName}' at {ServerUri}";
}

/// <summary>
/// The connect record of each target: consecutive failed connects, and the targets passed over because they reached
/// <see cref="SchemaPathOptions.FallbackAfterConnectFailures"/>. A passed-over target is tried again once it is
/// forgotten (flag change, SwitchPathAsync) or <see cref="RetryPreferredAfter"/> passed; a connect that succeeds ends
/// its streak. Thread-safe; touched once per connect attempt, never per row or call.
/// </summary>
internal sealed class TargetHealth
{
    private readonly int _threshold;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<TargetKey, int> _failures = new();
    private readonly Dictionary<TargetKey, (long Since, string Why)> _passedOver = new();

    public TargetHealth(int threshold, TimeSpan retryPreferredAfter, TimeProvider time)
    {
        _threshold = threshold;
        RetryPreferredAfter = retryPreferredAfter;
        _time = time;
    }

    /// <summary>How long a failing target is passed over before a connection attempt tries it again.</summary>
    public TimeSpan RetryPreferredAfter { get; }

    /// <summary>True while some target is passed over.</summary>
    public bool AnyPassedOver
    {
        get
        {
            lock (_gate)
            {
                return _passedOver.Count > 0;
            }
        }
    }

    /// <summary>Consecutive failed connects to <paramref name="target"/>.</summary>
    public int FailuresOf(TargetKey target)
    {
        lock (_gate)
        {
            return _failures.TryGetValue(target, out var count) ? count : 0;
        }
    }

    /// <summary>A connect to <paramref name="target"/> failed; true when the target is passed over from now on.</summary>
    public bool OnConnectFailed(TargetKey target, string why)
    {
        lock (_gate)
        {
            var count = (_failures.TryGetValue(target, out var previous) ? previous : 0) + 1;
            _failures[target] = count;
            if (count < _threshold || _passedOver.ContainsKey(target))
            {
                return false;
            }

            _passedOver[target] = (_time.GetTimestamp(), $"failed {count} consecutive connect(s) (last: {why})");
            return true;
        }
    }

    /// <summary>A connect to <paramref name="target"/> succeeded: its streak ends and it is no longer passed over.</summary>
    public void OnConnected(TargetKey target)
    {
        lock (_gate)
        {
            _failures.Remove(target);
            _passedOver.Remove(target);
        }
    }

    /// <summary>The targets passed over now, with why.</summary>
    public IReadOnlyDictionary<TargetKey, string> PassedOver()
    {
        lock (_gate)
        {
            return _passedOver.ToDictionary(p => p.Key, p => p.Value.Why);
        }
    }

    /// <summary>Tries again the targets passed over for at least <see cref="RetryPreferredAfter"/>; returns them with why.</summary>
    public IReadOnlyList<(TargetKey Target, string Why)> Expire()
    {
        lock (_gate)
        {
            var expired = _passedOver.Where(p => _time.GetElapsedTime(p.Value.Since) >= RetryPreferredAfter).Select(p => p.Key).ToList();
            foreach (var target in expired)
            {
                _passedOver.Remove(target);
                _failures.Remove(target);
            }

            return expired.Select(t => (t, $"passed over for {RetryPreferredAfter} (RetryPreferredAfter)")).ToList();
        }
    }

    /// <summary>Forgets every streak and every passed-over target (flag change, SwitchPathAsync); returns those passed over.</summary>
    public IReadOnlyList<TargetKey> Forget()
    {
        lock (_gate)
        {
            var forgotten = _passedOver.Keys.ToList();
            _passedOver.Clear();
            _failures.Clear();
            return forgotten;
        }
    }
}
