using System.Collections.Generic;
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

    /// <summary>
    /// Generation 1 plus a <c>title</c> Option&lt;string&gt; column appended to <c>Player</c> (default none): the 1.x
    /// counterpart of <see cref="V2WithTitle"/> (migrated automatically, every client disconnected, generation-1
    /// bindings can no longer decode player rows).
    /// </summary>
    public static SimModule V1WithTitle() => Define(ModuleDefVersion.V9, "Player", withDisplayName: false, damageEventTable: null, withTitle: true);

    /// <summary>
    /// Generation 2 with <c>display_name</c> widened from Option&lt;string&gt; to a sum <c>[some: string, none, hidden]</c>:
    /// SpacetimeDB accepts it in place (a sum gaining a variant at the end, same size and alignment) WITHOUT
    /// disconnecting anyone, yet a generation-2 client cannot decode a row holding the new variant. New players get
    /// <c>none</c>; a test writes <c>hidden</c> (tag 2) directly.
    /// </summary>
    public static SimModule V2WithHiddenDisplayName() => Define(ModuleDefVersion.V10, "player", withDisplayName: true, damageEventTable: "damage_event", hiddenVariant: true);

    /// <summary>The type of <c>display_name</c> in <see cref="V2WithHiddenDisplayName"/>.</summary>
    public static SimType HiddenDisplayNameType { get; } = SimType.Sum(
        new SimColumn("some", SimType.String), new SimColumn("none", SimType.Product()), new SimColumn("hidden", SimType.Product()));

    private static SimModule Define(ModuleDefVersion version, string playerTable, bool withDisplayName, string? damageEventTable, bool withTitle = false, bool hiddenVariant = false)
    {
        SimModule module = SimModule.Define(version).Table(playerTable, t =>
        {
            t.Column("id", SimType.U64).Column("username", SimType.String).Column("score", SimType.U32).PrimaryKey("id").AutoInc("id");
            if (hiddenVariant)
            {
                t.Column("display_name", HiddenDisplayNameType).Default("display_name", new SimSum(1, new SimRow()));
            }
            else if (withDisplayName)
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

                var values = new List<object?> { 0UL, username, StartingScore };
                if (withDisplayName)
                {
                    values.Add(hiddenVariant ? new SimSum(1, new SimRow()) : null);
                }

                if (withTitle)
                {
                    values.Add(null);
                }

                players.Insert(new SimRow(values.ToArray()));
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
