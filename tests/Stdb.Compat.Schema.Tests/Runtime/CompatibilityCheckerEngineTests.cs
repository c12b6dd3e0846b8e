using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Runtime;
using Stdb.Compat.Schema.Tests.TestSupport;

namespace Stdb.Compat.Schema.Tests.Runtime;

[TestClass]
public sealed class CompatibilityCheckerEngineTests
{
    private sealed class FixedSource(string json) : IModuleSchemaSource
    {
        public Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new FetchedModuleSchema(ModuleDefJson.Read(json), 10, "2.8.3", json));
    }

    private sealed class FailingSource : IModuleSchemaSource
    {
        public Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default) =>
            Task.FromException<FetchedModuleSchema>(new SchemaFetchException(SchemaFetchFailure.DatabaseNotFound, "nope"));
    }

    private sealed class Recorder : ISchemaCompatibilityNotifications
    {
        public List<string> Calls { get; } = new();

        public bool Throw { get; init; }

        public void OnBindingsBehind(SchemaCompatibilityNotification notification)
        {
            Calls.Add("behind:" + notification.DatabaseName);
            if (Throw)
            {
                throw new InvalidOperationException("app bug");
            }
        }

        public void OnNewerSchemaAvailable(SchemaCompatibilityNotification notification) => Calls.Add("newer:" + notification.DatabaseName);
    }

    private static readonly SchemaCompatibilityOptions Options = new() { DatabaseName = "people" };

    [TestMethod]
    public async Task CheckAsync_LiveHasExtraReducer_NotifiesNewerSchemaAndKeepsReport()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var recorder = new Recorder();
        var checker = SchemaCompatibilityChecker.Create(Schemas.PersonManifest(), Options, new FixedSource(TestFiles.V10Small), recorder, time);

        var report = await checker.CheckAsync();

        Assert.AreSame(report, checker.LatestReport);
        Assert.AreEqual(CompatibilityVerdict.Compatible, report.Verdict);
        Assert.AreEqual("2.8.3", report.ServerVersion);
        Assert.AreEqual(time.GetUtcNow(), report.CheckedAt);
        CollectionAssert.AreEqual(new[] { "newer:people" }, recorder.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_ColumnTypeChanged_NotifiesBindingsBehindAndSwallowsCallbackException()
    {
        var recorder = new Recorder { Throw = true };
        var json = TestFiles.V10Small.Replace("\"U64\": []", "\"U32\": []");
        var checker = SchemaCompatibilityChecker.Create(Schemas.PersonManifest(), Options, new FixedSource(json), recorder, new FakeTimeProvider());

        var report = await checker.CheckAsync();

        Assert.AreEqual(CompatibilityVerdict.Incompatible, report.Verdict);
        CollectionAssert.AreEqual(new[] { "behind:people" }, recorder.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_FetchFails_ThrowsAndKeepsPreviousReport()
    {
        var checker = SchemaCompatibilityChecker.Create(Schemas.PersonManifest(), Options, new FailingSource(), null, new FakeTimeProvider());

        await Assert.ThrowsExactlyAsync<SchemaFetchException>(() => checker.CheckAsync());

        Assert.IsNull(checker.LatestReport);
    }
}
