using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace SdkStandIn.V1.Tests;

[TestClass]
public sealed class SmokeTests
{
    [TestMethod]
    public void Connect_CreatePlayer_RowArrives()
    {
        using var kit = new TestKit();
        var conn = kit.Connect();
        var applied = false;
        var handle = conn.SubscriptionBuilder().OnApplied(_ => applied = true).OnError((_, e) => throw e).Subscribe(new[] { "SELECT * FROM Player" });
        conn.FrameTick();
        Assert.IsTrue(applied, $"active={conn.IsActive} ended={handle.IsEnded} clients={kit.Server.Clients.Count} subs={(kit.Server.Clients.Count > 0 ? kit.Server.Clients[0].SubscriptionCount : -1)}");
        string? status = null;
        conn.Reducers.OnCreatePlayer += (ctx, name) => status = ctx.Event.Status.ToString();
        conn.Reducers.CreatePlayer("alice");
        conn.FrameTick();
        var log = string.Join(" | ", kit.Logger.All);
        Assert.AreEqual(1, kit.Server.Database("game").Table("Player").Count, "server " + status);
        Assert.AreEqual(1, conn.Db.Player.Count, log);
    }
}
