using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using Stdb.Compat.Driver;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Driver;

/// <summary>One simulated <c>DbConnection</c>: the client half of the simulated wire, dispatching in <see cref="FrameTick"/>.</summary>
internal sealed class SimulatedDriverSession : IDriverSession, IDriverRowSource, IWireClient
{
    private const string LegacyAllQuery = "SELECT * FROM *";

    private readonly SimulatedDriver _driver;
    private readonly DriverSessionOptions _options;
    private readonly IDriverSessionListener _listener;
    private readonly byte[] _connectionId;
    private readonly Queue<object> _inbox = new();
    private readonly List<ITableCache> _caches = new();
    private readonly Dictionary<string, ITableCache> _cachesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<DriverTable, ITableCache> _cachesByTable = new();
    private readonly Dictionary<Type, ReducerBinding> _reducersByType = new();
    private readonly Dictionary<string, ReducerBinding> _reducersByName = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, SimulatedSubscription> _subscriptions = new();
    private readonly Dictionary<uint, (ReducerBinding Binding, object Args)> _pendingCalls = new();
    private IWireServerEndpoint? _endpoint;
    private Exception? _connectError;
    private bool _disconnectRequested;
    private bool _closed;
    private bool _connectFired;
    private byte[]? _identity;
    private uint _nextRequestId;
    private uint _nextQueryId;
    private SimulatedSubscription? _legacy;

    public SimulatedDriverSession(SimulatedDriver driver, DriverSessionOptions options, IDriverSessionListener listener, byte[] connectionId)
    {
        _driver = driver;
        _options = options;
        _listener = listener;
        _connectionId = connectionId;
        foreach (TableBinding binding in driver.TableBindings)
        {
            ITableCache cache = binding.CreateCache();
            _caches.Add(cache);
            _cachesByName[binding.Table.WireName] = cache;
            _cachesByTable[binding.Table] = cache;
        }

        foreach (ReducerBinding reducer in driver.ReducerBindings)
        {
            _reducersByType[reducer.Reducer.ArgsType] = reducer;
            _reducersByName[reducer.Reducer.WireName] = reducer;
        }
    }

    public bool IsActive { get; private set; }

    private bool V2 => _driver.SdkMajor >= 2;

    /// <summary>Number of cached rows of a table (event tables: always 0), for tests.</summary>
    internal int CountOf(DriverTable table) => _cachesByTable[table].Count;

    /// <summary>The bound table with this wire name, for tests.</summary>
    internal DriverTable TableNamed(string wireName) => _cachesByName[wireName].Table;

    public void Connect()
    {
        var request = new WireConnectRequest(
            _options.DatabaseName,
            V2 ? WireSubprotocols.V2 : WireSubprotocols.V1,
            _options.Token,
            (byte[])_connectionId.Clone(),
            _options.LightMode,
            _options.ConfirmedReads,
            (_options.Compression ?? DriverCompression.Brotli).ToString());
        if (SimulatedNetwork.TryConnect(_options.Uri, request, this, out IWireServerEndpoint? endpoint, out WireRefusal? refusal))
        {
            _endpoint = endpoint;
            IsActive = true;
        }
        else
        {
            _connectError = ConnectError(refusal!);
        }
    }

    public void FrameTick()
    {
        if (_connectError is not null)
        {
            Exception error = _connectError;
            _connectError = null;
            _closed = true;
            _listener.OnConnectError(error);
            return;
        }

        if (_disconnectRequested)
        {
            _disconnectRequested = false;
            _closed = true;
            _inbox.Clear();
            _listener.OnDisconnected(null);
            return;
        }

        while (_inbox.Count > 0 && !_closed)
        {
            object item = _inbox.Dequeue();
            if (item is CloseItem close)
            {
                _closed = true;
                _inbox.Clear();
                _pendingCalls.Clear();
                _listener.OnDisconnected(close.Error is null ? null : new WebSocketException(WebSocketError.ConnectionClosedPrematurely, close.Error));
                return;
            }

            Process((ServerMessage)item);
            if (_disconnectRequested)
            {
                return; // a general subscription failure called Disconnect(); OnDisconnected follows on the next tick
            }
        }
    }

    public void Disconnect()
    {
        if (_closed || _disconnectRequested || _endpoint is null)
        {
            return;
        }

        _endpoint.Close();
        IsActive = false;
        _disconnectRequested = true;
        _inbox.Clear();
        _pendingCalls.Clear(); // 2.x drops pending reducer calls silently; 1.x never tracked them
    }

    public void Dispose() => Disconnect();

    public void Tap<TRow>(DriverTable<TRow> table, IDriverTableListener<TRow> listener)
        where TRow : class
    {
        if (table is null)
        {
            throw new ArgumentNullException(nameof(table));
        }

        if (listener is null)
        {
            throw new ArgumentNullException(nameof(listener));
        }

        if (!_cachesByTable.TryGetValue(table, out ITableCache? cache) || cache is not TableCache<TRow> typed)
        {
            throw new ArgumentException($"Table '{table.WireName}' does not belong to this driver's bindings.", nameof(table));
        }

        typed.AddListener(listener);
    }

    public bool CopyRows<TRow>(DriverTable<TRow> table, List<TRow> destination)
        where TRow : class
    {
        if (table is null)
        {
            throw new ArgumentNullException(nameof(table));
        }

        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        if (table.IsEventTable || !_cachesByTable.TryGetValue(table, out ITableCache? cache) || cache is not TableCache<TRow> typed)
        {
            return false;
        }

        destination.AddRange(typed.Rows); // Like the SDK, the cache outlives the connection.
        return true;
    }

    public IDriverSubscription Subscribe(IReadOnlyList<string> querySql, IDriverSubscriptionListener listener)
    {
        if (querySql is null)
        {
            throw new ArgumentNullException(nameof(querySql));
        }

        if (listener is null)
        {
            throw new ArgumentNullException(nameof(listener));
        }

        bool legacy = !V2 && querySql.Count == 1 && string.Equals(querySql[0].Trim(), LegacyAllQuery, StringComparison.OrdinalIgnoreCase);
        var subscription = new SimulatedSubscription(this, querySql.ToArray(), listener, legacy);
        if (!IsActive)
        {
            return subscription; // the SDK logs "not connected" and the handle stays Pending forever
        }

        uint requestId = ++_nextRequestId;
        if (legacy)
        {
            _legacy = subscription;
            _endpoint!.Send(new WireSubscribeLegacyAll(requestId));
            return subscription;
        }

        subscription.QueryId = ++_nextQueryId;
        _subscriptions[subscription.QueryId] = subscription;
        _endpoint!.Send(new WireSubscribe(requestId, subscription.QueryId, subscription.Queries));
        return subscription;
    }

    public void CallReducer(object reducerArgs)
    {
        if (!IsActive)
        {
            return; // the SDK logs "Cannot call reducer, not connected to server!" and drops the call
        }

        if (reducerArgs is null || !_reducersByType.TryGetValue(reducerArgs.GetType(), out ReducerBinding? binding))
        {
            throw new ArgumentException($"{reducerArgs?.GetType().Name ?? "null"} is not a reducer argument type of these bindings.", nameof(reducerArgs));
        }

        byte[] args = BsatnCodec.EncodeRow(binding.Parameters, binding.Encode(reducerArgs));
        uint requestId = ++_nextRequestId;
        if (V2)
        {
            _pendingCalls[requestId] = (binding, reducerArgs);
        }

        byte flags = !V2 && binding.NoSuccessNotify ? (byte)1 : (byte)0;
        _endpoint!.Send(new WireCallReducer(requestId, binding.Reducer.WireName, args, flags));
    }

    public void Receive(ServerMessage message) => _inbox.Enqueue(message);

    public void Closed(string? error)
    {
        IsActive = false;
        _inbox.Enqueue(new CloseItem(error));
    }

    internal void SendUnsubscribe(SimulatedSubscription subscription)
    {
        if (IsActive)
        {
            _endpoint!.Send(new WireUnsubscribe(++_nextRequestId, subscription.QueryId, SendDroppedRows: true));
        }
    }

    private static Exception ConnectError(WireRefusal refusal)
    {
        // What the SDK passes to OnConnectError: the WebSocketException text it formats (the HTTP body is not visible).
        WebSocketException socket = refusal.StatusCode == 0
            ? new WebSocketException(WebSocketError.Faulted, "Unable to connect to the remote server")
            : new WebSocketException(WebSocketError.NotAWebSocket, string.Format(CultureInfo.InvariantCulture, "The server returned status code '{0}' when status code '101' was expected.", refusal.StatusCode));
        var error = new Exception($"WebSocket connection failed: {socket.WebSocketErrorCode}\nException message: {socket.Message}\n", socket);
        error.Data["StatusCode"] = refusal.StatusCode;
        return error;
    }

    private void Process(ServerMessage message)
    {
        switch (message)
        {
            case WireIdentityToken token:
                OnIdentity(token.Identity, token.ConnectionId, token.Token, once: false);
                break;
            case WireInitialConnection initial:
                OnIdentity(initial.Identity, initial.ConnectionId, initial.Token, once: true);
                break;
            case WireSubscribeApplied applied:
                if (_subscriptions.TryGetValue(applied.QueryId, out SimulatedSubscription? sub))
                {
                    if (ApplyRows(applied.Tables, new DriverEvent(DriverEventKind.SubscribeApplied, applied)))
                    {
                        sub.State = SimulatedSubscription.SubscriptionState.Active;
                        Guard(sub.Listener.OnApplied);
                    }
                }

                break;
            case WireInitialSubscription initial:
                if (_legacy is not null && ApplyRows(initial.Tables, new DriverEvent(DriverEventKind.SubscribeApplied, initial)))
                {
                    _legacy.State = SimulatedSubscription.SubscriptionState.LegacyActive;
                    Guard(_legacy.Listener.OnApplied);
                }

                break;
            case WireUnsubscribeApplied unapplied:
                if (_subscriptions.TryGetValue(unapplied.QueryId, out SimulatedSubscription? ended)
                    && ApplyRows(unapplied.Tables, new DriverEvent(DriverEventKind.UnsubscribeApplied, unapplied)))
                {
                    ended.State = SimulatedSubscription.SubscriptionState.Ended;
                    _subscriptions.Remove(unapplied.QueryId);
                    Guard(ended.Listener.OnEnded);
                }

                break;
            case WireSubscriptionError error:
                OnSubscriptionError(error);
                break;
            case WireTransactionUpdateV1 update:
                OnTransactionV1(update);
                break;
            case WireTransactionUpdateLight light:
                ApplyRows(light.Tables, new DriverEvent(DriverEventKind.UnknownTransaction, light));
                break;
            case WireTransactionUpdateV2 update:
                ApplyRows(update.Tables, new DriverEvent(DriverEventKind.Transaction, update));
                break;
            case WireReducerResult result:
                OnReducerResult(result);
                break;
        }
    }

    private void OnIdentity(byte[] identity, byte[] connectionId, string token, bool once)
    {
        _identity = identity;
        if (once && _connectFired)
        {
            return; // 2.x: OnConnect fires at most once
        }

        _connectFired = true;
        var info = new DriverConnectedInfo(SimHex.Of(identity), SimHex.Of(connectionId), token);
        Guard(() => _listener.OnConnected(info));
    }

    private void OnSubscriptionError(WireSubscriptionError error)
    {
        if (error.QueryId is null)
        {
            if (!V2)
            {
                Disconnect(); // "Received general subscription failure, disconnecting."
            }

            return;
        }

        if (_subscriptions.TryGetValue(error.QueryId.Value, out SimulatedSubscription? sub))
        {
            sub.State = SimulatedSubscription.SubscriptionState.Ended;
            _subscriptions.Remove(error.QueryId.Value);
            Guard(() => sub.Listener.OnError(new Exception(error.Error)));
        }
    }

    private void OnTransactionV1(WireTransactionUpdateV1 update)
    {
        bool self = _identity is not null
            && update.CallerIdentity.AsSpan().SequenceEqual(_identity)
            && update.CallerConnectionId is not null
            && update.CallerConnectionId.AsSpan().SequenceEqual(_connectionId);
        (DriverReducerStatus status, string? reason) = update.Status switch
        {
            WireUpdateStatus.Committed => (DriverReducerStatus.Committed, (string?)null),
            WireUpdateStatus.Failed failed => (DriverReducerStatus.Failed, failed.Reason),
            _ => (DriverReducerStatus.OutOfEnergy, "out of energy"),
        };

        DriverEvent context = new(DriverEventKind.UnknownTransaction, update);
        if (_reducersByName.TryGetValue(update.ReducerCall.ReducerName, out ReducerBinding? binding))
        {
            object? args = null;
            try
            {
                args = binding.Decode(BsatnCodec.DecodeRow(binding.Parameters, update.ReducerCall.Args));
            }
#pragma warning disable CA1031 // The generated ToReducer threw: the SDK falls back to UnknownTransaction.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            if (args is not null)
            {
                context = new DriverEvent(binding.Reducer.WireName, args, self, status, reason, update.TimestampMicros, update);
            }
        }

        if (!ApplyRows(update.Tables, context))
        {
            return;
        }

        if (context.Kind == DriverEventKind.Reducer)
        {
            _listener.OnReducerEvent(context);
        }
    }

    private void OnReducerResult(WireReducerResult result)
    {
        if (!_pendingCalls.TryGetValue(result.RequestId, out var call))
        {
            ParseFailure($"Reducer result for unknown request_id {result.RequestId}");
            return;
        }

        _pendingCalls.Remove(result.RequestId);
        (DriverReducerStatus status, string? reason, IReadOnlyList<WireTableUpdate> tables) = result.Outcome switch
        {
            WireReducerOutcome.Ok ok => (DriverReducerStatus.Committed, (string?)null, ok.Tables),
            WireReducerOutcome.OkEmpty => (DriverReducerStatus.Committed, null, Array.Empty<WireTableUpdate>()),
            WireReducerOutcome.Err err => (DriverReducerStatus.Failed, DecodeError(err.Bsatn), Array.Empty<WireTableUpdate>()),
            WireReducerOutcome.InternalError internalError => (DriverReducerStatus.Failed, internalError.Message, Array.Empty<WireTableUpdate>()),
            _ => (DriverReducerStatus.Failed, "unknown reducer outcome", Array.Empty<WireTableUpdate>()),
        };

        var context = new DriverEvent(call.Binding.Reducer.WireName, call.Args, callerIsSelf: true, status, reason, result.TimestampMicros, result);
        if (ApplyRows(tables, _identity is null ? new DriverEvent(DriverEventKind.UnknownTransaction, result) : context))
        {
            _listener.OnReducerEvent(context);
        }
    }

    private static string DecodeError(byte[] bytes)
    {
        try
        {
            return (string)BsatnCodec.Decode(SimType.String, bytes)!;
        }
        catch (BsatnException)
        {
            return string.Format(CultureInfo.InvariantCulture, "Reducer returned undecodable BSATN string bytes (len={0})", bytes.Length);
        }
    }

    /// <summary>Applies one message's rows in the SDK's order. Returns false after a parse failure (the session is closing).</summary>
    private bool ApplyRows(IReadOnlyList<WireTableUpdate> tables, in DriverEvent context)
    {
        var touched = new List<ITableCache>();
        try
        {
            foreach (WireTableUpdate update in tables)
            {
                if (!_cachesByName.TryGetValue(update.TableName, out ITableCache? cache))
                {
                    continue; // "Unknown table name": logged and skipped by the SDK
                }

                if (!touched.Contains(cache))
                {
                    touched.Add(cache);
                }

                cache.Stage(update);
            }

            foreach (ITableCache cache in touched)
            {
                cache.Plan();
            }
        }
#pragma warning disable CA1031 // Any decode failure is a parse failure that closes the connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (ITableCache cache in touched)
            {
                cache.Reset();
            }

            ParseFailure($"Message parsing failed; connection closed: {ex.Message}", ex);
            return false;
        }

        foreach (ITableCache cache in touched)
        {
            cache.FireBeforeDelete(context);
        }

        foreach (ITableCache cache in touched)
        {
            cache.Mutate();
        }

        foreach (ITableCache cache in touched)
        {
            cache.FireRowCallbacks(context);
        }

        return true;
    }

    private void ParseFailure(string message, Exception? inner = null)
    {
        _endpoint?.Close();
        IsActive = false;
        _closed = true;
        _inbox.Clear();
        _pendingCalls.Clear();
        _listener.OnDisconnected(new InvalidOperationException(message, inner));
    }

    private static void Guard(Action callback)
    {
        try
        {
            callback();
        }
#pragma warning disable CA1031 // The SDK catches and logs OnConnect and subscription callback exceptions.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed record CloseItem(string? Error);
}
