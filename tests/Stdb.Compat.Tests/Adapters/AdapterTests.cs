using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Adapters;

[TestClass]
public sealed class AdapterTests
{
    [TestMethod]
    public void Then_V1ToV2ToModel_ComposesTheChain()
    {
        Func<PlayerV1, PlayerV2> v1ToV2 = r => new PlayerV2(r.Id, r.Username, r.Score, null);
        Func<PlayerV2, Hero> v2ToModel = r => new Hero(r.Id, r.DisplayName ?? r.Username, r.Score);

        var chain = v1ToV2.Then(v2ToModel);

        Assert.AreEqual(new Hero(7, "alice", 90), chain(new PlayerV1(7, "alice", 90)));
    }

    [TestMethod]
    public void Then_NullSecond_ThrowsNamingIt()
    {
        Func<PlayerV1, PlayerV2> v1ToV2 = r => new PlayerV2(r.Id, r.Username, r.Score, null);

        var error = Assert.ThrowsExactly<ArgumentNullException>(() => v1ToV2.Then<PlayerV1, PlayerV2, Hero>(null!));

        Assert.AreEqual("second", error.ParamName);
    }
}
