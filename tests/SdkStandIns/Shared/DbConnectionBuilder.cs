// Mirrors DbConnectionBuilder<DbConnection>, IDbConnection and Stats of sdks/csharp/src/SpacetimeDBClient.cs and
// Stats.cs at v1.12.0 (SDK_V1: WithModuleName, InternalCallReducer(args, CallReducerFlags), LegacySubscribe) and v2.8.0
// (SDK_V2: WithDatabaseName, InternalCallReducer(args)). Public members as in the real source.
// Guessed / stand-in choices: the internal IDbConnection members take Action delegates instead of
// WebSocket.ConnectErrorEventHandler / CloseEventHandler, Subscribe returns nothing instead of QueryId? / QuerySetId?,
// Unsubscribe takes a uint, and RemoteQuery is absent (internal, unreachable from generated code); Stats is an empty
// (non-sealed, as the real `public class Stats`) shell without its trackers. Audit: tests/SdkStandIns/AUDIT.md.
using System;

namespace SpacetimeDB;

public sealed class DbConnectionBuilder<DbConnection>
    where DbConnection : IDbConnection, new()
{
    private readonly DbConnection conn = new();
    private string? uri;
    private string? nameOrAddress;
    private string? token;
    private Compression? compression;
    private bool light;
    private bool? confirmedReads;

    public DbConnection Build()
    {
        if (uri == null)
        {
            throw new InvalidOperationException("Building DbConnection with a null uri. Call WithUri() first.");
        }

        if (nameOrAddress == null)
        {
#if SDK_V1
            throw new InvalidOperationException("Building DbConnection with a null nameOrAddress. Call WithModuleName() first.");
#else
            throw new InvalidOperationException("Building DbConnection with a null nameOrAddress. Call WithDatabaseName() first.");
#endif
        }

        conn.Connect(token, uri, nameOrAddress, compression ?? Compression.Brotli, light, confirmedReads);
        return conn;
    }

    public DbConnectionBuilder<DbConnection> WithUri(string uri)
    {
        this.uri = uri;
        return this;
    }

#if SDK_V1
    public DbConnectionBuilder<DbConnection> WithModuleName(string nameOrAddress)
#else
    public DbConnectionBuilder<DbConnection> WithDatabaseName(string nameOrAddress)
#endif
    {
        this.nameOrAddress = nameOrAddress;
        return this;
    }

    public DbConnectionBuilder<DbConnection> WithToken(string? token)
    {
        this.token = token;
        return this;
    }

    public DbConnectionBuilder<DbConnection> WithCompression(Compression compression)
    {
        this.compression = compression;
        return this;
    }

    /// <summary>1.x: light mode (no reducer info for others' transactions). 2.x: accepted, no effect.</summary>
    public DbConnectionBuilder<DbConnection> WithLightMode(bool light)
    {
#if SDK_V1
        this.light = light;
#else
        _ = light;
        this.light = false;
#endif
        return this;
    }

    public DbConnectionBuilder<DbConnection> WithConfirmedReads(bool confirmedReads)
    {
        this.confirmedReads = confirmedReads;
        return this;
    }

    public delegate void ConnectCallback(DbConnection conn, Identity identity, string token);

    public DbConnectionBuilder<DbConnection> OnConnect(ConnectCallback cb)
    {
        conn.AddOnConnect((identity, token) => cb.Invoke(conn, identity, token));
        return this;
    }

    public delegate void ConnectErrorCallback(Exception e);

    public DbConnectionBuilder<DbConnection> OnConnectError(ConnectErrorCallback cb)
    {
        conn.AddOnConnectError(e => cb.Invoke(e));
        return this;
    }

    public delegate void DisconnectCallback(DbConnection conn, Exception? e);

    public DbConnectionBuilder<DbConnection> OnDisconnect(DisconnectCallback cb)
    {
        conn.AddOnDisconnect(e => cb.Invoke(conn, e));
        return this;
    }
}

public interface IDbConnection
{
    void FrameTick();

    void Disconnect();

#if SDK_V1
    void InternalCallReducer<T>(T args, CallReducerFlags flags)
        where T : IReducerArgs, new();
#else
    void InternalCallReducer<T>(T args)
        where T : IReducerArgs, new();
#endif

    void InternalCallProcedure<TArgs, TReturn>(TArgs args, ProcedureCallback<TReturn> callback)
        where TArgs : IProcedureArgs, new()
        where TReturn : BSATN.IStructuralReadWrite, new();

    internal void Connect(string? token, string uri, string addressOrName, Compression compression, bool light, bool? confirmedReads);

    internal void AddOnConnect(Action<Identity, string> cb);

    internal void AddOnConnectError(Action<Exception> cb);

    internal void AddOnDisconnect(Action<Exception?> cb);

    internal void Subscribe(ISubscriptionHandle handle, string[] querySqls);

#if SDK_V1
    internal void LegacySubscribe(ISubscriptionHandle handle, string[] querySqls);
#endif

    internal void Unsubscribe(uint queryId);
}

/// <summary>Network statistics of a connection (the stand-in keeps none).</summary>
public class Stats
{
}
