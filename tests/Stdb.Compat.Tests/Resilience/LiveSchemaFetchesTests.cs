using System;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Tests.Resilience;

[TestClass]
public sealed class LiveSchemaFetchesTests
{
    private static readonly Uri Server = new("ws://game.example");

    [TestMethod]
    public async Task FetchAsync_FetchFails_EveryCheckSeesTheSameFailureWithoutRefetching()
    {
        var fetches = new LiveSchemaFetches();
        var calls = 0;
        Task<FetchedModuleSchema> Fail()
        {
            calls++;
            return Task.FromException<FetchedModuleSchema>(new SchemaFetchException(SchemaFetchFailure.NetworkError, "refused"));
        }

        var first = await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => fetches.FetchAsync(Server, "game", Fail));
        var second = await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => fetches.FetchAsync(Server, "game", Fail));

        Assert.AreEqual(1, calls);
        Assert.AreSame(first, second);
        Assert.IsNull(fetches.TryTake(Server, "game"), "a failed fetch is not handed to the connect check");
    }

    [TestMethod]
    public async Task FetchAsync_SourceThrowsBeforeItsTask_KeptAsTheSameFailure()
    {
        var fetches = new LiveSchemaFetches();
        var calls = 0;
        Task<FetchedModuleSchema> Throw()
        {
            calls++;
            throw new SchemaFetchException(SchemaFetchFailure.DatabaseNotFound, "no database 'game'");
        }

        await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => fetches.FetchAsync(Server, "game", Throw));
        await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => fetches.FetchAsync(Server, "game", Throw));

        Assert.AreEqual(1, calls);
    }

    [TestMethod]
    public async Task FetchAsync_TwoTargets_OneFetchEach()
    {
        var fetches = new LiveSchemaFetches();
        var calls = 0;
        Task<FetchedModuleSchema> Fetch()
        {
            calls++;
            return Task.FromResult(Schema());
        }

        await fetches.FetchAsync(Server, "blue", Fetch);
        await fetches.FetchAsync(Server, "blue", Fetch);
        await fetches.FetchAsync(Server, "green", Fetch);

        Assert.AreEqual(2, calls);
        Assert.AreEqual(2, fetches.Count);
    }

    [TestMethod]
    public async Task TryTake_AfterASelection_HandsTheSchemaOverOnceAndForgetIsFinal()
    {
        var handover = new SchemaFetchHandover();
        var fetches = new LiveSchemaFetches();
        var fetched = await fetches.FetchAsync(Server, "game", () => Task.FromResult(Schema()));
        handover.Offer(fetches);

        Assert.AreSame(fetched, await handover.TryTake(Server, "game")!);
        Assert.IsNull(handover.TryTake(Server, "game"), "taken once: the next check fetches");

        await fetches.FetchAsync(new Uri("ws://other.example"), "game", () => Task.FromResult(Schema()));
        handover.Forget();
        Assert.IsNull(handover.TryTake(new Uri("ws://other.example"), "game"));
    }

    private static FetchedModuleSchema Schema() => new(new ModuleSchema(), 10, "2.8.3", "{}");
}
