using System;

namespace Stdb.Compat.Driver;

/// <summary>One SDK subscription handle.</summary>
public interface IDriverSubscription
{
    /// <summary>The subscription has been applied and not ended.</summary>
    bool IsActive { get; }

    /// <summary>The subscription ended (unsubscribed or errored).</summary>
    bool IsEnded { get; }

    /// <summary>Unsubscribes; the listener's <see cref="IDriverSubscriptionListener.OnEnded"/> follows.</summary>
    /// <exception cref="InvalidOperationException">The subscription is not active (the SDK's rule).</exception>
    void Unsubscribe();
}

/// <summary>Receives one subscription's callbacks on the pump thread.</summary>
public interface IDriverSubscriptionListener
{
    /// <summary>The subscription was applied; its rows have been inserted.</summary>
    void OnApplied();

    /// <summary>The server refused or ended the subscription with an error.</summary>
    void OnError(Exception error);

    /// <summary>An unsubscribe completed; the dropped rows have been deleted.</summary>
    void OnEnded();
}
