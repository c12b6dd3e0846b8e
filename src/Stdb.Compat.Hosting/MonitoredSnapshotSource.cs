using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stdb.Compat.Connection;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Hosting;

/// <summary>
/// Snapshots of options bound from configuration that may reload. Invalid options at start fail the host
/// (<see cref="OptionsValidationException"/> naming the key); a reload that fails validation is logged and the snapshot
/// in force stays; a valid reload takes effect when the next connection attempt starts.
/// </summary>
internal sealed partial class MonitoredSnapshotSource : IClientSnapshotSource
{
    private readonly IOptionsMonitor<CompatClientOptions> _monitor;
    private readonly string _section;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private CompatClientOptions _seen;
    private ClientSnapshot _current;
    private CancellationTokenSource _reload = new();
    private string? _rejected;

    public MonitoredSnapshotSource(IOptionsMonitor<CompatClientOptions> monitor, string section, ILogger logger)
    {
        _monitor = monitor;
        _section = section;
        _logger = logger;
        _seen = monitor.CurrentValue;
        var error = Validate(_seen);
        if (error is not null)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CompatClientOptions), new[] { error });
        }

        _current = _seen.ToSnapshot();
    }

    public ClientSnapshot Current => Volatile.Read(ref _current);

    public CancellationToken ReloadToken() => Volatile.Read(ref _reload).Token;

    public ClientSnapshot Refresh()
    {
        lock (_gate)
        {
            CompatClientOptions latest;
            try
            {
                latest = _monitor.CurrentValue;
            }
            catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
            {
                Reject(ex.Message);
                return _current;
            }

            if (ReferenceEquals(latest, _seen))
            {
                return _current;
            }

            var error = Validate(latest);
            if (error is not null)
            {
                Reject(error);
                return _current;
            }

            _seen = latest;
            _rejected = null;
            Volatile.Write(ref _current, latest.ToSnapshot());
            Log.ReloadApplied(_logger);
            var previous = Interlocked.Exchange(ref _reload, new CancellationTokenSource());
            previous.Cancel(); // The standard pipelines are rebuilt with the new values.
            previous.Dispose();
            return _current;
        }
    }

    private void Reject(string error)
    {
        if (!string.Equals(error, _rejected, StringComparison.Ordinal))
        {
            _rejected = error;
            Log.ReloadRejected(_logger, error);
        }
    }

    private string? Validate(CompatClientOptions options)
    {
        try
        {
            options.Validate(_section, ":");
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1030, LogLevel.Warning, "The reloaded configuration is invalid and was not applied; the previous options stay in force: {Error}")]
        public static partial void ReloadRejected(ILogger logger, string error);

        [LoggerMessage(1031, LogLevel.Information, "The reloaded configuration applies from this connection attempt on")]
        public static partial void ReloadApplied(ILogger logger);
    }
}
