using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Benchmarks.Support;

/// <summary>
/// The per-iteration server work the notification benchmarks share, kept outside their measurement: write a batch of
/// player rows into one held server message, and delete every player row again afterwards.
/// </summary>
internal static class HeldPlayerRows
{
    /// <summary>Holds delivery, then inserts <paramref name="rows"/> players with ids from <paramref name="nextId"/> in one transaction.</summary>
    public static void Write(SimulatedServer server, string database, ref ulong nextId, int rows)
    {
        server.Faults.HoldDelivery();
        var first = nextId;
        nextId += (ulong)rows;
        server.Database(database).Transaction(ctx =>
        {
            var players = ctx.Table("player");
            for (var i = 0UL; i < (ulong)rows; i++)
            {
                players.Insert(new SimRow(first + i, "p" + (first + i), 100u, null));
            }
        });
    }

    /// <summary>Deletes every player row in one transaction (delivered at the caller's next tick).</summary>
    public static void DeleteAll(SimulatedServer server, string database) =>
        server.Database(database).Transaction(ctx =>
        {
            var players = ctx.Table("player");
            foreach (var row in players.Iter())
            {
                players.Delete(row);
            }
        });
}
