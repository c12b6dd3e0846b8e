using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB.Types;

namespace SdkStandIn.V1.Tests;

[TestClass]
public sealed class DbConnectionBuilderTests
{
    [TestMethod]
    public void Build_WithoutUri_ThrowsNamingWithUri()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DbConnection.Builder().WithModuleName("game").Build());
        Assert.AreEqual("Building DbConnection with a null uri. Call WithUri() first.", error.Message);
    }

    [TestMethod]
    public void Build_WithoutModuleName_ThrowsNamingWithModuleName()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DbConnection.Builder().WithUri("localhost:3000").Build());
        Assert.AreEqual("Building DbConnection with a null nameOrAddress. Call WithModuleName() first.", error.Message);
    }

    [TestMethod]
    [DataRow("http://example:3000/", "ws://example:3000/")]
    [DataRow("https://example", "wss://example/")]
    [DataRow("localhost:3000", "ws://localhost:3000/")]
    public void NormalizeUri_Variants_MapToWebSocketScheme(string input, string expected)
    {
        Assert.AreEqual(new Uri(expected), DbConnection.NormalizeUri(input));
    }

    [TestMethod]
    public void Build_LightModeAndConfirmedReads_SentToServer()
    {
        using var kit = new TestKit();
        var conn = kit.Connect(b => b.WithLightMode(true).WithConfirmedReads(false));
        Assert.IsTrue(conn.RequestedLightMode);
        Assert.IsFalse(conn.RequestedConfirmedReads);
        Assert.AreEqual("Brotli", conn.RequestedCompression);
        Assert.IsTrue(kit.Server.Clients[0].LightMode);
        Assert.AreEqual("v1.bsatn.spacetimedb", kit.Server.Clients[0].Protocol);
    }

    [TestMethod]
    public void Build_V1ClientOn2xServer_ConnectsOverV1()
    {
        using var kit = new TestKit("2.8.3", v2Module: false);
        var conn = kit.Connect();
        Assert.IsNotNull(conn.Identity);
        Assert.AreEqual("v1.bsatn.spacetimedb", kit.Server.Clients[0].Protocol);
    }

    [TestMethod]
    public void Build_RefusedConnection_OnConnectErrorInFrameTick()
    {
        using var kit = new TestKit();
        kit.Server.Faults.RefuseConnections = true;
        Exception? error = null;
        var conn = kit.Builder().OnConnectError(e => error = e).Build();
        Assert.IsNull(error);
        conn.FrameTick();
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "'503'");
    }
}
