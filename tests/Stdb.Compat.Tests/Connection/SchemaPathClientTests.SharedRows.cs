using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

/// <summary>Schema paths over bindings where a table and a view share one row type (as in real generated bindings).</summary>
[TestClass]
public sealed class SchemaPathClientSharedRowTests
{
    [TestMethod]
    public async Task Table_RowsNamingTheViewAndTableByName_FeedEachModelFromItsTable()
    {
        using var world = new PathWorld(("game", Module()));
        var paths = new SchemaPathOptions().Add("v2", Driver(), p => p
            .Rows<PlayerV2, Hero>(static r => new Hero(r.Id, r.Username, r.Score), table: "champion")
            .CheckWith(world.CheckOf(Module(), "game")));
        var client = world.Client(paths);
        await world.RunAsync(client.ConnectAsync());
        var champions = client.Table<Hero>();
        var players = client.Table<PlayerV2>("player");
        var byAccessor = client.Table<PlayerV2>("Champion");
        await world.RunAsync(client.SubscribeToAllTables().Applied);

        world.Server.Database("game").Transaction(ctx =>
        {
            ctx.Table("player").Insert(new SimRow(1UL, "ann", 10u, null));
            ctx.Table("player").Insert(new SimRow(2UL, "bob", 99u, null));
            ctx.Table("champion").Insert(new SimRow(2UL, "bob", 99u, null));
        });
        await world.RunUntilAsync(() => players.Snapshot().Count == 2 && champions.Snapshot().Count == 1 && byAccessor.Snapshot().Count == 1);

        Assert.AreEqual(new Hero(2, "bob", 99), champions.Snapshot().Single());
        Assert.AreEqual("bob", byAccessor.Snapshot().Single().Username);
        CollectionAssert.AreEquivalent(new[] { 1UL, 2UL }, players.Snapshot().Select(p => p.Id).ToArray());
    }

    [TestMethod]
    public void Table_SharedRowTypeNoneNamedAfterIt_ThrowsAmbiguousNamingBoth()
    {
        using var world = new PathWorld(("game", Module()));
        var client = world.Client(new SchemaPathOptions().Add("v2", Driver()));

        var error = Assert.ThrowsExactly<AmbiguousTableException>(() => client.Table<PlayerV2>());

        CollectionAssert.AreEqual(new[] { "player", "champion" }, error.Candidates.ToArray());
    }

    [TestMethod]
    public void Table_NameOtherThanTheDeclaredRowsTable_ThrowsNamingTheMappedTable()
    {
        using var world = new PathWorld(("game", Module()));
        var client = world.Client(new SchemaPathOptions().Add("v2", Driver(), p => p
            .Rows<PlayerV2, Hero>(static r => new Hero(r.Id, r.Username, r.Score), table: "champion")));

        var error = Assert.ThrowsExactly<System.ArgumentException>(() => client.Table<Hero>("player"));

        StringAssert.Contains(error.Message, "mapped from table 'champion', not 'player'");
    }

    private static SimulatedDriver Driver()
    {
        var columns = new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("username", SimType.String), SimColumn.Of("score", SimType.U32), SimColumn.Of("display_name", SimType.Option(SimType.String)) };
        return SimulatedDriver.Create(2).WithSeed(7)
            .Table<PlayerV2, ulong>("player", columns, Decode, static p => p.Id)
            .Table<PlayerV2, ulong>("champion", columns, Decode, static p => p.Id)
            .Build();
    }

    private static PlayerV2 Decode(SimRow r) => new(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2), r.Get<string?>(3));

    private static SimModule Module() => SimModule.Define(ModuleDefVersion.V10)
        .Table("player", Columns)
        .Table("champion", Columns);

    private static void Columns(SimTableBuilder t) =>
        t.Column("id", SimType.U64).Column("username", SimType.String).Column("score", SimType.U32).Column("display_name", SimType.Option(SimType.String)).PrimaryKey("id");
}
