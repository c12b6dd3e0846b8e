using System;
using System.Collections.Generic;
using GameModule;
using Microsoft.Extensions.Time.Testing;
using SpacetimeDB;
using SpacetimeDB.Types;
using Stdb.Compat.Testing.Server;

#if SDK_V1
namespace SdkStandIn.V1.Tests;
#else
namespace SdkStandIn.V2.Tests;
#endif

/// <summary>Captures the SDK's Log output (the sink is internal; the stand-in grants these tests access).</summary>
internal sealed class RecordingLogger : ISpacetimeDBLogger
{
    public List<string> Errors { get; } = new();

    public List<Exception> Exceptions { get; } = new();

    public List<string> All { get; } = new();

    public void Debug(string message) => All.Add(message);

    public void Trace(string message) => All.Add(message);

    public void Info(string message) => All.Add(message);

    public void Warn(string message) => All.Add(message);

    public void Error(string message)
    {
        Errors.Add(message);
        All.Add(message);
    }

    public void Exception(string message) => All.Add(message);

    public void Exception(Exception exception)
    {
        Exceptions.Add(exception);
        All.Add(exception.Message);
    }
}

/// <summary>A simulated server with the game module published, and helpers to connect clients of this SDK shape (1.12 or 2.8).</summary>
internal sealed class TestKit : IDisposable
{
    public const string Database = "game";

    private readonly List<DbConnection> _connections = new();

#if SDK_V1
    public TestKit(string serverVersion = "1.12.0", bool v2Module = false)
#else
    public TestKit(string serverVersion = "2.8.3", bool v2Module = true)
#endif
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Server = new SimulatedServer(new SimulatedServerOptions { Version = serverVersion, TimeProvider = Time });
        Server.Publish(Database, v2Module ? GameModules.V2() : GameModules.V1());
        Log.Current = Logger;
    }

    public FakeTimeProvider Time { get; }

    public SimulatedServer Server { get; }

    public RecordingLogger Logger { get; } = new();

#if SDK_V1
    public DbConnectionBuilder<DbConnection> Builder() => DbConnection.Builder().WithUri(Server.Uri.ToString()).WithModuleName(Database);
#else
    public DbConnectionBuilder<DbConnection> Builder() => DbConnection.Builder().WithUri(Server.Uri.ToString()).WithDatabaseName(Database);
#endif

    /// <summary>Connects, ticks once so OnConnect has fired, and returns the connection.</summary>
    public DbConnection Connect(Action<DbConnectionBuilder<DbConnection>>? configure = null)
    {
        var builder = Builder();
        configure?.Invoke(builder);
        var conn = builder.Build();
        _connections.Add(conn);
        conn.FrameTick();
        return conn;
    }

    /// <summary>Connects and subscribes to the Player table, ticking until applied.</summary>
    public DbConnection ConnectSubscribed(Action<DbConnectionBuilder<DbConnection>>? configure = null)
    {
        var conn = Connect(configure);
#if SDK_V1
        conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM Player" });
#else
        conn.SubscriptionBuilder().Subscribe(new[] { "SELECT * FROM player" });
#endif
        conn.FrameTick();
        return conn;
    }

    public void Dispose()
    {
        foreach (var conn in _connections)
        {
            conn.Disconnect();
        }

        Server.Dispose();
    }
}
