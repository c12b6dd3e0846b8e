using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

/// <summary>Drives one-off migration reducers (see <see cref="ReducerMigrationOptions"/>).</summary>
public static class ReducerMigration
{
    /// <summary>Calls the migration reducer step by step until the status row says done, with backoff on failure.</summary>
    /// <exception cref="ArgumentException">The options are incomplete.</exception>
    public static Task<ReducerMigrationResult> RunAsync(
        ICompatClient client,
        ReducerMigrationOptions options,
        IProgress<MigrationProgress>? progress = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        var engine = new ReducerMigrationEngine(client, options, timeProvider ?? TimeProvider.System, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stdb.Compat.Migrations"));
        return engine.RunAsync(progress, cancellationToken);
    }
}

/// <summary>The step loop. A step's outcome never decides the cursor: the status row does, read after each step.</summary>
internal sealed class ReducerMigrationEngine
{
    private readonly ICompatClient _client;
    private readonly ReducerMigrationOptions _o;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ReducerMigrationEngine(ICompatClient client, ReducerMigrationOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _o = options;
        _time = time;
        _logger = logger;
    }

    public async Task<ReducerMigrationResult> RunAsync(IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        long steps = 0;
        long failures = 0;
        var consecutive = 0;
        string? lastError = null;
        ReducerMigrationStatus? status = null;
        while (true)
        {
            if (!await MigrationTime.WaitReadyAsync(_client, _o.StatusReady, _time, _o.ReadyTimeout, cancellationToken).ConfigureAwait(false))
            {
                lastError = $"the client was not Connected with the status ready within {_o.ReadyTimeout} (state {_client.State})";
                break;
            }

            status = _o.ReadStatus!();
            Report(progress, status, steps, failures, start);
            if (status?.Done == true)
            {
                break;
            }

            var outcome = await _client.CallReducerAsync(_o.StepCall!(status?.Cursor), cancellationToken).ConfigureAwait(false);
            if (outcome.IsCommitted)
            {
                steps++;
                consecutive = 0;
                continue;
            }

            failures++;
            lastError = outcome.Kind + (outcome.Reason is null ? string.Empty : ": " + outcome.Reason);
            if (++consecutive >= _o.MaxConsecutiveFailures)
            {
                break;
            }

            var delay = MigrationTime.Backoff(_o.RetryDelay, _o.MaxRetryDelay, consecutive);
            MigrationLog.StepRetry(_logger, _o.Name, steps + failures, outcome.Kind, outcome.Reason, delay);
            await MigrationTime.DelayAsync(_time, delay, cancellationToken).ConfigureAwait(false);
        }

        var done = status?.Done == true;
        return new ReducerMigrationResult(_o.Name, done, steps, failures, status?.Cursor, done ? null : lastError, _time.GetElapsedTime(start));
    }

    private void Report(IProgress<MigrationProgress>? progress, ReducerMigrationStatus? status, long steps, long failures, long start)
    {
        if (progress is null)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(start);
        var processed = status?.Processed ?? steps;
        var rate = elapsed.TotalSeconds > 0 ? processed / elapsed.TotalSeconds : 0;
        var eta = MigrationTime.Eta(status?.Total, processed, rate);
        try
        {
            progress.Report(new MigrationProgress(processed, status?.Total, processed, steps, failures, rate, elapsed, eta));
        }
        catch (Exception ex)
        {
            MigrationLog.ProgressFault(_logger, ex, _o.Name);
        }
    }
}
