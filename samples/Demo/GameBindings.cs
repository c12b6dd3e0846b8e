using Stdb.Compat;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;

namespace Demo;

/// <summary>The app's row, argument and event types (what generated bindings would provide).</summary>
internal sealed record Player(ulong Id, string Username, uint Score, string? DisplayName = null);

internal sealed record CreatePlayer(string Username);

internal sealed record DealDamage(ulong Target, uint Amount);

internal sealed record DamageEvent(ulong Target, uint Amount);

/// <summary>The app's own event type: the only fields that ever reach app code.</summary>
internal sealed record DamageDealt(ulong Target, uint Amount);

/// <summary>
/// Drivers for the two generations of the game's bindings. In a real app the Stdb.Compat source generator emits
/// these from the generated DbConnection; the demo runs on the simulated driver instead.
/// </summary>
internal static class GameBindings
{
    private static readonly SimColumn[] DamageColumns = { SimColumn.Of("target", SimType.U64), SimColumn.Of("amount", SimType.U32) };

    /// <summary>v1 module bindings as SDK 1.x sees them (declared names).</summary>
    public static SimulatedDriver V1Sdk1(int seed) => WithReducers(SimulatedDriver.Create(1).WithSeed(seed)
        .Table<Player, ulong>(
            "Player",
            new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("username", SimType.String), SimColumn.Of("score", SimType.U32) },
            r => new Player(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)),
            p => p.Id,
            encode: p => new SimRow(p.Id, p.Username, p.Score)))
        .Build();

    /// <summary>v2 module bindings as SDK 2.x sees them (canonical names, an event table).</summary>
    public static SimulatedDriver V2Sdk2(int seed) => WithReducers(SimulatedDriver.Create(2).WithSeed(seed)
        .Table<Player, ulong>(
            "player",
            new[]
            {
                SimColumn.Of("id", SimType.U64), SimColumn.Of("username", SimType.String), SimColumn.Of("score", SimType.U32),
                SimColumn.Of("display_name", SimType.Option(SimType.String)),
            },
            r => new Player(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2), r.Get<string?>(3)),
            p => p.Id,
            encode: p => new SimRow(p.Id, p.Username, p.Score, p.DisplayName))
        .EventTable<DamageEvent>("damage_event", DamageColumns, r => new DamageEvent(r.Get<ulong>(0), r.Get<uint>(1)), e => new SimRow(e.Target, e.Amount)))
        .Build();

    private static SimulatedDriverBuilder WithReducers(SimulatedDriverBuilder builder) => builder
        .Reducer<CreatePlayer>("create_player", new[] { SimColumn.Of("username", SimType.String) }, a => new SimRow(a.Username), r => new CreatePlayer(r.Get<string>(0)))
        .Reducer<DealDamage>("deal_damage", DamageColumns, a => new SimRow(a.Target, a.Amount), r => new DealDamage(r.Get<ulong>(0), r.Get<uint>(1)));
}
