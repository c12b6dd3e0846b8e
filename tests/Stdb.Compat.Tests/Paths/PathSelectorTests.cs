using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Flags;
using Stdb.Compat.Paths;
using Stdb.Compat.Resilience;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Paths;

[TestClass]
public sealed class PathSelectorTests
{
    private static readonly Uri BlueUri = new("ws://blue.example");
    private static readonly Uri GreenUri = new("ws://green.example");

    [TestMethod]
    public async Task SelectAsync_PreferredTargetPassedOver_ChoosesTheOtherTargetWithTheReason()
    {
        var (selector, paths, flag) = Create();
        FailConnects(selector, paths, "blue", 2);

        var selection = await selector.SelectAsync(null, CancellationToken.None);

        Assert.AreEqual("green", selection.Path);
        Assert.AreEqual(SchemaPathChoice.Fallback, selection.Choice);
        StringAssert.Contains(selection.Reason, "'blue' is not reachable");
        StringAssert.Contains(selection.Checks["blue"].Reason, "failed 2 consecutive connect(s) (last: 503)");
        Assert.AreEqual(1, flag.Evaluations);
    }

    [TestMethod]
    public async Task SelectAsync_EveryTargetPassedOver_KeepsThePreferredPath()
    {
        var (selector, paths, _) = Create();
        FailConnects(selector, paths, "blue", 2);
        FailConnects(selector, paths, "green", 2);

        var selection = await selector.SelectAsync(null, CancellationToken.None);

        Assert.AreEqual("blue", selection.Path);
        Assert.AreEqual(SchemaPathChoice.Flag, selection.Choice);
    }

    [TestMethod]
    public async Task SelectAsync_FlagVariantChanged_ForgetsThePassedOverTargets()
    {
        var (selector, paths, flag) = Create();
        await selector.SelectAsync(null, CancellationToken.None);
        FailConnects(selector, paths, "blue", 2);
        flag.Variant = "green";
        await selector.SelectAsync(null, CancellationToken.None);
        flag.Variant = "blue";

        var selection = await selector.SelectAsync(null, CancellationToken.None);

        Assert.AreEqual("blue", selection.Path);
        Assert.IsFalse(selector.Health.AnyPassedOver);
    }

    [TestMethod]
    public async Task SelectAsync_Requested_ForgetsThePassedOverTargetsAndSkipsTheFlag()
    {
        var (selector, paths, flag) = Create();
        FailConnects(selector, paths, "blue", 2);

        var selection = await selector.SelectAsync("blue", CancellationToken.None);

        Assert.AreEqual("blue", selection.Path);
        Assert.AreEqual(SchemaPathChoice.Requested, selection.Choice);
        Assert.AreEqual(0, flag.Evaluations);
    }

    [TestMethod]
    public void OnConnectFailed_SingleTarget_NeverAsksToSelectAgain()
    {
        var paths = new SchemaPathOptions { FallbackAfterConnectFailures = 1 }.Add("v2", PathWorld.V2Driver()).Add("v3", PathWorld.V3Driver());
        var selector = new PathSelector(paths, new FakeTimeProvider(), NullLogger.Instance);

        Assert.IsFalse(selector.OnConnectFailed(paths.Find("v2")!, "503"));
        Assert.IsTrue(selector.Health.AnyPassedOver);
    }

    [TestMethod]
    public async Task SelectAsync_FlagThrows_UsesTheDefaultPathInsteadOfFailing()
    {
        var (_, paths, _) = Create();
        paths.Flag = SchemaPathFlags.FromDelegate("Stdb.SchemaPath", _ => throw new InvalidOperationException("remote config unreachable"));
        paths.DefaultPath = "blue";
        var selector = new PathSelector(paths, new FakeTimeProvider(), NullLogger.Instance);

        var selection = await selector.SelectAsync(null, CancellationToken.None);

        Assert.AreEqual("blue", selection.Path);
        Assert.AreEqual(SchemaPathChoice.Default, selection.Choice);
        Assert.IsNull(selection.Variant);
    }

    private static (PathSelector Selector, SchemaPathOptions Paths, CountingFlag Flag) Create()
    {
        var flag = new CountingFlag { Variant = "blue" };
        var compatible = CompatibilityChecks.FromDelegate((_, _) => new ValueTask<CompatibilityCheckResult>(CompatibilityCheckResult.Compatible(null, "compatible")));
        var paths = new SchemaPathOptions { Flag = flag, FallbackAfterConnectFailures = 2 }
            .Add("blue", PathWorld.V2Driver(), p => p.Target(BlueUri, "game").CheckWith(compatible))
            .Add("green", PathWorld.V2Driver(), p => p.Target(GreenUri, "game").CheckWith(compatible));
        return (new PathSelector(paths, new FakeTimeProvider(), NullLogger.Instance), paths, flag);
    }

    private static void FailConnects(PathSelector selector, SchemaPathOptions paths, string path, int times)
    {
        for (var i = 0; i < times; i++)
        {
            selector.OnConnectFailed(paths.Find(path)!, "503");
        }
    }
}
