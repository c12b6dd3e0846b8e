using System;
using System.Collections.Generic;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Chaos.Tests;

/// <summary>
/// Watches the client's state changes for the compatibility circuit's bound. A streak starts at a compatibility failure
/// (a ParseFailure / BindingsBehind disconnect); within it, at most <c>allowed</c> connects may follow a compatibility
/// failure (the circuit's probes). Connects after a transient loss are the reconnect loop's, bounded by its own
/// pipeline, and do not end the streak. A streak ends only when a connection stayed up for at least
/// <c>stablePeriod</c> (the circuit's MaxBreakDuration), however it ended: a connection that applies its subscriptions
/// and breaks on a row moments later still belongs to the streak. (The client measures from the moment
/// its replay applied; this watch measures from Connected, which is never later, so it ends a streak wherever the
/// client may, and is never stricter than the rule.)
/// </summary>
internal sealed class CircuitWatch
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _stablePeriod;
    private readonly int _allowed;
    private DateTimeOffset _connectedAt;
    private bool _inStreak;
    private bool _lastLossWasCompatibility;
    private int _probes;

    public CircuitWatch(ICompatClient client, TimeProvider time, TimeSpan stablePeriod, int allowed)
    {
        _time = time;
        _stablePeriod = stablePeriod;
        _allowed = allowed;
        client.StateChanged += OnStateChanged;
    }

    /// <summary>Sessions that reached Connected.</summary>
    public int Connects { get; private set; }

    /// <summary>Connects at the first compatibility failure (-1: none yet).</summary>
    public int ConnectsAtFirstOpening { get; private set; } = -1;

    public List<string> Violations { get; } = new();

    private void OnStateChanged(StateChange change)
    {
        if (change.Current == CompatConnectionState.Connected && change.Previous != change.Current)
        {
            Connects++;
            _connectedAt = _time.GetUtcNow();
            if (_inStreak && _lastLossWasCompatibility && ++_probes > _allowed)
            {
                Violations.Add($"connect #{Connects}: probe {_probes} of the circuit in one streak of compatibility failures, at most {_allowed} allowed");
            }

            return;
        }

        if (change.Previous != CompatConnectionState.Connected)
        {
            return;
        }

        if (_time.GetUtcNow() - _connectedAt >= _stablePeriod)
        {
            _inStreak = false; // However it ended, this connection stayed up long enough to end the streak.
        }

        _lastLossWasCompatibility = change.Reason is StateChangeReason.ParseFailure or StateChangeReason.BindingsBehind;
        if (!_lastLossWasCompatibility)
        {
            return;
        }

        if (ConnectsAtFirstOpening < 0)
        {
            ConnectsAtFirstOpening = Connects;
        }

        if (!_inStreak)
        {
            _inStreak = true;
            _probes = 0;
        }
    }
}
