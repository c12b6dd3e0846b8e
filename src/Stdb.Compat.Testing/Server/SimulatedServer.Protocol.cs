using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Server;

/// <content>The server side of the v1/v2 wire protocols.</content>
public sealed partial class SimulatedServer
{
    internal const string EventTableNeedsV2Text = "Subscribing to event tables requires WebSocket v2. Please upgrade your client SDK and regenerate your module bindings.";

    private static readonly Regex SelectStar = new(
        "^\\s*SELECT\\s+\\*\\s+FROM\\s+(?:\"(?<quoted>[^\"]+)\"|(?<plain>[A-Za-z_][A-Za-z0-9_]*))\\s*;?\\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly IReadOnlyList<byte[]> NoRows = Array.Empty<byte[]>();

    private void HandleSubscribe(ServerConnection connection, WireSubscribe subscribe)
    {
        DatabaseState db = connection.Database;
        if (connection.Subscriptions.Any(s => !s.IsLegacy && s.QueryId == subscribe.QueryId))
        {
            connection.Deliver(new WireSubscriptionError(subscribe.RequestId, subscribe.QueryId, $"A subscription with query id {subscribe.QueryId} already exists on this connection."));
            return;
        }

        var tables = new List<string>();
        foreach (string sql in subscribe.Queries)
        {
            string? error = ResolveQuery(connection, db, sql, out string? table);
            if (error is not null)
            {
                connection.Deliver(new WireSubscriptionError(subscribe.RequestId, subscribe.QueryId, error));
                return;
            }

            if (!tables.Contains(table!))
            {
                tables.Add(table!);
            }
        }

        connection.Subscriptions.Add(new QuerySet(subscribe.QueryId, tables, legacy: false));
        RecordSubscription(connection, tables, legacy: false);
        connection.Deliver(new WireSubscribeApplied(subscribe.RequestId, subscribe.QueryId, Snapshot(connection, db, tables, asDeletes: false)));
    }

    private void HandleLegacySubscribe(ServerConnection connection, WireSubscribeLegacyAll legacy)
    {
        if (connection.Protocol != 1)
        {
            connection.Deliver(new WireSubscriptionError(legacy.RequestId, null, "Legacy SELECT * FROM * subscriptions exist only in WebSocket v1."));
            return;
        }

        DatabaseState db = connection.Database;
        connection.Subscriptions.RemoveAll(s => s.IsLegacy);

        // Guess (unverified in SpacetimeDB): the legacy subscribe-all of a v1 client leaves event tables out.
        var tables = db.TableOrder.Where(t => db.Tables[t].Def.IsPublic && !db.Tables[t].Def.IsEvent).ToList();
        connection.Subscriptions.Add(new QuerySet(uint.MaxValue, tables, legacy: true));
        RecordSubscription(connection, tables, legacy: true);
        connection.Deliver(new WireInitialSubscription(legacy.RequestId, Snapshot(connection, db, tables, asDeletes: false)));
    }

    private void HandleUnsubscribe(ServerConnection connection, WireUnsubscribe unsubscribe)
    {
        QuerySet? set = connection.Subscriptions.FirstOrDefault(s => !s.IsLegacy && s.QueryId == unsubscribe.QueryId);
        if (set is null)
        {
            connection.Deliver(new WireSubscriptionError(unsubscribe.RequestId, unsubscribe.QueryId, $"No subscription with query id {unsubscribe.QueryId} on this connection."));
            return;
        }

        connection.Subscriptions.Remove(set);
        IReadOnlyList<WireTableUpdate> rows = unsubscribe.SendDroppedRows || connection.Protocol == 1
            ? Snapshot(connection, connection.Database, set.Tables, asDeletes: true)
            : Array.Empty<WireTableUpdate>();
        connection.Deliver(new WireUnsubscribeApplied(unsubscribe.RequestId, unsubscribe.QueryId, rows));
    }

    private void HandleCall(ServerConnection connection, WireCallReducer call)
    {
        DatabaseState db = connection.Database;
        var outcome = new TxOutcome
        {
            Caller = connection,
            CallerNotified = connection.Protocol == 2 || call.Flags == 0,
            RequestId = call.RequestId,
            ReducerName = call.Reducer,
            ReducerId = uint.MaxValue,
            Args = call.Args ?? Array.Empty<byte>(),
            CallerIdentity = connection.Identity,
            CallerConnectionId = connection.ConnectionId,
            TimestampMicros = NowMicros(),
        };

        if (!db.Reducers.TryGetValue(call.Reducer, out (ReducerDef Def, uint Id) reducer))
        {
            outcome.Failure = $"No such reducer '{call.Reducer}' in database '{db.Name}'.";
            outcome.InternalError = true;
        }
        else
        {
            outcome.ReducerId = reducer.Id;
            SimRow? args = null;
            try
            {
                args = BsatnCodec.DecodeRow(reducer.Def.Params, outcome.Args);
            }
            catch (BsatnException ex)
            {
                outcome.Failure = $"Invalid arguments for reducer '{call.Reducer}': {ex.Message}";
                outcome.InternalError = true;
            }

            if (args is not null)
            {
                if (Faults.TryTakeFailure(call.Reducer, out string injected, out bool internalError))
                {
                    outcome.Failure = injected;
                    outcome.InternalError = internalError;
                }
                else
                {
                    var tx = new Transaction(db);
                    var context = new SimReducerContext(this, db, tx, call.Reducer, connection.Identity, connection.ConnectionId, outcome.TimestampMicros);
                    try
                    {
                        reducer.Def.Body(context, args);
                        outcome.Changes = tx.Commit();
                    }
#pragma warning disable CA1031 // A reducer may throw anything; the call fails with its message, as in SpacetimeDB.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        tx.Rollback();
                        outcome.Failure = ex.Message;
                    }
                }
            }
        }

        RecordCall(db, outcome);
        Broadcast(db, outcome);
    }

    private void Broadcast(DatabaseState db, TxOutcome outcome)
    {
        foreach (ServerConnection connection in db.Connections.ToArray())
        {
            if (connection.IsClosed)
            {
                continue;
            }

            IReadOnlyList<WireTableUpdate> updates = outcome.Changes is null ? Array.Empty<WireTableUpdate>() : RowsFor(connection, db, outcome.Changes);
            if (ReferenceEquals(connection, outcome.Caller) && outcome.CallerNotified)
            {
                connection.Deliver(connection.Protocol == 1 ? FullUpdate(outcome, updates) : ReducerResult(outcome, updates));
            }
            else if (outcome.Changes is not null && updates.Count > 0)
            {
                if (connection.Protocol == 2)
                {
                    connection.Deliver(new WireTransactionUpdateV2(updates));
                }
                else if (connection.Light || (Major >= 2 && db.ModuleVersion == ModuleDefVersion.V10))
                {
                    // Light mode, or hide_reducer_info_for_non_callers for V10 modules on a 2.x server.
                    connection.Deliver(new WireTransactionUpdateLight(0, updates));
                }
                else
                {
                    connection.Deliver(FullUpdate(outcome, updates));
                }
            }
        }
    }

    private WireTransactionUpdateV1 FullUpdate(TxOutcome outcome, IReadOnlyList<WireTableUpdate> updates)
    {
        WireUpdateStatus status = outcome.Failure is null ? new WireUpdateStatus.Committed() : new WireUpdateStatus.Failed(outcome.Failure);
        return new WireTransactionUpdateV1(
            status,
            outcome.TimestampMicros,
            (byte[])outcome.CallerIdentity.Clone(),
            outcome.CallerConnectionId is null ? null : (byte[])outcome.CallerConnectionId.Clone(),
            new WireReducerCallInfo(outcome.ReducerName, outcome.ReducerId, (byte[])outcome.Args.Clone(), outcome.RequestId),
            _energy,
            updates);
    }

    private static WireReducerResult ReducerResult(TxOutcome outcome, IReadOnlyList<WireTableUpdate> updates)
    {
        WireReducerOutcome result = outcome.Failure switch
        {
            null when updates.Count > 0 => new WireReducerOutcome.Ok(updates),
            null => new WireReducerOutcome.OkEmpty(),
            string text when outcome.InternalError => new WireReducerOutcome.InternalError(text),
            string text => new WireReducerOutcome.Err(BsatnCodec.EncodeString(text)),
        };
        return new WireReducerResult(outcome.RequestId, outcome.TimestampMicros, result);
    }

    private static IReadOnlyList<WireTableUpdate> RowsFor(ServerConnection connection, DatabaseState db, ChangeSet changes)
    {
        var result = new List<WireTableUpdate>();
        foreach (QuerySet set in connection.Subscriptions)
        {
            foreach (string table in set.Tables)
            {
                if (!changes.Tables.TryGetValue(table, out var change) || !db.Tables.TryGetValue(table, out TableState? state))
                {
                    continue;
                }

                if (state.Def.IsEvent)
                {
                    if (connection.Protocol == 2 && change.Inserts.Count > 0)
                    {
                        result.Add(new WireTableUpdate(table, change.Inserts.ToArray(), NoRows, IsEventTable: true));
                    }
                }
                else if (change.Inserts.Count > 0 || change.Deletes.Count > 0)
                {
                    result.Add(new WireTableUpdate(table, change.Inserts.ToArray(), change.Deletes.ToArray()));
                }
            }
        }

        return result;
    }

    private static IReadOnlyList<WireTableUpdate> Snapshot(ServerConnection connection, DatabaseState db, IEnumerable<string> tables, bool asDeletes)
    {
        var result = new List<WireTableUpdate>();
        foreach (string table in tables)
        {
            if (!db.Tables.TryGetValue(table, out TableState? state))
            {
                continue;
            }

            byte[][] rows = state.Ordered().Select(r => r.Bytes).ToArray();
            bool isEvent = state.Def.IsEvent && connection.Protocol == 2;
            result.Add(asDeletes
                ? new WireTableUpdate(table, NoRows, rows, isEvent)
                : new WireTableUpdate(table, rows, NoRows, isEvent));
        }

        return result;
    }

    private string? ResolveQuery(ServerConnection connection, DatabaseState db, string sql, out string? table)
    {
        table = null;
        Match match = SelectStar.Match(sql ?? string.Empty);
        if (!match.Success)
        {
            return $"Unsupported query `{sql}`: the simulated server understands only SELECT * FROM <table> and SELECT * FROM \"<table>\".";
        }

        string name = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value;
        if (!db.Tables.TryGetValue(name, out TableState? state) || !state.Def.IsPublic)
        {
            return $"no such table: `{name}`. If the table exists, it may be marked private.";
        }

        if (state.Def.IsEvent && connection.Protocol == 1)
        {
            return EventTableNeedsV2Text;
        }

        table = name;
        return null;
    }

    private sealed class TxOutcome
    {
        public ServerConnection? Caller { get; init; }

        public bool CallerNotified { get; init; }

        public uint RequestId { get; init; }

        public string ReducerName { get; init; } = string.Empty;

        public uint ReducerId { get; set; }

        public byte[] Args { get; init; } = Array.Empty<byte>();

        public byte[] CallerIdentity { get; init; } = Array.Empty<byte>();

        public byte[]? CallerConnectionId { get; init; }

        public long TimestampMicros { get; init; }

        public ChangeSet? Changes { get; set; }

        public string? Failure { get; set; }

        public bool InternalError { get; set; }
    }
}
