using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat;

/// <summary>A subscription declared through Stdb.Compat. It is (re)applied on every connection until unsubscribed.</summary>
public interface ICompatSubscription
{
    /// <summary>Wire names of the subscribed tables.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>The SQL sent to the server.</summary>
    IReadOnlyList<string> Queries { get; }

    /// <summary>True while the server has the subscription applied on the current connection.</summary>
    bool IsActive { get; }

    /// <summary>Completes when the subscription is first applied; faults with <see cref="SubscriptionFailedException"/> when refused.</summary>
    Task Applied { get; }

    /// <summary>Stops the subscription: it is no longer applied on this or later connections.</summary>
    Task UnsubscribeAsync(CancellationToken cancellationToken = default);
}
