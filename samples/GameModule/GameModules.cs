using System.Linq;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace GameModule;

/// <summary>The sample game's server module in two generations, for the simulated server.</summary>
public static class GameModules
{
    /// <summary>Score of a new player.</summary>
    public const uint StartingScore = 100;

    /// <summary>
    /// Generation 1 (<see cref="ModuleDefVersion.V9"/>, names as a 1.x module declares them): table <c>Player</c>
    /// (id u64 primary key auto-inc, username string, score u32); reducers <c>create_player(username)</c> and
    /// <c>deal_damage(target, amount)</c>.
    /// </summary>
    public static SimModule V1() => Define(ModuleDefVersion.V9, "Player", withDisplayName: false, damageEventTable: null);

    /// <summary>
    /// Generation 2 (<see cref="ModuleDefVersion.V10"/>, canonical names): table <c>player</c> with an extra
    /// <c>display_name</c> Option&lt;string&gt; (default none), event table <c>damage_event(target u64, amount u32)</c>
    /// inserted by <c>deal_damage</c>, and the same reducers.
    /// </summary>
    public static SimModule V2() => Define(ModuleDefVersion.V10, "player", withDisplayName: true, damageEventTable: "damage_event");

    /// <summary>
    /// Generation 2 plus a <c>title</c> Option&lt;string&gt; column appended to <c>player</c> (default none): SpacetimeDB
    /// migrates it automatically but disconnects every client (publish with <c>--break-clients</c>), and generation-2
    /// bindings can no longer decode player rows.
    /// </summary>
    public static SimModule V2WithTitle() => Define(ModuleDefVersion.V10, "player", withDisplayName: true, damageEventTable: "damage_event", withTitle: true);

    private static SimModule Define(ModuleDefVersion version, string playerTable, bool withDisplayName, string? damageEventTable, bool withTitle = false)
    {
        SimModule module = SimModule.Define(version).Table(playerTable, t =>
        {
            t.Column("id", SimType.U64).Column("username", SimType.String).Column("score", SimType.U32).PrimaryKey("id").AutoInc("id");
            if (withDisplayName)
            {
                t.Column("display_name", SimType.Option(SimType.String)).Default("display_name", null);
            }

            if (withTitle)
            {
                t.Column("title", SimType.Option(SimType.String)).Default("title", null);
            }
        });

        if (damageEventTable is not null)
        {
            module.EventTable(damageEventTable, t => t.Column("target", SimType.U64).Column("amount", SimType.U32));
        }

        return module
            .Reducer("create_player", p => p.Param("username", SimType.String), (ctx, args) =>
            {
                string username = args.Get<string>(0);
                if (string.IsNullOrWhiteSpace(username))
                {
                    throw new ReducerFailedException("username must not be empty");
                }

                SimTable players = ctx.Table(playerTable);
                if (players.Iter().Any(p => p.Get<string>("username") == username))
                {
                    throw new ReducerFailedException($"username '{username}' is taken");
                }

                players.Insert(withTitle ? new SimRow(0UL, username, StartingScore, null, null)
                    : withDisplayName ? new SimRow(0UL, username, StartingScore, null) : new SimRow(0UL, username, StartingScore));
            })
            .Reducer("deal_damage", p => p.Param("target", SimType.U64).Param("amount", SimType.U32), (ctx, args) =>
            {
                ulong target = args.Get<ulong>(0);
                uint amount = args.Get<uint>(1);
                SimTable players = ctx.Table(playerTable);
                SimRow player = players.Find(target) ?? throw new ReducerFailedException($"no player with id {target}");
                uint score = player.Get<uint>("score");
                players.Update(player.With("score", score - System.Math.Min(score, amount)));
                if (damageEventTable is not null)
                {
                    ctx.Table(damageEventTable).Insert(new SimRow(target, amount));
                }
            });
    }
}
