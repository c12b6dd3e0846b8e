using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Connection;

[TestClass]
public sealed class CompatClientTests
{
    [TestMethod]
    public void Create_NullDriver_Throws() =>
        Assert.ThrowsExactly<ArgumentNullException>(() => CompatClient.Create(null!, new CompatClientOptions()));

    [TestMethod]
    public void Create_InvalidOptions_ThrowsNamingTheOption()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => CompatClient.Create(new FakeDriver(2), new CompatClientOptions()));
        Assert.AreEqual("ServerUri", error.ParamName);
    }

    [TestMethod]
    public void Create_ValidOptions_StartsDisconnected()
    {
        var client = CompatClient.Create(new FakeDriver(2), new CompatClientOptions { ServerUri = new Uri("http://h"), DatabaseName = "db" });
        Assert.AreEqual(CompatConnectionState.Disconnected, client.State);
        Assert.IsNull(client.Identity);
    }
}
