// A simulated server running the target's module and clients built from the target's GENERATED driver over the SDK
// stand-in, with the schema check reading the simulator's own live schema (SimulatedModuleSchemaSource): the end-to-end
// setting of the schema gate. Every wait is in frames on fake time; nothing sleeps.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Game;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Runtime;
using Stdb.Compat.Testing.Schema;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Scenarios;

internal sealed class GateWorld : IDisposable
{
    public const string Database = "game";

    private readonly List<ICompatClient> _clients = new();

    public GateWorld(SimModule? module = null)
    {
        Server = new SimulatedServer(new SimulatedServerOptions { Version = ScenarioTarget.ServerVersion, TimeProvider = Time });
        Server.Publish(Database, module ?? ScenarioTarget.Module());
        Schema = new SchemaSource(new SimulatedModuleSchemaSource(Server, Database));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public SimulatedServer Server { get; }

    /// <summary>The simulator's live schema; counts its fetches and can fail some.</summary>
    public SchemaSource Schema { get; }

    /// <summary>
    /// A client over the generated <see cref="GameDriver"/> whose schema check diffs the driver's own generated manifest
    /// with the simulator's live schema. Nothing else is configured: the check at connect is on by default.
    /// </summary>
    public ICompatClient Client(Action<CompatClientOptions>? configure = null)
    {
        var driver = new GameDriver();
        var options = new CompatClientOptions { ServerUri = Server.Uri, DatabaseName = Database };
        configure?.Invoke(options);
        var checker = SchemaCompatibilityChecker.Create(
            ((IBindingsManifestSource)driver).Manifest, new SchemaCompatibilityOptions { DatabaseName = Database }, Schema, timeProvider: Time);
        var services = new CompatClientServices { TimeProvider = Time, CompatibilityCheck = CompatibilityChecks.FromSchemaChecker(checker) };
        services.Events.Add<DamageDealt>(e => e
            .FromEventTable("damage_event")
            .FromReducer("deal_damage")
            .Project(f => new DamageDealt(f.Get<ulong>("target"), f.Get<uint>("amount"))));
        var client = CompatClient.Create(driver, options, services);
        _clients.Add(client);
        return client;
    }

    /// <summary>Tables the server applied subscriptions for, in order, across every connection so far.</summary>
    public List<string> SubscribedTables()
    {
        var tables = new List<string>();
        foreach (var record in Server.SubscriptionLog)
        {
            tables.AddRange(record.Tables);
        }

        return tables;
    }

    /// <summary>Pumps every client (10 ms of fake time per frame) until the task completes, bounded.</summary>
    public async Task<T> RunAsync<T>(Task<T> task)
    {
        await RunAsync((Task)task);
        return await task;
    }

    public async Task RunAsync(Task task, int maxFrames = 20_000)
    {
        for (var frame = 0; frame < maxFrames && !task.IsCompleted; frame++)
        {
            await FrameAsync();
        }

        if (!task.IsCompleted)
        {
            Assert.Fail($"{ScenarioTarget.Description}: the operation did not complete within {maxFrames} frames.");
        }

        await FrameAsync();
        await task;
    }

    /// <summary>Pumps until the condition holds, bounded; returns whether it did.</summary>
    public async Task<bool> UntilAsync(Func<bool> condition, int maxFrames = 20_000)
    {
        for (var frame = 0; frame < maxFrames && !condition(); frame++)
        {
            await FrameAsync();
        }

        return condition();
    }

    /// <summary>Pumps for a stretch of fake time, whatever happens.</summary>
    public async Task ForAsync(TimeSpan span)
    {
        var until = Time.GetUtcNow() + span;
        while (Time.GetUtcNow() < until)
        {
            await FrameAsync();
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Server.Dispose();
    }

    /// <summary>The simulator's own schema source, counting fetches; <see cref="FailNext"/> makes fetches fail as an unreachable route would.</summary>
    public sealed class SchemaSource : IModuleSchemaSource
    {
        private readonly SimulatedModuleSchemaSource _inner;
        private int _fetches;
        private int _failNext;

        public SchemaSource(SimulatedModuleSchemaSource inner) => _inner = inner;

        public int Fetches => Volatile.Read(ref _fetches);

        public void FailNext(int count) => Volatile.Write(ref _failNext, count);

        public Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _fetches);
            return Interlocked.Decrement(ref _failNext) >= 0
                ? throw new SchemaFetchException(SchemaFetchFailure.NetworkError, "simulated: the schema route is unreachable")
                : _inner.FetchAsync(cancellationToken);
        }
    }

    private async Task FrameAsync()
    {
        foreach (var client in _clients)
        {
            if (client.State != CompatConnectionState.Closed)
            {
                client.FrameTick();
            }
        }

        // Connect checks finish through continuations on the thread pool: let them run before time moves on.
        await Task.Yield();
        Time.Advance(TimeSpan.FromMilliseconds(10));
    }
}
