using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Hosting;

/// <summary>
/// Owns the hosted client: runs its frame pump on a dedicated thread at the configured rate (ticks come from the
/// injected <see cref="TimeProvider"/>), connects on start, and on stop disposes the client while the pump still
/// runs, so every pending call gets its outcome, then stops the thread.
/// </summary>
internal sealed partial class StdbCompatHostedService : IHostedService, IDisposable
{
    private readonly ICompatClient _client;
    private readonly StdbCompatHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _frame = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Thread? _thread;
    private ITimer? _timer;

    public StdbCompatHostedService(ICompatClient client, IOptions<StdbCompatHostOptions> options, TimeProvider time, ILoggerFactory? loggers = null)
    {
        _client = client;
        _options = options.Value;
        _time = time;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Stdb.Compat.Hosting");
    }

    /// <summary>Frames run so far (for tests).</summary>
    public long Frames => Interlocked.Read(ref _frames);

    private long _frames;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Pump) { IsBackground = true, Name = "Stdb.Compat pump" };
        _thread.Start();
        var interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / _options.FramesPerSecond);
        _timer = _time.CreateTimer(static s => ((StdbCompatHostedService)s!).SignalFrame(), this, interval, interval);
        LogStarted(_logger, _options.FramesPerSecond);
        if (_options.ConnectOnStart)
        {
            _ = ConnectAsync();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Dispose while the pump runs: pending calls end (Dropped / NotConnected), subscriptions and loops stop.
        var disposing = _client.DisposeAsync().AsTask();
#pragma warning disable RS0030 // An infinite delay is only a wait for the host's stop token: no time passes through it.
        var finished = await Task.WhenAny(disposing, Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken)).ConfigureAwait(false);
#pragma warning restore RS0030
        _timer?.Dispose();
        _stopping.Cancel();
        _thread?.Join();
        if (finished != disposing)
        {
            await _client.DisposeAsync().ConfigureAwait(false); // The pump is gone: the client finishes the work itself.
        }

        LogStopped(_logger, Frames);
    }

    /// <summary>The pump thread is running (for tests).</summary>
    internal bool IsPumpAlive => _thread?.IsAlive == true;

    public void Dispose()
    {
        // Without StopAsync (a host that failed to start): the pump thread ends before what it waits on is disposed.
        _timer?.Dispose();
        _stopping.Cancel();
        _thread?.Join();
        _stopping.Dispose();
        _frame.Dispose();
    }

    private async Task ConnectAsync()
    {
        try
        {
            await _client.ConnectAsync(_stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The client's own logs and state say why; the host keeps running (Faulted / Disconnected show in the health check).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogConnectFailed(_logger, ex.GetType().Name, ex.Message);
        }
    }

    private void SignalFrame()
    {
        if (_frame.CurrentCount == 0)
        {
            try
            {
                _frame.Release();
            }
            catch (SemaphoreFullException)
            {
                // A frame is already due; frames do not pile up.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void Pump()
    {
        while (true)
        {
            try
            {
                _frame.Wait(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                _client.FrameTick();
                Interlocked.Increment(ref _frames);
            }
#pragma warning disable CA1031 // The pump thread must never die.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFrameFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(5001, LogLevel.Information, "Stdb.Compat pump started at {FramesPerSecond} frames per second")]
    private static partial void LogStarted(ILogger logger, int framesPerSecond);

    [LoggerMessage(5002, LogLevel.Information, "Stdb.Compat pump stopped after {Frames} frames")]
    private static partial void LogStopped(ILogger logger, long frames);

    [LoggerMessage(5003, LogLevel.Warning, "The initial connect failed ({ErrorType}): {Message}")]
    private static partial void LogConnectFailed(ILogger logger, string errorType, string message);

    [LoggerMessage(5004, LogLevel.Error, "A frame failed; the pump continues")]
    private static partial void LogFrameFailed(ILogger logger, Exception exception);
}
