using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Tests.Fakes;

public sealed record Player(ulong Id, string Name, uint Score);

public sealed record DamageEvent(ulong Target, uint Amount);

public sealed record DamageLog(ulong Seq, ulong Target, uint Amount);

/// <summary>Reducer args: a record, so equal by value like the generated [SpacetimeDB.Type] classes.</summary>
public sealed record DealDamage(ulong Target, uint Amount, string Secret);

public sealed record CreatePlayer(string Username);

/// <summary>A scripted driver: tests decide what the "SDK" delivers at each FrameTick.</summary>
public sealed class FakeDriver : IConnectionDriver
{
    public static readonly DriverTable<Player, ulong> PlayerTable = new(
        "player",
        "Player",
        new[]
        {
            new DriverField("id", "Id", typeof(ulong), r => ((Player)r).Id),
            new DriverField("name", "Name", typeof(string), r => ((Player)r).Name),
            new DriverField("score", "Score", typeof(uint), r => ((Player)r).Score),
        },
        "id",
        static p => p.Id);

    public static readonly DriverTable<DamageEvent> DamageEventTable = new(
        "damage_event",
        "DamageEvent",
        isEventTable: true,
        new[]
        {
            new DriverField("target", "Target", typeof(ulong), r => ((DamageEvent)r).Target),
            new DriverField("amount", "Amount", typeof(uint), r => ((DamageEvent)r).Amount),
        });

    public static readonly DriverTable<DamageLog, ulong> DamageLogTable = new(
        "damage_log",
        "DamageLog",
        new[]
        {
            new DriverField("seq", "Seq", typeof(ulong), r => ((DamageLog)r).Seq),
            new DriverField("target", "Target", typeof(ulong), r => ((DamageLog)r).Target),
            new DriverField("amount", "Amount", typeof(uint), r => ((DamageLog)r).Amount),
        },
        "seq",
        static l => l.Seq);

    public static readonly DriverReducer DealDamageReducer = new(
        "deal_damage",
        "DealDamage",
        typeof(DealDamage),
        new[]
        {
            new DriverField("target", "Target", typeof(ulong), a => ((DealDamage)a).Target),
            new DriverField("amount", "Amount", typeof(uint), a => ((DealDamage)a).Amount),
            new DriverField("secret", "Secret", typeof(string), a => ((DealDamage)a).Secret),
        });

    public static readonly DriverReducer CreatePlayerReducer = new(
        "create_player",
        "CreatePlayer",
        typeof(CreatePlayer),
        new[] { new DriverField("username", "Username", typeof(string), a => ((CreatePlayer)a).Username) });

    public FakeDriver(int sdkMajor, bool withEventTable = true)
    {
        Capabilities = new DriverCapabilities
        {
            SdkMajor = sdkMajor,
            Protocol = sdkMajor >= 2 ? "v2.bsatn.spacetimedb" : "v1.bsatn.spacetimedb",
            EventTables = sdkMajor >= 2,
            ReducerCallbacksForOtherClients = sdkMajor < 2,
            LightMode = sdkMajor < 2,
            ConfirmedReads = true,
            ReducerFlags = sdkMajor < 2,
            WireNames = sdkMajor >= 2 ? WireNamePolicy.SnakeCase : WireNamePolicy.Declared,
        };
        var tables = new List<DriverTable> { PlayerTable, DamageLogTable };
        if (withEventTable && sdkMajor >= 2)
        {
            tables.Add(DamageEventTable);
        }

        Tables = tables;
    }

    public DriverCapabilities Capabilities { get; }

    public IReadOnlyList<DriverTable> Tables { get; }

    public IReadOnlyList<DriverReducer> Reducers { get; init; } = new[] { DealDamageReducer, CreatePlayerReducer };

    public List<FakeSession> Sessions { get; } = new();

    /// <summary>New sessions keep and list an SDK-like row cache (<see cref="IDriverRowSource"/>).</summary>
    public bool SessionsListRows { get; set; }

    public FakeSession Session => Sessions[^1];

    /// <summary>When set, Open throws it (like Build() with a bad option).</summary>
    public Exception? OpenFailure { get; set; }

    public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener)
    {
        if (OpenFailure is not null)
        {
            throw OpenFailure;
        }

        var session = new FakeSession(options, listener) { ListsRows = SessionsListRows };
        Sessions.Add(session);
        return session;
    }
}
