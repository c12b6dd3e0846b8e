using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Migrations;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class DualReadTests
{
    [TestMethod]
    public async Task TryFind_RowNotYetMigrated_IsServedFromTheOldTableAndCounted()
    {
        using var world = new MigrationWorld(rows: 10);
        var client = world.CreateClient();
        await world.ConnectAsync(client);
        world.Server.Database(MigrationWorld.Database).Table("item_v2").Insert(new SimRow(1UL, "NEW", 99UL));
        await world.FramesAsync(client);
        var view = DualRead.Create(client.Table<ItemV2>(), r => r, client.Table<ItemV1>(), MigrationWorld.Transform, m => m.Id);

        Assert.IsTrue(view.TryFind(1UL, out var migrated));
        Assert.IsTrue(view.TryFind(2UL, out var old));

        Assert.AreEqual("NEW", migrated.Label);
        Assert.AreEqual("ITEM2", old.Label);
        Assert.AreEqual(1, view.FallbackLookups);
        Assert.AreEqual(9, view.RowsServedFromOld);
        Assert.AreEqual(10, view.Count);
        Assert.AreEqual(99UL, view.Snapshot().Single(m => m.Id == 1).Value);
        Assert.IsFalse(view.TryFind(77UL, out _));
    }
}
