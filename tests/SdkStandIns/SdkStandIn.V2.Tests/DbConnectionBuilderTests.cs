using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB.Types;

namespace SdkStandIn.V2.Tests;

[TestClass]
public sealed class DbConnectionBuilderTests
{
    [TestMethod]
    public void Build_WithoutUri_ThrowsNamingWithUri()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DbConnection.Builder().WithDatabaseName("game").Build());
        Assert.AreEqual("Building DbConnection with a null uri. Call WithUri() first.", error.Message);
    }

    [TestMethod]
    public void Build_WithoutDatabaseName_ThrowsNamingWithDatabaseName()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DbConnection.Builder().WithUri("http://localhost:3000").Build());
        Assert.AreEqual("Building DbConnection with a null nameOrAddress. Call WithDatabaseName() first.", error.Message);
    }

    [TestMethod]
    [DataRow("http://example:3000/", "ws://example:3000/")]
    [DataRow("https://example", "wss://example/")]
    [DataRow("localhost:3000", "ws://localhost:3000/")]
    [DataRow("ws://example", "ws://example/")]
    public void NormalizeUri_Variants_MapToWebSocketScheme(string input, string expected)
    {
        Assert.AreEqual(new Uri(expected), DbConnection.NormalizeUri(input));
    }

    [TestMethod]
    public void Build_HttpUriOfServer_ConnectsOverNormalisedWsUri()
    {
        using var kit = new TestKit();
        var conn = DbConnection.Builder().WithUri($"http://{kit.Server.Uri.Authority}/").WithDatabaseName(TestKit.Database).Build();
        conn.FrameTick();
        Assert.AreEqual("ws", conn.ConnectedUri!.Scheme);
        Assert.IsNotNull(conn.Identity);
        conn.Disconnect();
    }

    [TestMethod]
    public void Build_UnknownDatabase_OnConnectErrorOnlyInFrameTickAndNoDisconnect()
    {
        using var kit = new TestKit();
        Exception? connectError = null;
        var disconnected = false;
        var conn = DbConnection.Builder().WithUri(kit.Server.Uri.ToString()).WithDatabaseName("nope")
            .OnConnectError(e => connectError = e)
            .OnDisconnect((_, _) => disconnected = true)
            .Build();
        Assert.IsNull(connectError, "callbacks run only inside FrameTick");
        conn.FrameTick();
        Assert.IsNotNull(connectError);
        StringAssert.Contains(connectError.Message, "404");
        Assert.IsFalse(conn.IsActive);
        conn.Disconnect();
        conn.FrameTick();
        Assert.IsFalse(disconnected);
    }

    [TestMethod]
    public void Build_V2ClientOnV1Server_OnConnectErrorWithHttp400NoValidProtocol()
    {
        using var kit = new TestKit("1.12.0", v2Module: false);
        Exception? connectError = null;
        var conn = kit.Builder().OnConnectError(e => connectError = e).Build();
        conn.FrameTick();
        Assert.IsNotNull(connectError);
        StringAssert.StartsWith(connectError.Message, "WebSocket connection failed: NotAWebSocket");
        StringAssert.Contains(connectError.Message, "'400'");
        StringAssert.Contains(connectError.Message, "no valid protocol selected");
        Assert.IsFalse(conn.IsActive);
    }

    [TestMethod]
    public void OnConnect_TokenReused_SameIdentity()
    {
        using var kit = new TestKit();
        string? token = null;
        var first = kit.Connect(b => b.OnConnect((_, _, t) => token = t));
        Assert.IsFalse(string.IsNullOrEmpty(token));
        var second = kit.Connect(b => b.WithToken(token));
        Assert.AreEqual(first.Identity, second.Identity);
        Assert.AreNotEqual(first.ConnectionId, second.ConnectionId);
    }

    [TestMethod]
    public void WithLightMode_True_IsIgnoredBy2x()
    {
        using var kit = new TestKit();
        var conn = kit.Connect(b => b.WithLightMode(true).WithConfirmedReads(true).WithCompression(SpacetimeDB.Compression.Gzip));
        Assert.IsFalse(conn.RequestedLightMode);
        Assert.IsTrue(conn.RequestedConfirmedReads);
        Assert.AreEqual("Gzip", conn.RequestedCompression);
        Assert.AreEqual("v2.bsatn.spacetimedb", kit.Server.Clients[0].Protocol);
        Assert.IsFalse(kit.Server.Clients[0].LightMode);
    }
}
