// Hand-written stand-in for the driver the Stdb.Compat source generator will emit for these bindings
// (v2 module, SpacetimeDB C# SDK 1.12 shape; damage_event is an ordinary table in 1.x). Typed code only: no reflection, no LINQ on hot paths.
using System;
using System.Collections.Generic;
using SpacetimeDB;
using SpacetimeDB.Types;
using Stdb.Compat.Driver;

namespace Game;

/// <summary>Driver port implementation over the 1.12-shaped <c>SpacetimeDB.Types.DbConnection</c>.</summary>
public sealed partial class GameDriver : IConnectionDriver
{
    /// <summary>Table <c>player</c> (primary key <c>id</c>).</summary>
    public static readonly DriverTable<Player, ulong> PlayerTable = new(
        "player",
        "Player",
        new DriverField[]
        {
            new("id", "Id", typeof(ulong), static row => ((Player)row).Id),
            new("username", "Username", typeof(string), static row => ((Player)row).Username),
            new("score", "Score", typeof(uint), static row => ((Player)row).Score),
            new("display_name", "DisplayName", typeof(string), static row => ((Player)row).DisplayName),
        },
        "id",
        static p => p.Id);

    /// <summary>Table <c>damage_event</c> (an ordinary table without primary key for 1.x bindings).</summary>
    public static readonly DriverTable<DamageEvent> DamageEventTable = new(
        "damage_event",
        "DamageEvent",
        isEventTable: false,
        new DriverField[]
        {
            new("target", "Target", typeof(ulong), static row => ((DamageEvent)row).Target),
            new("amount", "Amount", typeof(uint), static row => ((DamageEvent)row).Amount),
        });

    /// <summary>Reducer <c>create_player</c>.</summary>
    public static readonly DriverReducer CreatePlayerReducer = new(
        "create_player",
        "CreatePlayer",
        typeof(Reducer.CreatePlayer),
        new DriverField[]
        {
            new("username", "Username", typeof(string), static args => ((Reducer.CreatePlayer)args).Username),
        });

    /// <summary>Reducer <c>deal_damage</c>.</summary>
    public static readonly DriverReducer DealDamageReducer = new(
        "deal_damage",
        "DealDamage",
        typeof(Reducer.DealDamage),
        new DriverField[]
        {
            new("target", "Target", typeof(ulong), static args => ((Reducer.DealDamage)args).Target),
            new("amount", "Amount", typeof(uint), static args => ((Reducer.DealDamage)args).Amount),
        });

    private static readonly DriverTable[] AllTables = { DamageEventTable, PlayerTable };
    private static readonly DriverReducer[] AllReducers = { CreatePlayerReducer, DealDamageReducer };

    private static readonly DriverCapabilities SdkCapabilities = new()
    {
        SdkMajor = 1,
        Protocol = "v1.bsatn.spacetimedb",
        EventTables = false,
        ReducerCallbacksForOtherClients = true,
        LightMode = true,
        ConfirmedReads = true,
        TypedQueries = true,
        ReducerFlags = true,
        WireNames = WireNamePolicy.Declared,
        BindingsVersion = "1.12.0",
    };

    /// <inheritdoc />
    public DriverCapabilities Capabilities => SdkCapabilities;

    /// <inheritdoc />
    public IReadOnlyList<DriverTable> Tables => AllTables;

    /// <inheritdoc />
    public IReadOnlyList<DriverReducer> Reducers => AllReducers;

    /// <inheritdoc />
    public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listener);
        return new Session(options, listener);
    }

    private static Compression ToSdk(DriverCompression compression) => compression switch
    {
        DriverCompression.None => Compression.None,
        DriverCompression.Gzip => Compression.Gzip,
        _ => Compression.Brotli,
    };

    private static string ReducerWireName(Reducer reducer) => reducer switch
    {
        Reducer.CreatePlayer => "create_player",
        Reducer.DealDamage => "deal_damage",
        _ => ((IReducerArgs)reducer).ReducerName,
    };

    private sealed class Session : IDriverSession
    {
        private readonly DbConnection _conn;
        private readonly IDriverSessionListener _listener;

        public Session(DriverSessionOptions options, IDriverSessionListener listener)
        {
            _listener = listener;
            var builder = DbConnection.Builder()
                .WithUri(options.Uri.ToString())
                .WithModuleName(options.DatabaseName)
                .WithToken(options.Token)
                .OnConnect(OnConnect)
                .OnConnectError(OnConnectError)
                .OnDisconnect(OnDisconnect);
            if (options.LightMode)
            {
                builder = builder.WithLightMode(true);
            }

            if (options.ConfirmedReads is { } confirmedReads)
            {
                builder = builder.WithConfirmedReads(confirmedReads);
            }

            if (options.Compression is { } compression)
            {
                builder = builder.WithCompression(ToSdk(compression));
            }

            _conn = builder.Build();
            _conn.Reducers.OnCreatePlayer += OnCreatePlayer;
            _conn.Reducers.OnDealDamage += OnDealDamage;
        }

        public bool IsActive => _conn.IsActive;

        public void FrameTick() => _conn.FrameTick();

        public void Disconnect() => _conn.Disconnect();

        public void Dispose() => _conn.Disconnect();

        public void Tap<TRow>(DriverTable<TRow> table, IDriverTableListener<TRow> listener)
            where TRow : class
        {
            ArgumentNullException.ThrowIfNull(table);
            ArgumentNullException.ThrowIfNull(listener);
            if (ReferenceEquals(table, PlayerTable) && listener is IDriverTableListener<Player> player)
            {
                var handle = _conn.Db.Player;
                handle.OnInsert += (ctx, row) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    player.OnInsert(in e, row);
                };
                handle.OnUpdate += (ctx, oldRow, newRow) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    player.OnUpdate(in e, oldRow, newRow);
                };
                handle.OnBeforeDelete += (ctx, row) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    player.OnBeforeDelete(in e, row);
                };
                handle.OnDelete += (ctx, row) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    player.OnDelete(in e, row);
                };
                return;
            }

            if (ReferenceEquals(table, DamageEventTable) && listener is IDriverTableListener<DamageEvent> damageEvent)
            {
                var handle = _conn.Db.DamageEvent;
                handle.OnInsert += (ctx, row) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    damageEvent.OnInsert(in e, row);
                };
                handle.OnUpdate += (ctx, oldRow, newRow) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    damageEvent.OnUpdate(in e, oldRow, newRow);
                };
                handle.OnBeforeDelete += (ctx, row) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    damageEvent.OnBeforeDelete(in e, row);
                };
                handle.OnDelete += (ctx, row) =>
                {
                    var e = ToDriverEvent(ctx.Event);
                    damageEvent.OnDelete(in e, row);
                };
                return;
            }

            throw new ArgumentException($"Table '{table.WireName}' ({typeof(TRow).FullName}) does not belong to the bindings of {nameof(GameDriver)}.", nameof(table));
        }

        public IDriverSubscription Subscribe(IReadOnlyList<string> querySql, IDriverSubscriptionListener listener)
        {
            ArgumentNullException.ThrowIfNull(querySql);
            ArgumentNullException.ThrowIfNull(listener);
            var queries = new string[querySql.Count];
            for (var i = 0; i < queries.Length; i++)
            {
                queries[i] = querySql[i];
            }

            var handle = _conn.SubscriptionBuilder()
                .OnApplied(_ => listener.OnApplied())
                .OnError((_, error) => listener.OnError(error))
                .Subscribe(queries);
            return new Subscription(handle, listener);
        }

        public void CallReducer(object reducerArgs)
        {
            switch (reducerArgs)
            {
                case Reducer.CreatePlayer args:
                    _conn.InternalCallReducer(args, CallReducerFlags.FullUpdate);
                    return;
                case Reducer.DealDamage args:
                    _conn.InternalCallReducer(args, CallReducerFlags.FullUpdate);
                    return;
                default:
                    throw new ArgumentException(
                        $"'{reducerArgs?.GetType().FullName ?? "null"}' is not a reducer argument type of the bindings of {nameof(GameDriver)}.",
                        nameof(reducerArgs));
            }
        }

        private void OnConnect(DbConnection conn, Identity identity, string token) =>
            _listener.OnConnected(new DriverConnectedInfo(identity.ToString(), conn.ConnectionId.ToString(), token));

        private void OnConnectError(Exception error) => _listener.OnConnectError(error);

        private void OnDisconnect(DbConnection conn, Exception? error) => _listener.OnDisconnected(error);

        private void OnCreatePlayer(ReducerEventContext ctx, string username)
        {
            var e = FromReducerEvent(ctx.Event, ctx.Event);
            _listener.OnReducerEvent(in e);
        }

        private void OnDealDamage(ReducerEventContext ctx, ulong target, uint amount)
        {
            var e = FromReducerEvent(ctx.Event, ctx.Event);
            _listener.OnReducerEvent(in e);
        }

        private DriverEvent ToDriverEvent(Event<Reducer> evt) => evt switch
        {
            Event<Reducer>.Reducer reducer => FromReducerEvent(reducer.ReducerEvent, evt),
            Event<Reducer>.SubscribeApplied => new DriverEvent(DriverEventKind.SubscribeApplied, evt),
            Event<Reducer>.UnsubscribeApplied => new DriverEvent(DriverEventKind.UnsubscribeApplied, evt),
            Event<Reducer>.SubscribeError => new DriverEvent(DriverEventKind.SubscribeError, evt),
            Event<Reducer>.UnknownTransaction => new DriverEvent(DriverEventKind.UnknownTransaction, evt),
            _ => new DriverEvent(DriverEventKind.Unknown, evt),
        };

        private DriverEvent FromReducerEvent(ReducerEvent<Reducer> reducerEvent, object raw)
        {
            var callerIsSelf = reducerEvent.CallerIdentity == _conn.Identity && reducerEvent.CallerConnectionId == _conn.ConnectionId;
            return reducerEvent.Status switch
            {
                Status.Committed => new DriverEvent(ReducerWireName(reducerEvent.Reducer), reducerEvent.Reducer, callerIsSelf, DriverReducerStatus.Committed, null, reducerEvent.Timestamp.MicrosecondsSinceUnixEpoch, raw),
                Status.Failed(var reason) => new DriverEvent(ReducerWireName(reducerEvent.Reducer), reducerEvent.Reducer, callerIsSelf, DriverReducerStatus.Failed, reason, reducerEvent.Timestamp.MicrosecondsSinceUnixEpoch, raw),
                Status.OutOfEnergy => new DriverEvent(ReducerWireName(reducerEvent.Reducer), reducerEvent.Reducer, callerIsSelf, DriverReducerStatus.OutOfEnergy, null, reducerEvent.Timestamp.MicrosecondsSinceUnixEpoch, raw),
                _ => new DriverEvent(ReducerWireName(reducerEvent.Reducer), reducerEvent.Reducer, callerIsSelf, DriverReducerStatus.None, null, reducerEvent.Timestamp.MicrosecondsSinceUnixEpoch, raw),
            };
        }
    }

    private sealed class Subscription : IDriverSubscription
    {
        private readonly SubscriptionHandle _handle;
        private readonly IDriverSubscriptionListener _listener;

        public Subscription(SubscriptionHandle handle, IDriverSubscriptionListener listener)
        {
            _handle = handle;
            _listener = listener;
        }

        public bool IsActive => _handle.IsActive;

        public bool IsEnded => _handle.IsEnded;

        public void Unsubscribe()
        {
            if (!_handle.IsActive)
            {
                throw new InvalidOperationException("Cannot unsubscribe from inactive subscription.");
            }

            try
            {
                _handle.UnsubscribeThen(_ => _listener.OnEnded());
            }
            catch (Exception e) when (e.GetType() == typeof(Exception))
            {
                throw new InvalidOperationException(e.Message, e);
            }
        }
    }
}
