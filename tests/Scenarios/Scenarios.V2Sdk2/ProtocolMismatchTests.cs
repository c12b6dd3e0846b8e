using System;
using System.Threading.Tasks;
using Game;
using GameModule;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios;

/// <summary>(d) Bindings in the SDK 2.x shape against a SpacetimeDB 1.x server: a typed error at connect.</summary>
[TestClass]
public sealed class ProtocolMismatchTests
{
    [TestMethod]
    public async Task ConnectAsync_Sdk2BindingsOn1xServer_ThrowsProtocolMismatchAndFaults()
    {
        using var server = new SimulatedServer(new SimulatedServerOptions { Version = "1.12.0" });
        server.Publish("game", GameModules.V1());
        var client = CompatClient.Create(new GameDriver(), new CompatClientOptions { ServerUri = server.Uri, DatabaseName = "game" });
        var states = new System.Collections.Generic.List<StateChange>();
        client.StateChanged += states.Add;

        var connecting = client.ConnectAsync();
        for (var i = 0; i < 10 && !connecting.IsCompleted; i++)
        {
            client.FrameTick();
            await Task.Yield();
        }

        var error = await Assert.ThrowsExactlyAsync<ProtocolMismatchException>(() => connecting);
        Assert.AreEqual(2, error.SdkMajor);
        Assert.AreEqual("v2.bsatn.spacetimedb", error.RequestedProtocol);
        StringAssert.Contains(error.InnerException!.Message, "400");
        StringAssert.Contains(error.Message, "1.x");
        Assert.AreEqual(CompatConnectionState.Faulted, client.State);
        Assert.AreEqual(StateChangeReason.ProtocolMismatch, states[^1].Reason);
        Assert.AreSame(error, states[^1].Error);

        var outcome = await client.CallReducerAsync(new SpacetimeDB.Types.Reducer.CreatePlayer("x"));
        Assert.AreEqual(ReducerOutcomeKind.NotConnected, outcome.Kind);
        await client.DisposeAsync();
    }
}
