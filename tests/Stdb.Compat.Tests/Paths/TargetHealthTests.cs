using System;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Paths;

namespace Stdb.Compat.Tests.Paths;

[TestClass]
public sealed class TargetHealthTests
{
    private static readonly TargetKey Blue = new(new Uri("ws://blue.example"), "game");
    private static readonly TargetKey Green = new(new Uri("ws://green.example"), "game");

    [TestMethod]
    public void OnConnectFailed_ThresholdReached_PassesTheTargetOverOnce()
    {
        var health = new TargetHealth(3, TimeSpan.FromMinutes(5), new FakeTimeProvider());

        Assert.IsFalse(health.OnConnectFailed(Blue, "503"));
        Assert.IsFalse(health.OnConnectFailed(Blue, "503"));
        Assert.IsTrue(health.OnConnectFailed(Blue, "503"));
        Assert.IsFalse(health.OnConnectFailed(Blue, "503"));

        Assert.AreEqual(4, health.FailuresOf(Blue));
        StringAssert.Contains(health.PassedOver()[Blue], "failed 3 consecutive connect(s) (last: 503)");
        Assert.IsFalse(health.PassedOver().ContainsKey(Green));
    }

    [TestMethod]
    public void OnConnected_AfterFailures_EndsTheStreak()
    {
        var health = new TargetHealth(2, TimeSpan.FromMinutes(5), new FakeTimeProvider());
        health.OnConnectFailed(Blue, "503");

        health.OnConnected(Blue);

        Assert.AreEqual(0, health.FailuresOf(Blue));
        Assert.IsFalse(health.OnConnectFailed(Blue, "503"));
        Assert.IsFalse(health.AnyPassedOver);
    }

    [TestMethod]
    public void Expire_RetryPreferredAfterPassed_TriesTheTargetAgain()
    {
        var time = new FakeTimeProvider();
        var health = new TargetHealth(1, TimeSpan.FromMinutes(5), time);
        health.OnConnectFailed(Blue, "503");

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.AreEqual(0, health.Expire().Count);
        Assert.IsTrue(health.AnyPassedOver);

        time.Advance(TimeSpan.FromMinutes(1));
        var expired = health.Expire();

        Assert.AreEqual(Blue, expired[0].Target);
        Assert.IsFalse(health.AnyPassedOver);
        Assert.AreEqual(0, health.FailuresOf(Blue));
    }

    [TestMethod]
    public void Forget_FlagChangeOrRequest_ClearsEveryStreak()
    {
        var health = new TargetHealth(1, TimeSpan.FromMinutes(5), new FakeTimeProvider());
        health.OnConnectFailed(Blue, "503");
        health.OnConnectFailed(Green, "timeout");

        var forgotten = health.Forget();

        Assert.AreEqual(2, forgotten.Count);
        Assert.IsFalse(health.AnyPassedOver);
        Assert.AreEqual(0, health.FailuresOf(Green));
    }
}
