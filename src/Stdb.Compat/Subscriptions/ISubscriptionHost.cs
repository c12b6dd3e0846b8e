using Stdb.Compat.Driver;

namespace Stdb.Compat.Subscriptions;

/// <summary>What the subscription engine needs of the client around it (implemented by the router).</summary>
internal interface ISubscriptionHost
{
    /// <summary>The session, when the client is connected; null otherwise.</summary>
    IDriverSession? ConnectedSession { get; }

    /// <summary>Throws when the client is disposed.</summary>
    void ThrowIfClosed();

    /// <summary>True once the client is disposed: nothing runs the pump any more.</summary>
    bool IsClosed { get; }

    /// <summary>Every subscription of a connection applied (the replay is over).</summary>
    void OnReplayComplete();
}
