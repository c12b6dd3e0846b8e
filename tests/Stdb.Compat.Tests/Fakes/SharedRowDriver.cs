using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Tests.Fakes;

/// <summary>
/// Bindings where views share their table's row type, like real codegen: table "player" (accessor Player, row type
/// <see cref="Player"/>) plus the views "players_named_alice" and "top_players" over it, and an event table "player_seen"
/// of the same row type.
/// </summary>
public sealed class SharedRowDriver : IConnectionDriver
{
    public SharedRowDriver(bool withBaseTable = true)
    {
        var tables = new List<DriverTable>();
        if (withBaseTable)
        {
            tables.Add(FakeDriver.PlayerTable);
        }

        tables.Add(View("players_named_alice", "PlayersNamedAlice"));
        tables.Add(View("top_players", "TopPlayers"));
        tables.Add(new DriverTable<Player>("player_seen", "PlayerSeen", isEventTable: true, Fields()));
        tables.Add(FakeDriver.DamageLogTable);
        Tables = tables;
    }

    public DriverCapabilities Capabilities { get; } = new() { SdkMajor = 2, Protocol = "v2.bsatn.spacetimedb", EventTables = true, WireNames = WireNamePolicy.SnakeCase };

    public IReadOnlyList<DriverTable> Tables { get; }

    public IReadOnlyList<DriverReducer> Reducers { get; } = Array.Empty<DriverReducer>();

    public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener) => throw new NotSupportedException("Lookups only.");

    private static DriverTable<Player, ulong> View(string wireName, string accessorName) =>
        new(wireName, accessorName, Fields(), "id", static p => p.Id);

    private static DriverField[] Fields() => new[]
    {
        new DriverField("id", "Id", typeof(ulong), r => ((Player)r).Id),
        new DriverField("name", "Name", typeof(string), r => ((Player)r).Name),
        new DriverField("score", "Score", typeof(uint), r => ((Player)r).Score),
    };
}
