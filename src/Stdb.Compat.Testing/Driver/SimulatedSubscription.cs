using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Testing.Driver;

/// <summary>A subscription handle with the SDK's states (Pending, Active, LegacyActive, Ended) and unsubscribe rules.</summary>
internal sealed class SimulatedSubscription : IDriverSubscription
{
    private readonly SimulatedDriverSession _session;
    private bool _unsubscribeCalled;

    public SimulatedSubscription(SimulatedDriverSession session, IReadOnlyList<string> queries, IDriverSubscriptionListener listener, bool legacy)
    {
        _session = session;
        Queries = queries;
        Listener = listener;
        IsLegacy = legacy;
    }

    public enum SubscriptionState
    {
        Pending,
        Active,
        LegacyActive,
        Ended,
    }

    public IReadOnlyList<string> Queries { get; }

    public IDriverSubscriptionListener Listener { get; }

    public bool IsLegacy { get; }

    public uint QueryId { get; set; }

    public SubscriptionState State { get; set; } = SubscriptionState.Pending;

    public bool IsActive => State is SubscriptionState.Active or SubscriptionState.LegacyActive;

    public bool IsEnded => State == SubscriptionState.Ended;

    public void Unsubscribe()
    {
        if (_unsubscribeCalled)
        {
            throw new InvalidOperationException("Unsubscribe already called.");
        }

        if (State != SubscriptionState.Active)
        {
            throw new InvalidOperationException("Cannot unsubscribe from inactive subscription.");
        }

        _unsubscribeCalled = true;
        _session.SendUnsubscribe(this);
    }
}
