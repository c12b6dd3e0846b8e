using System;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Stdb.Compat.Testing.Host.Protocol;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Wire;

namespace Stdb.Compat.Testing.Host;

/// <summary>
/// One WebSocket between a real client and the simulator: the simulator's <see cref="IWireClient"/> on one side,
/// a <see cref="WebSocket"/> on the other. Server messages are translated (under the simulator's lock, in
/// <see cref="Receive"/>) into framed bytes and queued; a send loop writes them, after <see cref="SimulatedHostOptions.SendDelay"/>
/// when one is set. A receive loop decodes client messages and hands them to the simulator.
/// </summary>
internal sealed class HostSession : IWireClient
{
    private readonly SimulatedServer _server;
    private readonly SimulatedHostOptions _options;
    private readonly WireCompression _compression;
    private readonly WireTranslator _translator;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private ServerConnection? _connection;
    private volatile string? _closeReason;
    private volatile bool _closedNormally;

    public HostSession(SimulatedServer server, SimulatedHostOptions options, int protocol, WireCompression compression)
    {
        _server = server;
        _options = options;
        _compression = compression;
        _translator = new WireTranslator(protocol);
    }

    public void Attach(IWireServerEndpoint endpoint) => _connection = (ServerConnection)endpoint;

    /// <inheritdoc />
    public void Receive(ServerMessage message)
    {
        // Runs on the simulator's thread, under its lock: translate now, while subscriptions match the message.
        ServerConnection? connection = _connection ?? _server.AllConnections().FirstOrDefault(c => ReferenceEquals(c.Client, this));
        _outbound.Writer.TryWrite(ServerFrame.Frame(_translator.ToServerBody(message, connection), _compression));
    }

    /// <inheritdoc />
    public void Closed(string? error)
    {
        if (error is null)
        {
            _closedNormally = true;
            _outbound.Writer.TryComplete();
            return;
        }

        // A dropped connection or a restart: the TCP connection goes away without a close handshake, as a crash
        // would; messages not yet written are lost, like the simulator's held ones.
        _closeReason = error;
        _outbound.Writer.TryComplete();

        // Not inline: this runs under the simulator's lock, and cancellation runs the socket loops' continuations.
        _ = Task.Run(_abort.Cancel);
    }

    public async Task RunAsync(HttpContext context, WebSocket socket, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _abort.Token, context.RequestAborted);
        Task send = SendLoopAsync(socket, linked.Token);
        try
        {
            await ReceiveLoopAsync(socket, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _connection?.Close();
            _outbound.Writer.TryComplete();
        }

        // The client closed, the socket failed, or the server closed and the client answered: nothing left to send.
        await linked.CancelAsync().ConfigureAwait(false);
        await send.ConfigureAwait(false);
        if (_closeReason is not null || stopping.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private async Task SendLoopAsync(WebSocket socket, CancellationToken ct)
    {
        try
        {
            while (await _outbound.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (_outbound.Reader.TryRead(out byte[]? frame))
                {
                    if (_options.SendDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(_options.SendDelay, _options.TimeProvider, ct).ConfigureAwait(false);
                    }

                    await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, ct).ConfigureAwait(false);
                }
            }

            if (_closedNormally && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Disconnecting normally.", ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Dropped, restarted, stopped or the client went away.
        }
        catch (WebSocketException)
        {
            // The client went away mid-send.
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (socket.State == WebSocketState.CloseReceived)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct).ConfigureAwait(false);
                        }

                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (message.Length > SimulatedHostDefaults.MaxClientMessageBytes)
                    {
                        await CloseWithErrorAsync(socket, WebSocketCloseStatus.MessageTooBig, "Message too big.", ct).ConfigureAwait(false);
                        return;
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    // GUESS: the host does not speak v1.json.spacetimedb; a text frame is a client error.
                    await CloseWithErrorAsync(socket, WebSocketCloseStatus.InternalServerError, "The simulated host accepts only binary (BSATN) messages.", ct).ConfigureAwait(false);
                    return;
                }

                if (!Dispatch(message.ToArray(), out string? error))
                {
                    // As crates/client-api/src/routes/subscribe.rs (v2.8.0, ws_recv_task): a client message error closes
                    // the socket with CloseCode::Error (1011) and the error text as the reason.
                    await CloseWithErrorAsync(socket, WebSocketCloseStatus.InternalServerError, error!, ct).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Dropped, restarted or stopped.
        }
        catch (WebSocketException)
        {
            // The client went away without a close handshake.
        }
    }

    private bool Dispatch(byte[] body, out string? error)
    {
        error = null;
        (ClientMessage? toServer, HostRequest? local) request;
        try
        {
            request = _translator.FromClientBody(body);
        }
        catch (WireFormatException ex)
        {
            error = ex.Message;
            return false;
        }

        if (request.toServer is not null)
        {
            _connection!.Send(request.toServer);
        }
        else if (request.local is not null)
        {
            _outbound.Writer.TryWrite(ServerFrame.Frame(OneOffQueries.Answer(_server, _connection!, _translator.Protocol, request.local), _compression));
        }

        return true;
    }

    private static async Task CloseWithErrorAsync(WebSocket socket, WebSocketCloseStatus status, string reason, CancellationToken ct)
    {
        // A close reason is at most 123 bytes of UTF-8.
        string text = reason;
        while (Encoding.UTF8.GetByteCount(text) > 123)
        {
            text = text[..^1];
        }

        await socket.CloseOutputAsync(status, text, ct).ConfigureAwait(false);
    }
}
