using System.Collections.Generic;
using System.Linq;

namespace Stdb.Compat.Testing.Server;

/// <content>The server's own record of the connections it accepted and the subscriptions it applied.</content>
public sealed partial class SimulatedServer
{
    private readonly List<SimSubscriptionRecord> _subscriptionLog = new();
    private int _connectionsAccepted;

    /// <summary>
    /// Every subscription the server applied (v1/v2 query sets and the v1 legacy subscribe-all), in order, with the
    /// tables it covers: the ground truth a test checks "this table was never subscribed" against. A refused
    /// subscription is not here. Returns a snapshot.
    /// </summary>
    public IReadOnlyList<SimSubscriptionRecord> SubscriptionLog => Read(() => (IReadOnlyList<SimSubscriptionRecord>)_subscriptionLog.ToArray());

    /// <summary>How many connections the server accepted since it started (refused attempts are not counted).</summary>
    public int ConnectionsAccepted => Read(() => _connectionsAccepted);

    /// <summary>Called under the gate once a connection is accepted.</summary>
    private void RecordAccepted() => _connectionsAccepted++;

    /// <summary>Called under the gate once a subscription is applied.</summary>
    private void RecordSubscription(ServerConnection connection, IEnumerable<string> tables, bool legacy) => _subscriptionLog.Add(new SimSubscriptionRecord(
        _subscriptionLog.Count,
        connection.Database.Name,
        SimHex.Of(connection.ConnectionId),
        tables.ToArray(),
        legacy));
}
