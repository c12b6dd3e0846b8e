using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Server;

/// <summary>
/// A deterministic, in-process SpacetimeDB server for tests: databases running <see cref="SimModule"/>s, the v1 and
/// v2 WebSocket protocols (simulated, synchronous), publish with SpacetimeDB's auto-migration rules, and fault
/// injection. Nothing runs on its own: every client message is processed, and every affected client notified, before
/// the client's send returns. Time comes from <see cref="SimulatedServerOptions.TimeProvider"/>.
/// </summary>
public sealed partial class SimulatedServer : IDisposable
{
    internal const string AbruptCloseText = "The remote party closed the WebSocket connection without completing the close handshake.";

    private readonly object _gate = new();
    private readonly Dictionary<string, DatabaseState> _databases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _tokens = new(StringComparer.Ordinal);
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly ulong _energy;
    private bool _disposed;

    /// <summary>Starts a server and registers it under a new <see cref="Uri"/>.</summary>
    /// <exception cref="ArgumentException">The version is not 1.x or 2.x.</exception>
    public SimulatedServer(SimulatedServerOptions? options = null)
    {
        options ??= new SimulatedServerOptions();
        Version = options.Version ?? throw new ArgumentException("A server version is required.", nameof(options));
        string majorText = Version.Split('.')[0];
        if (!int.TryParse(majorText, NumberStyles.None, CultureInfo.InvariantCulture, out int major) || major is < 1 or > 2)
        {
            throw new ArgumentException($"Server version '{Version}' is not supported; use a 1.x or 2.x version such as \"1.12.0\" or \"2.8.3\".", nameof(options));
        }

        Major = major;
        _time = options.TimeProvider ?? TimeProvider.System;
        _random = new Random(options.Seed);
        _energy = options.EnergyPerCall;
        Faults = new SimFaults(this);
        Uri = SimulatedNetwork.Register(this);
    }

    /// <summary>The address clients connect to, e.g. <c>sim://server-7/</c>.</summary>
    public Uri Uri { get; }

    /// <summary>The server version, e.g. <c>2.8.3</c>.</summary>
    public string Version { get; }

    /// <summary>The major version (1 or 2), which decides protocol behaviour.</summary>
    public int Major { get; }

    /// <summary>Fault injection.</summary>
    public SimFaults Faults { get; }

    /// <summary>The connected clients, across all databases.</summary>
    public IReadOnlyList<SimClientInfo> Clients => Read(() => (IReadOnlyList<SimClientInfo>)AllConnections().Select(c => new SimClientInfo(c)).ToArray());

    /// <summary>True when a database with this name exists.</summary>
    public bool HasDatabase(string name) => Read(() => _databases.ContainsKey(name));

    /// <summary>Direct access to a database's tables for tests.</summary>
    /// <exception cref="KeyNotFoundException">No such database.</exception>
    public SimDatabase Database(string name) => Read(() => new SimDatabase(this, GetDatabase(name)));

    /// <summary>Restarts the server: every client is disconnected with an error; data, identities and tokens survive.</summary>
    public void Restart() => DisconnectAll(AbruptCloseText);

    /// <summary>Disconnects every client with <paramref name="reason"/> as the close error.</summary>
    public void DisconnectAll(string reason)
    {
        lock (_gate)
        {
            foreach (ServerConnection connection in AllConnections().ToArray())
            {
                CloseFromServer(connection, reason);
            }
        }
    }

    /// <summary>Disconnects everyone (as a stopped server) and unregisters the <see cref="Uri"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            DisconnectAll(AbruptCloseText);
        }

        SimulatedNetwork.Unregister(Uri);
    }

    /// <inheritdoc />
    public override string ToString() => $"SimulatedServer {Version} at {Uri}";

    internal T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    internal IEnumerable<ServerConnection> AllConnections() => _databases.Values.SelectMany(d => d.Connections).ToArray();

    internal long NowMicros() => (_time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(0)).Ticks / 10;

    internal SimReducerContext CreateSystemContext(DatabaseState db, Transaction tx) => new(this, db, tx, reducerName: null, new byte[32], connectionId: null, NowMicros());

    internal T RunSystemTransaction<T>(DatabaseState db, Func<Transaction, T> write)
    {
        lock (_gate)
        {
            var tx = new Transaction(db);
            T result;
            try
            {
                result = write(tx);
            }
            catch
            {
                tx.Rollback();
                throw;
            }

            ChangeSet changes = tx.Commit();
            Broadcast(db, new TxOutcome
            {
                ReducerName = string.Empty,
                ReducerId = uint.MaxValue,
                Args = Array.Empty<byte>(),
                CallerIdentity = new byte[32],
                TimestampMicros = NowMicros(),
                Changes = changes,
            });
            return result;
        }
    }

    internal bool TryAccept(WireConnectRequest request, IWireClient client, out IWireServerEndpoint? endpoint, out WireRefusal? refusal)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        lock (_gate)
        {
            endpoint = null;
            refusal = Check(request, out DatabaseState? db, out int protocol, out byte[]? identity, out string? token);
            if (refusal is not null)
            {
                return false;
            }

            var connection = new ServerConnection(this, db!, client, protocol, identity!, (byte[])request.ConnectionId.Clone(), token!, request.Light);
            db!.Connections.Add(connection);
            RecordAccepted();
            endpoint = connection;
            connection.Deliver(protocol == 1
                ? new WireIdentityToken((byte[])identity!.Clone(), token!, (byte[])request.ConnectionId.Clone())
                : new WireInitialConnection((byte[])identity!.Clone(), (byte[])request.ConnectionId.Clone(), token!));
            return true;
        }
    }

    internal void CloseFromClient(ServerConnection connection)
    {
        lock (_gate)
        {
            connection.MarkClosed();
            connection.Database.Connections.Remove(connection);
        }
    }

    internal void CloseFromServer(ServerConnection connection, string reason)
    {
        lock (_gate)
        {
            if (connection.IsClosed)
            {
                return;
            }

            connection.MarkClosed();
            connection.Database.Connections.Remove(connection);
            connection.Client.Closed(reason);
        }
    }

    internal void Handle(ServerConnection connection, ClientMessage message)
    {
        lock (_gate)
        {
            if (connection.IsClosed)
            {
                return;
            }

            switch (message)
            {
                case WireSubscribe subscribe:
                    HandleSubscribe(connection, subscribe);
                    break;
                case WireSubscribeLegacyAll legacy:
                    HandleLegacySubscribe(connection, legacy);
                    break;
                case WireUnsubscribe unsubscribe:
                    HandleUnsubscribe(connection, unsubscribe);
                    break;
                case WireCallReducer call:
                    HandleCall(connection, call);
                    break;
                default:
                    throw new ArgumentException($"Unknown client message {message?.GetType().Name ?? "null"}.", nameof(message));
            }
        }
    }

    private WireRefusal? Check(WireConnectRequest request, out DatabaseState? db, out int protocol, out byte[]? identity, out string? token)
    {
        db = null;
        protocol = 0;
        identity = null;
        token = null;
        if (_disposed)
        {
            return new WireRefusal(0, $"Connection refused: the simulated server at {Uri} has stopped.");
        }

        if (Faults.RefuseConnections)
        {
            return new WireRefusal(503, "Service Unavailable (simulated fault: connections refused).");
        }

        if (!_databases.TryGetValue(request.DatabaseNameOrAddress ?? string.Empty, out db))
        {
            return new WireRefusal(404, $"`{request.DatabaseNameOrAddress}` not found");
        }

        protocol = request.Subprotocol switch
        {
            WireSubprotocols.V2 when Major >= 2 => 2,
            WireSubprotocols.V1 => 1,
            _ => 0,
        };
        if (protocol == 0)
        {
            return new WireRefusal(400, "no valid protocol selected");
        }

        if (request.ConnectionId is null || request.ConnectionId.Length != 16)
        {
            return new WireRefusal(400, "Invalid connection_id: expected 16 bytes (32 hex digits).");
        }

        if (!string.IsNullOrEmpty(request.Token))
        {
            if (!_tokens.TryGetValue(request.Token!, out identity))
            {
                return new WireRefusal(401, "Unauthorized: the token was not issued by this server.");
            }

            token = request.Token;
            return null;
        }

        identity = new byte[32];
        _random.NextBytes(identity);
        var secret = new byte[24];
        _random.NextBytes(secret);
        token = "sim." + Convert.ToBase64String(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tokens[token] = identity;
        return null;
    }

    internal DatabaseState DatabaseState(string name) => GetDatabase(name);

    private DatabaseState GetDatabase(string name) =>
        _databases.TryGetValue(name, out DatabaseState? db)
            ? db
            : throw new KeyNotFoundException($"The simulated server has no database '{name}'; publish a module to it first.");
}
