// Mirrors DbConnectionBase<DbConnection, Tables, Reducer> of sdks/csharp/src/SpacetimeDBClient.cs at v1.12.0 (SDK_V1)
// and v2.8.0 (SDK_V2), backed by the simulated server instead of a WebSocket. Public and protected members have the
// real declarations (accessibility, static-ness, explicit IDbConnection implementations, constraints, nullability).
// The server's thread plays the SDK's parse thread: it decodes every message (rows with the row type's ReadFields) and
// queues it; FrameTick() first drains the dispatch queue (OnConnectError / OnDisconnect), then applies the parsed
// messages and runs every callback.
// Parse failure, as the real source does it: 2.x logs, fails pending operations and calls its own Disconnect(), so
// OnDisconnect receives null (a normal close). 1.x lets the exception escape its parse thread, which kills the process;
// the stand-in hands it to ParseThread.UnhandledException (default: rethrow on a new thread, i.e. the process dies too)
// and stops parsing, with the socket still open and no OnDisconnect.
// Stand-in choices (not in the real SDK): the test hooks marked "Test hook"; the internal IDbConnection members use
// Action delegates and uint query ids instead of WebSocket.*EventHandler and QueryId/QuerySetId; procedures only log
// (the simulated wire has no procedure messages); one-off queries fail.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Wire;

namespace SpacetimeDB;

public abstract class DbConnectionBase<DbConnection, Tables, Reducer> : IDbConnection
    where DbConnection : DbConnectionBase<DbConnection, Tables, Reducer>, new()
    where Tables : RemoteTablesBase
{
#if SDK_V1
    internal const string Subprotocol = WireSubprotocols.V1;
#else
    internal const string Subprotocol = WireSubprotocols.V2;
#endif

    private readonly object _gate = new();
    private readonly ConcurrentQueue<Action> _dispatchQueue = new();
    private readonly ConcurrentQueue<ParsedMessage> _messageQueue = new();
    private readonly Dictionary<uint, ISubscriptionHandle> _subscriptions = new();
#if SDK_V1
    private readonly Dictionary<uint, ISubscriptionHandle> _legacySubscriptions = new();
#else
    private readonly ConcurrentDictionary<uint, IReducerArgs> _pendingReducerCalls = new();
    private bool _connectFired;
#endif
    private IWireServerEndpoint? _endpoint;
    private volatile bool _open;
    private bool _closed;
    private bool _connectStarted;
#if SDK_V1
    private bool _parseThreadDead;
#endif
    private int _nextRequestId;
    private uint _nextQueryId;
    private Action<Identity, string>? _onConnect;
    private Action<Exception>? _onConnectError;
    private Action<Exception?>? _onDisconnect;

    public static DbConnectionBuilder<DbConnection> Builder() => new();

    [Obsolete]
    public event Action<Exception>? onSendError;

    public readonly ConnectionId ConnectionId = ConnectionId.Random();

    public Identity? Identity { get; private set; }

    public abstract Tables Db { get; }

    public readonly Stats stats = new();

    /// <summary>The socket is open (true before OnConnect).</summary>
    public bool IsActive => _open;

    /// <summary>Test hook: the normalised URI the connection was opened with.</summary>
    internal Uri? ConnectedUri { get; private set; }

    /// <summary>Test hook: what was asked of the server when connecting.</summary>
    internal WireConnectRequest? ConnectRequest { get; private set; }

    /// <summary>Test hook: <c>confirmed=…</c> as sent (null = not sent).</summary>
    internal bool? RequestedConfirmedReads => ConnectRequest?.Confirmed;

    /// <summary>Test hook: <c>compression=…</c> as sent.</summary>
    internal string? RequestedCompression => ConnectRequest?.Compression;

    /// <summary>Test hook: <c>light=true</c> was sent.</summary>
    internal bool RequestedLightMode => ConnectRequest?.Light ?? false;

    /// <summary>Test hook: the server-issued token, once received.</summary>
    internal string? Token { get; private set; }

    // ---------------------------------------------------------------- abstract members the codegen overrides

#if SDK_V1
    protected abstract Reducer ToReducer(ClientApi.TransactionUpdate update);
#endif

    protected abstract IEventContext ToEventContext(Event<Reducer> Event);

    protected abstract IReducerEventContext ToReducerEventContext(ReducerEvent<Reducer> reducerEvent);

    protected abstract ISubscriptionEventContext MakeSubscriptionEventContext();

    protected abstract IErrorContext ToErrorContext(Exception errorContext);

    protected abstract IProcedureEventContext ToProcedureEventContext(ProcedureEvent procedureEvent);

    protected abstract bool Dispatch(IReducerEventContext context, Reducer reducer);

    // ---------------------------------------------------------------- public API

    public void FrameTick()
    {
        while (_dispatchQueue.TryDequeue(out var callback))
        {
            callback();
        }

        while (_messageQueue.TryDequeue(out var message))
        {
            Apply(message);
        }
    }

    /// <summary>Closes the connection. Never throws; repeatable. OnDisconnect(conn, null) follows in a later FrameTick.</summary>
    public void Disconnect()
    {
        IWireServerEndpoint? endpoint;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            endpoint = _open ? _endpoint : null;
            _open = false;
#if SDK_V2
            // Pending reducer calls are dropped silently: On<R> never fires for them.
            _pendingReducerCalls.Clear();
#endif
            if (endpoint is not null)
            {
                _dispatchQueue.Enqueue(() => _onDisconnect?.Invoke(null));
            }
        }

        try
        {
            endpoint?.Close();
        }
        catch (Exception e)
        {
            Log.Exception(e);
        }
    }

    [Obsolete("This is replaced by ctx.Db.TableName.RemoteQuery(\"WHERE ...\")", false)]
    public Task<T[]> OneOffQuery<T>(string query)
        where T : BSATN.IStructuralReadWrite, new() =>
        Task.FromException<T[]>(new NotSupportedException($"One-off queries are not supported by the simulated server: {query}"));

#if SDK_V1
    void IDbConnection.InternalCallReducer<T>(T args, CallReducerFlags flags)
    {
        if (!IsActive)
        {
            Log.Error("Cannot call reducer, not connected to server!");
            return;
        }

        var requestId = NextRequestId();
        Send(new WireCallReducer(requestId, args.ReducerName, BSATNHelpers.Encode(args), (byte)flags));
    }
#else
    void IDbConnection.InternalCallReducer<T>(T args)
    {
        if (!IsActive)
        {
            Log.Error("Cannot call reducer, not connected to server!");
            return;
        }

        // As 2.8: the args must be the DbConnectionBase's own Reducer type (the generated Reducer class).
        if (args is not Reducer)
        {
            throw new InvalidOperationException(
                $"Reducer arguments type {typeof(T).FullName} is not assignable to {typeof(Reducer).FullName}.");
        }

        var requestId = NextRequestId();
        _pendingReducerCalls[requestId] = args;
        Send(new WireCallReducer(requestId, args.ReducerName, BSATNHelpers.Encode(args), 0));
    }
#endif

    /// <summary>Procedures: the simulated wire has no procedure messages; a connected call only logs (stand-in choice).</summary>
    void IDbConnection.InternalCallProcedure<TArgs, TReturn>(TArgs args, ProcedureCallback<TReturn> callback)
    {
        if (!IsActive)
        {
            Log.Error("Cannot call procedure, not connected to server!");
            return;
        }

        Log.Error($"Cannot call procedure {args.ProcedureName}: procedures are not supported by the simulated server.");
    }

    // ---------------------------------------------------------------- internal members (builder, subscriptions)

    void IDbConnection.AddOnConnect(Action<Identity, string> cb) => _onConnect += cb;

    void IDbConnection.AddOnConnectError(Action<Exception> cb) => _onConnectError += cb;

    void IDbConnection.AddOnDisconnect(Action<Exception?> cb) => _onDisconnect += cb;

    void IDbConnection.Connect(string? token, string uri, string addressOrName, Compression compression, bool light, bool? confirmedReads)
    {
        if (_connectStarted)
        {
            throw new InvalidOperationException("This DbConnection is already connecting or connected; build a new one.");
        }

        _connectStarted = true;
        var normalized = NormalizeUri(uri);
        ConnectedUri = normalized;
        var request = new WireConnectRequest(
            addressOrName,
            Subprotocol,
            token,
            ConnectionId.ToByteArray(),
            light,
            confirmedReads,
            compression.ToString());
        ConnectRequest = request;

        // The socket is treated as open while the server accepts: it may push its first message synchronously.
        _open = true;
        if (SimulatedNetwork.TryConnect(normalized, request, new WireClient(this), out var endpoint, out var refusal) && endpoint is not null)
        {
            lock (_gate)
            {
                _endpoint = endpoint;
            }

            return;
        }

        _open = false;
        lock (_gate)
        {
            _closed = true;
        }

        var error = refusal is null || refusal.StatusCode == 0
            ? new WebSocketException(WebSocketError.Faulted, $"Unable to connect to the remote server. {refusal?.Body}")
            : new WebSocketException(
                WebSocketError.NotAWebSocket,
                $"The server returned status code '{refusal.StatusCode}' when status code '101' was expected. Response body: {refusal.Body}");
        var exception = new Exception($"WebSocket connection failed: {error.WebSocketErrorCode}\nException message: {error.Message}\n", error);
        _dispatchQueue.Enqueue(() => _onConnectError?.Invoke(exception));
    }

    void IDbConnection.Subscribe(ISubscriptionHandle handle, string[] querySqls)
    {
        if (!IsActive)
        {
            Log.Error("Cannot subscribe, not connected to server!");
            return;
        }

        var queryId = ++_nextQueryId;
        handle.SetQueryId(queryId);
        _subscriptions[queryId] = handle;
        Send(new WireSubscribe(NextRequestId(), queryId, querySqls));
    }

#if SDK_V1
    void IDbConnection.LegacySubscribe(ISubscriptionHandle handle, string[] querySqls)
    {
        if (!IsActive)
        {
            Log.Error("Cannot subscribe, not connected to server!");
            return;
        }

        var requestId = NextRequestId();
        _legacySubscriptions[requestId] = handle;
        Send(new WireSubscribeLegacyAll(requestId));
    }
#endif

    void IDbConnection.Unsubscribe(uint queryId)
    {
        if (!IsActive)
        {
            Log.Error("Cannot unsubscribe, not connected to server!");
            return;
        }

        Send(new WireUnsubscribe(NextRequestId(), queryId, SendDroppedRows: true));
    }

    internal static Uri NormalizeUri(string uri)
    {
        var text = uri.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            text = "ws://" + text["http://".Length..];
        }
        else if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            text = "wss://" + text["https://".Length..];
        }
        else if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "ws://" + text;
        }

        if (text.EndsWith('/'))
        {
            text = text[..^1];
        }

        return new Uri(text);
    }

    private uint NextRequestId() => (uint)Interlocked.Increment(ref _nextRequestId);

    private void Send(ClientMessage message)
    {
        IWireServerEndpoint? endpoint;
        lock (_gate)
        {
            endpoint = _endpoint;
        }

        if (endpoint is null)
        {
            Log.Error("Cannot send: the socket is not open.");
            return;
        }

        endpoint.Send(message);
    }

    // ---------------------------------------------------------------- the "parse thread" (server's thread)

    private void OnReceive(ServerMessage message)
    {
        lock (_gate)
        {
#if SDK_V1
            if (_closed || _parseThreadDead)
#else
            if (_closed)
#endif
            {
                return;
            }
        }

        ParsedMessage parsed;
        try
        {
            parsed = Parse(message);
        }
        catch (Exception e)
        {
            OnParseFailure(e);
            return;
        }

        _messageQueue.Enqueue(parsed);
    }

    /// <summary>
    /// 2.x (v2.8.0 ParseMessages): log, fail pending operations, Disconnect(): OnDisconnect then receives null.
    /// 1.x (v1.12.0 ParseMessages): nothing catches it; the exception ends the parse thread and the process. The stand-in
    /// hands it to <see cref="ParseThread.UnhandledException"/> and parses nothing more (the socket stays open).
    /// </summary>
    private void OnParseFailure(Exception e)
    {
#if SDK_V1
        lock (_gate)
        {
            if (_parseThreadDead)
            {
                return;
            }

            _parseThreadDead = true;
        }

        ParseThread.UnhandledException(e);
#else
        Log.Exception(e);
        Disconnect();
#endif
    }

    private void OnClosed(string? error)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _open = false;
#if SDK_V2
            _pendingReducerCalls.Clear();
#endif
            var exception = error is null ? null : new Exception(error);
            _dispatchQueue.Enqueue(() => _onDisconnect?.Invoke(exception));
        }
    }

    private ParsedMessage Parse(ServerMessage message)
    {
        switch (message)
        {
#if SDK_V1
            case WireIdentityToken m:
                return new ParsedIdentity(SpacetimeDB.Identity.From(m.Identity), m.Token, SpacetimeDB.ConnectionId.From(m.ConnectionId));
            case WireInitialSubscription m:
                return new ParsedLegacyApplied(m.RequestId, ParseTables(m.Tables));
            case WireTransactionUpdateV1 m:
                return ParseTransactionV1(m);
            case WireTransactionUpdateLight m:
                return new ParsedTransaction(ParseTables(m.Tables), TransactionKind.Unknown, null, null, default);
#else
            case WireInitialConnection m:
                return new ParsedIdentity(SpacetimeDB.Identity.From(m.Identity), m.Token, SpacetimeDB.ConnectionId.From(m.ConnectionId));
            case WireTransactionUpdateV2 m:
                return new ParsedTransaction(ParseTables(m.Tables), TransactionKind.Transaction, null, null, default);
            case WireReducerResult m:
                return ParseReducerResult(m);
#endif
            case WireSubscribeApplied m:
                return new ParsedSubscribeApplied(m.QueryId, ParseTables(m.Tables));
            case WireUnsubscribeApplied m:
                return new ParsedUnsubscribeApplied(m.QueryId, ParseTables(m.Tables));
            case WireSubscriptionError m:
                return new ParsedSubscriptionError(m.RequestId, m.QueryId, m.Error);
            default:
                throw new InvalidDataException($"Unexpected server message {message.GetType().Name} on protocol {Subprotocol}.");
        }
    }

    private List<(IRemoteTableHandle Handle, ParsedTableUpdate Update)> ParseTables(IReadOnlyList<WireTableUpdate> tables)
    {
        var result = new List<(IRemoteTableHandle, ParsedTableUpdate)>(tables.Count);
        foreach (var table in tables)
        {
            var handle = Db.GetTable(table.TableName);
            if (handle is null)
            {
                Log.Error($"We don't know that this table is: {table.TableName}");
                Log.Error($"Unknown table name: {table.TableName}");
                continue;
            }

            result.Add((handle, handle.Parse(table.Inserts, table.Deletes, table.IsEventTable)));
        }

        return result;
    }

#if SDK_V1
    private ParsedTransaction ParseTransactionV1(WireTransactionUpdateV1 m)
    {
        var tables = ParseTables(m.Tables);
        var callerIdentity = SpacetimeDB.Identity.From(m.CallerIdentity);
        var callerConnectionId = m.CallerConnectionId is null ? null : SpacetimeDB.ConnectionId.From(m.CallerConnectionId);
        Status status = m.Status switch
        {
            WireUpdateStatus.Committed => new Status.Committed(default),
            WireUpdateStatus.Failed failed => new Status.Failed(failed.Reason),
            WireUpdateStatus.OutOfEnergy => new Status.OutOfEnergy(default),
            _ => throw new InvalidDataException($"Unknown update status {m.Status}."),
        };
        var update = new ClientApi.TransactionUpdate
        {
            Status = m.Status switch
            {
                WireUpdateStatus.Failed failed => new ClientApi.UpdateStatus.Failed(failed.Reason),
                WireUpdateStatus.OutOfEnergy => new ClientApi.UpdateStatus.OutOfEnergy(default),
                _ => new ClientApi.UpdateStatus.Committed(new ClientApi.DatabaseUpdate { TableNames = tables.ConvertAll(static t => t.Handle.RemoteTableNameInternal) }),
            },
            Timestamp = new Timestamp(m.TimestampMicros),
            CallerIdentity = callerIdentity,
            CallerConnectionId = callerConnectionId ?? default,
            ReducerCall = new ClientApi.ReducerCallInfo
            {
                ReducerName = m.ReducerCall.ReducerName,
                ReducerId = m.ReducerCall.ReducerId,
                Args = new List<byte>(m.ReducerCall.Args),
                RequestId = m.ReducerCall.RequestId,
            },
            EnergyQuantaUsed = new ClientApi.EnergyQuanta(new U128(0, m.EnergyConsumed)),
        };

        Reducer reducer;
        try
        {
            reducer = ToReducer(update);
        }
        catch (Exception e)
        {
            // The ReducerEvent cannot be built: rows get UnknownTransaction and no reducer callback fires.
            Log.Exception(e);
            return new ParsedTransaction(tables, TransactionKind.Unknown, null, null, default);
        }

        var reducerEvent = new ReducerEvent<Reducer>(
            new Timestamp(m.TimestampMicros),
            status,
            callerIdentity,
            callerConnectionId,
            new U128(0, m.EnergyConsumed),
            reducer);
        return new ParsedTransaction(tables, TransactionKind.Reducer, reducerEvent, null, default);
    }
#else
    private ParsedTransaction ParseReducerResult(WireReducerResult m)
    {
        if (!_pendingReducerCalls.TryRemove(m.RequestId, out var args))
        {
            throw new InvalidOperationException($"Reducer result for unknown request_id {m.RequestId}");
        }

        List<(IRemoteTableHandle, ParsedTableUpdate)> tables;
        Status status;
        switch (m.Outcome)
        {
            case WireReducerOutcome.Ok ok:
                tables = ParseTables(ok.Tables);
                status = new Status.Committed(default);
                break;
            case WireReducerOutcome.OkEmpty:
                tables = new();
                status = new Status.Committed(default);
                break;
            case WireReducerOutcome.Err err:
                tables = new();
                status = new Status.Failed(DecodeErrorString(err.Bsatn));
                break;
            case WireReducerOutcome.InternalError internalError:
                tables = new();
                status = new Status.Failed(internalError.Message);
                break;
            default:
                throw new InvalidDataException($"Unknown reducer outcome {m.Outcome}.");
        }

        return new ParsedTransaction(tables, TransactionKind.OwnReducerResult, null, new PendingResult((Reducer)(object)args, status), new Timestamp(m.TimestampMicros));
    }

    private static string DecodeErrorString(byte[] bsatn)
    {
        try
        {
            using var stream = new MemoryStream(bsatn, writable: false);
            using var reader = new BinaryReader(stream);
            var text = new BSATN.String().Read(reader);
            if (stream.Position == stream.Length)
            {
                return text;
            }
        }
        catch (EndOfStreamException)
        {
        }
        catch (ArgumentException)
        {
        }

        return $"Reducer returned undecodable BSATN string bytes (len={bsatn.Length})";
    }
#endif

    // ---------------------------------------------------------------- FrameTick: apply

    private void Apply(ParsedMessage message)
    {
        switch (message)
        {
            case ParsedIdentity m:
                ApplyIdentity(m);
                break;
            case ParsedSubscribeApplied m:
            {
                ApplyTables(ToEventContext(new Event<Reducer>.SubscribeApplied()), m.Tables);
                if (_subscriptions.TryGetValue(m.QueryId, out var handle))
                {
                    handle.OnApplied(MakeSubscriptionEventContext(), legacy: false);
                }
                else
                {
                    Log.Error($"Received SubscribeApplied for unknown query id {m.QueryId}.");
                }

                break;
            }

#if SDK_V1
            case ParsedLegacyApplied m:
            {
                ApplyTables(ToEventContext(new Event<Reducer>.SubscribeApplied()), m.Tables);
                if (_legacySubscriptions.Remove(m.RequestId, out var handle))
                {
                    handle.OnApplied(MakeSubscriptionEventContext(), legacy: true);
                }

                break;
            }
#endif
            case ParsedUnsubscribeApplied m:
            {
                ApplyTables(ToEventContext(new Event<Reducer>.UnsubscribeApplied()), m.Tables);
                if (_subscriptions.Remove(m.QueryId, out var handle))
                {
                    handle.OnEnded(MakeSubscriptionEventContext());
                }
                else
                {
                    Log.Error($"Received UnsubscribeApplied for unknown query id {m.QueryId}.");
                }

                break;
            }

            case ParsedSubscriptionError m:
                ApplySubscriptionError(m);
                break;
            case ParsedTransaction m:
                ApplyTransaction(m);
                break;
        }
    }

    private void ApplyIdentity(ParsedIdentity m)
    {
#if SDK_V1
        Identity = m.Identity;
        Token = m.Token;
        try
        {
            _onConnect?.Invoke(m.Identity, m.Token);
        }
        catch (Exception e)
        {
            Log.Exception(e);
        }
#else
        if (_connectFired)
        {
            if (Identity != m.Identity || m.ConnectionId != ConnectionId)
            {
                Log.Exception(new InvalidOperationException(
                    $"Received a second InitialConnection with identity {m.Identity} / connection id {m.ConnectionId}; this connection is {Identity} / {ConnectionId}."));
            }

            return;
        }

        _connectFired = true;
        Identity = m.Identity;
        Token = m.Token;
        var onConnect = _onConnect;
        _onConnect = null;
        try
        {
            onConnect?.Invoke(m.Identity, m.Token);
        }
        catch (Exception e)
        {
            Log.Exception(e);
        }
#endif
    }

    private void ApplySubscriptionError(ParsedSubscriptionError m)
    {
#if SDK_V1
        if (m.QueryId is null)
        {
            Log.Error("Received general subscription failure, disconnecting.");
            Disconnect();
            return;
        }
#endif
        if (m.QueryId is { } queryId && _subscriptions.Remove(queryId, out var handle))
        {
            handle.OnError(ToErrorContext(new Exception(m.Error)));
            return;
        }

        Log.Error($"Received SubscriptionError for unknown query {(m.QueryId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)")}: {m.Error}");
    }

    private void ApplyTransaction(ParsedTransaction m)
    {
        Event<Reducer> evt;
        ReducerEvent<Reducer>? reducerEvent = m.ReducerEvent;
        Reducer? reducer = default;
        switch (m.Kind)
        {
            case TransactionKind.Reducer:
                evt = new Event<Reducer>.Reducer(reducerEvent!);
                reducer = reducerEvent!.Reducer;
                break;
#if SDK_V2
            case TransactionKind.Transaction:
                evt = new Event<Reducer>.Transaction();
                break;
            case TransactionKind.OwnReducerResult:
                if (Identity is { } identity)
                {
                    reducerEvent = new ReducerEvent<Reducer>(m.Timestamp, m.Pending!.Status, identity, ConnectionId, null, m.Pending.Args);
                    evt = new Event<Reducer>.Reducer(reducerEvent);
                    reducer = m.Pending.Args;
                }
                else
                {
                    evt = new Event<Reducer>.UnknownTransaction();
                }

                break;
#endif
            default:
                evt = new Event<Reducer>.UnknownTransaction();
                break;
        }

        if (m.Tables.Count > 0)
        {
            ApplyTables(ToEventContext(evt), m.Tables);
        }

        if (reducerEvent is not null && reducer is not null)
        {
            // Exceptions from On<Reducer> handlers escape FrameTick.
            Dispatch(ToReducerEventContext(reducerEvent), reducer);
        }
    }

    private static void ApplyTables(IEventContext context, List<(IRemoteTableHandle Handle, ParsedTableUpdate Update)> tables)
    {
        foreach (var (handle, update) in tables)
        {
            handle.PreApply(context, update);
        }

        foreach (var (handle, update) in tables)
        {
            handle.Apply(update);
        }

        foreach (var (handle, update) in tables)
        {
            handle.PostApply(context, update);
        }
    }

    // ---------------------------------------------------------------- parsed messages

    private enum TransactionKind
    {
        Unknown,
        Reducer,
#if SDK_V2
        Transaction,
        OwnReducerResult,
#endif
    }

    private abstract class ParsedMessage
    {
    }

    private sealed class ParsedIdentity(Identity identity, string token, ConnectionId? connectionId) : ParsedMessage
    {
        public Identity Identity { get; } = identity;

        public string Token { get; } = token;

        public ConnectionId? ConnectionId { get; } = connectionId;
    }

    private sealed class ParsedSubscribeApplied(uint queryId, List<(IRemoteTableHandle, ParsedTableUpdate)> tables) : ParsedMessage
    {
        public uint QueryId { get; } = queryId;

        public List<(IRemoteTableHandle Handle, ParsedTableUpdate Update)> Tables { get; } = tables;
    }

#if SDK_V1
    private sealed class ParsedLegacyApplied(uint requestId, List<(IRemoteTableHandle, ParsedTableUpdate)> tables) : ParsedMessage
    {
        public uint RequestId { get; } = requestId;

        public List<(IRemoteTableHandle Handle, ParsedTableUpdate Update)> Tables { get; } = tables;
    }
#endif

    private sealed class ParsedUnsubscribeApplied(uint queryId, List<(IRemoteTableHandle, ParsedTableUpdate)> tables) : ParsedMessage
    {
        public uint QueryId { get; } = queryId;

        public List<(IRemoteTableHandle Handle, ParsedTableUpdate Update)> Tables { get; } = tables;
    }

    private sealed class ParsedSubscriptionError(uint? requestId, uint? queryId, string error) : ParsedMessage
    {
        public uint? RequestId { get; } = requestId;

        public uint? QueryId { get; } = queryId;

        public string Error { get; } = error;
    }

    private sealed class PendingResult(Reducer args, Status status)
    {
        public Reducer Args { get; } = args;

        public Status Status { get; } = status;
    }

    private sealed class ParsedTransaction(
        List<(IRemoteTableHandle, ParsedTableUpdate)> tables,
        TransactionKind kind,
        ReducerEvent<Reducer>? reducerEvent,
        PendingResult? pending,
        Timestamp timestamp) : ParsedMessage
    {
        public List<(IRemoteTableHandle Handle, ParsedTableUpdate Update)> Tables { get; } = tables;

        public TransactionKind Kind { get; } = kind;

        public ReducerEvent<Reducer>? ReducerEvent { get; } = reducerEvent;

        public PendingResult? Pending { get; } = pending;

        public Timestamp Timestamp { get; } = timestamp;
    }

    private sealed class WireClient(DbConnectionBase<DbConnection, Tables, Reducer> owner) : IWireClient
    {
        public void Receive(ServerMessage message) => owner.OnReceive(message);

        public void Closed(string? error) => owner.OnClosed(error);
    }
}
