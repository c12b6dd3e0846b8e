using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Tests.TestSupport;

namespace Stdb.Compat.Schema.Tests.Fetching;

[TestClass]
public sealed class HttpModuleSchemaSourceTests
{
    private static readonly HttpClient Http = new();

    private static HttpModuleSchemaSource Source(LoopbackServer server, FakeTimeProvider? time = null, string? token = null, int retries = 0) =>
        new(Http, new SchemaFetcherOptions
        {
            ServerUri = server.BaseUri,
            DatabaseName = "people",
            Token = token,
            MaxRetryAttempts = retries,
            RetryDelay = TimeSpan.Zero,
            AttemptTimeout = TimeSpan.FromSeconds(5),
        }, time ?? new FakeTimeProvider());

    [TestMethod]
    public async Task FetchAsync_ServerOffersV10_ReadsV10AndHealthVersion()
    {
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Request.Path == "/v1/health"
            ? LoopbackServer.Text(ctx, 200, "{\"nodes\":[0],\"package_name\":\"spacetimedb-client-api\",\"schedulable\":true,\"version\":\"2.8.3\"}")
            : LoopbackServer.Text(ctx, 200, TestFiles.V10Small));

        var fetched = await Source(server, token: "tok").FetchAsync();

        Assert.AreEqual(10, fetched.ModuleDefVersion);
        Assert.AreEqual(SchemaSource.ModuleDefV10, fetched.Schema.Source);
        Assert.AreEqual("2.8.3", fetched.ServerVersion);
        Assert.AreEqual("/v1/database/people/schema?version=10", server.Requests.First());
        Assert.AreEqual("Bearer tok", server.Authorizations.First());
    }

    [TestMethod]
    public async Task FetchAsync_OldServerRefusesV10_FallsBackToV9()
    {
        await using var server = await LoopbackServer.StartAsync(ctx =>
            ctx.Request.Path == "/v1/health" ? LoopbackServer.Text(ctx, 404, string.Empty)
            : ctx.Request.Query["version"] == "10" ? LoopbackServer.Text(ctx, 400, "Failed to deserialize query string: unknown variant `10`, expected `9`")
            : LoopbackServer.Text(ctx, 200, TestFiles.V9Docs));

        var fetched = await Source(server).FetchAsync();

        Assert.AreEqual(9, fetched.ModuleDefVersion);
        Assert.IsNull(fetched.ServerVersion);
        Assert.AreEqual("person", fetched.Schema.Tables.Single().Name);
    }

    [TestMethod]
    [DataRow(404, "`people` not found", SchemaFetchFailure.DatabaseNotFound)]
    [DataRow(500, "no such module", SchemaFetchFailure.ModuleNotLoaded)]
    [DataRow(500, "error starting database: boom", SchemaFetchFailure.ServerError)]
    [DataRow(400, "Authorization is invalid: malformed token", SchemaFetchFailure.Unauthorized)]
    [DataRow(401, "Authorization failed: token not signed by this instance", SchemaFetchFailure.Unauthorized)]
    [DataRow(400, "Failed to deserialize query string: unknown variant `10`, expected `11`", SchemaFetchFailure.VersionRefused)]
    [DataRow(200, "{\"sections\": 3}", SchemaFetchFailure.InvalidSchema)]
    public async Task FetchAsync_ErrorResponse_ThrowsTypedError(int status, string body, SchemaFetchFailure failure)
    {
        await using var server = await LoopbackServer.StartAsync(ctx => LoopbackServer.Text(ctx, status, body));

        var ex = await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => Source(server).FetchAsync());

        Assert.AreEqual(failure, ex.Failure);
        if (failure != SchemaFetchFailure.InvalidSchema)
        {
            Assert.AreEqual(body, ex.ResponseBody);
        }
    }

    [TestMethod]
    public async Task FetchAsync_TransientServerError_IsRetried()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(ctx =>
            ctx.Request.Path == "/v1/health" ? LoopbackServer.Text(ctx, 404, string.Empty)
            : Interlocked.Increment(ref calls) == 1 ? LoopbackServer.Text(ctx, 500, "error starting database: busy")
            : LoopbackServer.Text(ctx, 200, TestFiles.V10Small));

        var fetched = await Source(server, retries: 2).FetchAsync();

        Assert.AreEqual(2, calls);
        Assert.AreEqual("person", fetched.Schema.Tables.Single().Name);
    }

    [TestMethod]
    public async Task FetchAsync_ServerHangs_TimesOutOnFakeTime()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            received.TrySetResult();
            await Task.WhenAny(release.Task, Task.Delay(Timeout.Infinite, ctx.RequestAborted)).ConfigureAwait(false);
        });
        var time = new FakeTimeProvider();

        var fetch = Source(server, time).FetchAsync();
        await received.Task;
        time.Advance(TimeSpan.FromSeconds(6));
        var ex = await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => fetch);
        release.TrySetResult();

        Assert.AreEqual(SchemaFetchFailure.Timeout, ex.Failure);
    }

    [TestMethod]
    public async Task FetchAsync_NothingListening_ThrowsNetworkError()
    {
        Uri uri;
        await using (var server = await LoopbackServer.StartAsync(ctx => LoopbackServer.Text(ctx, 200, string.Empty)))
        {
            uri = server.BaseUri;
        }

        var source = new HttpModuleSchemaSource(Http, new SchemaFetcherOptions { ServerUri = uri, DatabaseName = "x", MaxRetryAttempts = 0 }, new FakeTimeProvider());

        var ex = await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => source.FetchAsync());

        Assert.AreEqual(SchemaFetchFailure.NetworkError, ex.Failure);
    }
}
