using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// Translates between the simulator's wire model (<c>Stdb.Compat.Testing.Wire</c>) and the real v1/v2 byte layouts
/// (<see cref="V1"/>, <see cref="V2"/>), per connection. The simulator is unchanged: it still speaks its own messages
/// to <c>SimulatedDriver</c> and the stand-ins; this class fills in what the real messages carry and the simulated ones
/// leave out (table ids, query-set grouping, single vs multi subscriptions).
/// <see cref="ToServerBody"/> runs under the simulator's lock (it is called from <see cref="IWireClient.Receive"/>),
/// so it may read the connection's subscriptions and the database's tables directly.
/// </summary>
internal sealed class WireTranslator
{
    /// <summary>
    /// GUESS: real user tables get ids from the <c>st_table</c> sequence, which starts above the reserved system range;
    /// the SDKs look tables up by name, not id. The host numbers tables 4096 + their position in the module.
    /// </summary>
    internal const uint FirstTableId = 4096;

    private static readonly byte[] NoConnectionId = new byte[16];
    private readonly object _gate = new();
    private readonly Dictionary<uint, string?> _singleQueries = new();
    private readonly Dictionary<uint, bool> _unsubscribeSendsRows = new();

    public WireTranslator(int protocol)
    {
        Protocol = protocol is 1 or 2 ? protocol : throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "The protocol is 1 or 2.");
    }

    public int Protocol { get; }

    /// <summary>Decodes a client message. Returns the simulator message to send, or a reply the host answers itself.</summary>
    public (ClientMessage? ToServer, HostRequest? Local) FromClientBody(byte[] body) => Protocol == 1 ? FromV1(V1Codec.DecodeClient(body)) : FromV2(V2Codec.DecodeClient(body));

    /// <summary>Encodes a simulator message in the real layout of this connection's protocol (without the compression tag).</summary>
    public byte[] ToServerBody(ServerMessage message, ServerConnection? connection) =>
        Protocol == 1 ? V1Codec.Encode(ToV1(message, connection)) : V2Codec.Encode(ToV2(message, connection));

    private (ClientMessage?, HostRequest?) FromV1(V1.ClientMessage message)
    {
        switch (message)
        {
            case V1.CallReducer m:
                return (new WireCallReducer(m.RequestId, m.Reducer, m.Args, m.Flags), null);
            case V1.Subscribe m when m.QueryStrings.Count == 1 && IsSelectStarFromStar(m.QueryStrings[0]):
                return (new WireSubscribeLegacyAll(m.RequestId), null);
            case V1.Subscribe m:
                // GUESS (a simulator limit, not server behaviour): legacy Subscribe is served only for SELECT * FROM *.
                return (null, new HostRequest.Reply(V1Codec.Encode(new V1.SubscriptionError(0, m.RequestId, null, null,
                    "The simulated host serves the legacy Subscribe message only for `SELECT * FROM *`; use SubscribeMulti."))));
            case V1.SubscribeSingle m:
                lock (_gate)
                {
                    _singleQueries[m.QueryId] = null;
                }

                return (new WireSubscribe(m.RequestId, m.QueryId, new[] { m.Query }), null);
            case V1.SubscribeMulti m:
                lock (_gate)
                {
                    _singleQueries.Remove(m.QueryId);
                }

                return (new WireSubscribe(m.RequestId, m.QueryId, m.QueryStrings), null);
            case V1.Unsubscribe m:
                return (new WireUnsubscribe(m.RequestId, m.QueryId, SendDroppedRows: true), null);
            case V1.UnsubscribeMulti m:
                return (new WireUnsubscribe(m.RequestId, m.QueryId, SendDroppedRows: true), null);
            case V1.OneOffQuery m:
                return (null, new HostRequest.OneOff(m.QueryString, m.MessageId, 0));
            case V1.CallProcedure m:
                return (null, new HostRequest.Procedure(m.Procedure, m.RequestId));
            default:
                throw new ArgumentException($"Unknown v1 client message {message}.", nameof(message));
        }
    }

    private (ClientMessage?, HostRequest?) FromV2(V2.ClientMessage message)
    {
        switch (message)
        {
            case V2.Subscribe m:
                return (new WireSubscribe(m.RequestId, m.QuerySetId, m.QueryStrings), null);
            case V2.Unsubscribe m:
                lock (_gate)
                {
                    _unsubscribeSendsRows[m.QuerySetId] = m.Flags == 1;
                }

                return (new WireUnsubscribe(m.RequestId, m.QuerySetId, SendDroppedRows: m.Flags == 1), null);
            case V2.CallReducer m:
                return (new WireCallReducer(m.RequestId, m.Reducer, m.Args, 0), null);
            case V2.OneOffQuery m:
                return (null, new HostRequest.OneOff(m.QueryString, null, m.RequestId));
            case V2.CallProcedure m:
                return (null, new HostRequest.Procedure(m.Procedure, m.RequestId));
            default:
                throw new ArgumentException($"Unknown v2 client message {message}.", nameof(message));
        }
    }

    private V1.ServerMessage ToV1(ServerMessage message, ServerConnection? connection)
    {
        switch (message)
        {
            case WireIdentityToken m:
                return new V1.IdentityToken(m.Identity, m.Token, m.ConnectionId);
            case WireInitialSubscription m:
                return new V1.InitialSubscription(V1Tables(m.Tables, connection), m.RequestId, 0);
            case WireSubscribeApplied m when TryTakeSingle(m.QueryId, m.Tables, subscribing: true, out string? table):
                return new V1.SubscribeApplied(m.RequestId, 0, m.QueryId, SubscribeRows(m.Tables, table, connection));
            case WireSubscribeApplied m:
                return new V1.SubscribeMultiApplied(m.RequestId, 0, m.QueryId, V1Tables(m.Tables, connection));
            case WireUnsubscribeApplied m when TryTakeSingle(m.QueryId, m.Tables, subscribing: false, out string? table):
                return new V1.UnsubscribeApplied(m.RequestId, 0, m.QueryId, SubscribeRows(m.Tables, table, connection));
            case WireUnsubscribeApplied m:
                return new V1.UnsubscribeMultiApplied(m.RequestId, 0, m.QueryId, V1Tables(m.Tables, connection));
            case WireSubscriptionError m:
                if (m.QueryId is { } failed)
                {
                    lock (_gate)
                    {
                        _singleQueries.Remove(failed);
                    }
                }

                return new V1.SubscriptionError(0, m.RequestId, m.QueryId, null, m.Error);
            case WireTransactionUpdateV1 m:
                V1.UpdateStatus status = m.Status switch
                {
                    WireUpdateStatus.Committed => new V1.UpdateStatus.Committed(V1Tables(m.Tables, connection)),
                    WireUpdateStatus.Failed f => new V1.UpdateStatus.Failed(f.Reason),
                    _ => new V1.UpdateStatus.OutOfEnergy(),
                };

                // GUESS: total_host_execution_duration is reported as 0 (the simulator takes no time).
                return new V1.TransactionUpdate(
                    status,
                    m.TimestampMicros,
                    m.CallerIdentity,
                    m.CallerConnectionId ?? NoConnectionId,
                    new V1.ReducerCallInfo(m.ReducerCall.ReducerName, m.ReducerCall.ReducerId, m.ReducerCall.Args, m.ReducerCall.RequestId),
                    m.EnergyConsumed,
                    0);
            case WireTransactionUpdateLight m:
                return new V1.TransactionUpdateLight(m.RequestId, V1Tables(m.Tables, connection));
            default:
                throw new ArgumentException($"The simulator sent {message.GetType().Name} on a v1 connection.", nameof(message));
        }
    }

    private V2.ServerMessage ToV2(ServerMessage message, ServerConnection? connection)
    {
        switch (message)
        {
            case WireInitialConnection m:
                return new V2.InitialConnection(m.Identity, m.ConnectionId, m.Token);
            case WireSubscribeApplied m:
                return new V2.SubscribeApplied(m.RequestId, m.QueryId, m.Tables.Select(t => new V2.SingleTableRows(t.TableName, t.Inserts)).ToArray());
            case WireUnsubscribeApplied m:
                bool sendRows;
                lock (_gate)
                {
                    sendRows = _unsubscribeSendsRows.Remove(m.QueryId, out bool flag) && flag;
                }

                return new V2.UnsubscribeApplied(m.RequestId, m.QueryId, sendRows ? m.Tables.Select(t => new V2.SingleTableRows(t.TableName, t.Deletes)).ToArray() : null);
            case WireSubscriptionError m:
                return new V2.SubscriptionError(m.RequestId, m.QueryId ?? 0, m.Error);
            case WireTransactionUpdateV2 m:
                return new V2.TransactionUpdate(GroupByQuerySet(m.Tables, connection));
            case WireReducerResult m:
                V2.ReducerOutcome outcome = m.Outcome switch
                {
                    WireReducerOutcome.Ok ok => new V2.ReducerOutcome.Ok(Array.Empty<byte>(), GroupByQuerySet(ok.Tables, connection)),
                    WireReducerOutcome.OkEmpty => new V2.ReducerOutcome.OkEmpty(),
                    WireReducerOutcome.Err err => new V2.ReducerOutcome.Err(err.Bsatn),
                    WireReducerOutcome.InternalError ie => new V2.ReducerOutcome.InternalError(ie.Message),
                    _ => throw new ArgumentException($"Unknown reducer outcome {m.Outcome}.", nameof(message)),
                };
                return new V2.ReducerResult(m.RequestId, m.TimestampMicros, outcome);
            default:
                throw new ArgumentException($"The simulator sent {message.GetType().Name} on a v2 connection.", nameof(message));
        }
    }

    /// <summary>
    /// The simulator lists a transaction's table updates per subscribed query set, in subscription order, without the
    /// set's id (<c>SimulatedServer.RowsFor</c>). A set contributes an entry for each of its tables that changed; which
    /// tables changed is the same for every set, so walking the sets in the same order re-attaches each entry to its
    /// set exactly.
    /// </summary>
    internal static V2.QuerySetUpdate[] GroupByQuerySet(IReadOnlyList<WireTableUpdate> tables, ServerConnection? connection)
    {
        var sets = new List<V2.QuerySetUpdate>();
        int next = 0;
        if (connection is not null)
        {
            foreach (QuerySet set in connection.Subscriptions)
            {
                var entries = new List<V2.TableUpdate>();
                foreach (string table in set.Tables)
                {
                    if (next < tables.Count && tables[next].TableName == table)
                    {
                        entries.Add(V2Table(tables[next++]));
                    }
                }

                if (entries.Count > 0)
                {
                    sets.Add(new V2.QuerySetUpdate(set.QueryId, entries));
                }
            }
        }

        if (next < tables.Count)
        {
            // Only reachable when the subscriptions changed between the update and its (held) delivery.
            // GUESS: such entries are attributed to query set 0.
            sets.Add(new V2.QuerySetUpdate(0, tables.Skip(next).Select(V2Table).ToArray()));
        }

        return sets.ToArray();
    }

    internal static bool IsSelectStarFromStar(string query) =>
        string.Equals(string.Join(" ", (query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd(';').Trim(), "SELECT * FROM *", StringComparison.OrdinalIgnoreCase);

    private static V2.TableUpdate V2Table(WireTableUpdate t) => new(
        t.TableName,
        new V2.TableUpdateRows[]
        {
            t.IsEventTable ? new V2.TableUpdateRows.EventTable(t.Inserts) : new V2.TableUpdateRows.PersistentTable(t.Inserts, t.Deletes),
        });

    private static V1.TableUpdate[] V1Tables(IReadOnlyList<WireTableUpdate> tables, ServerConnection? connection) =>
        tables.Select(t => V1Table(t, connection)).ToArray();

    private static V1.TableUpdate V1Table(WireTableUpdate t, ServerConnection? connection) => new(
        TableId(t.TableName, connection),
        t.TableName,
        (ulong)(t.Inserts.Count + t.Deletes.Count),
        new[] { new V1.QueryUpdate(t.Deletes, t.Inserts) });

    private static uint TableId(string table, ServerConnection? connection)
    {
        int index = connection?.Database.TableOrder.IndexOf(table) ?? -1;
        return FirstTableId + (uint)Math.Max(0, index);
    }

    private static V1.SubscribeRows SubscribeRows(IReadOnlyList<WireTableUpdate> tables, string? table, ServerConnection? connection)
    {
        WireTableUpdate update = tables.Count > 0 ? tables[0] : new WireTableUpdate(table ?? string.Empty, Array.Empty<byte[]>(), Array.Empty<byte[]>());
        return new V1.SubscribeRows(TableId(update.TableName, connection), update.TableName, V1Table(update, connection));
    }

    private bool TryTakeSingle(uint queryId, IReadOnlyList<WireTableUpdate> tables, bool subscribing, out string? table)
    {
        lock (_gate)
        {
            if (!_singleQueries.TryGetValue(queryId, out table))
            {
                return false;
            }

            if (subscribing)
            {
                table = tables.Count > 0 ? tables[0].TableName : null;
                _singleQueries[queryId] = table;
            }
            else
            {
                _singleQueries.Remove(queryId);
            }

            return true;
        }
    }
}

/// <summary>A client message the host answers itself, without the simulator.</summary>
internal abstract record HostRequest
{
    /// <summary>A ready reply body.</summary>
    internal sealed record Reply(byte[] Body) : HostRequest;

    /// <summary>A one-off query: v1 carries a message id, v2 a request id.</summary>
    internal sealed record OneOff(string Query, byte[]? MessageId, uint RequestId) : HostRequest;

    /// <summary>A procedure call (the simulator has no procedures).</summary>
    internal sealed record Procedure(string Name, uint RequestId) : HostRequest;
}
