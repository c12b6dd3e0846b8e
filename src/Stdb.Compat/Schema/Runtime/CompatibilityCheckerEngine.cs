using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Runtime;

internal sealed partial class CompatibilityCheckerEngine : ISchemaCompatibilityChecker
{
    private readonly ModuleSchema _expected;
    private readonly SchemaCompatibilityOptions _options;
    private readonly IModuleSchemaSource _source;
    private readonly ISchemaCompatibilityNotifications? _notifications;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CompatibilityReport? _latest;

    public CompatibilityCheckerEngine(BindingsManifest manifest, SchemaCompatibilityOptions options, IModuleSchemaSource source,
        ISchemaCompatibilityNotifications? notifications, TimeProvider time, ILogger logger)
    {
        _expected = manifest.ToModuleSchema();
        _options = options;
        _source = source;
        _notifications = notifications;
        _time = time;
        _logger = logger;
    }

    public CompatibilityReport? LatestReport => Volatile.Read(ref _latest);

    public Task<CompatibilityReport> CheckAsync(CancellationToken cancellationToken = default) => CheckAsync(null, cancellationToken);

    /// <summary>Checks with the usage the client derived, unless the app set its own in the options.</summary>
    public async Task<CompatibilityReport> CheckAsync(SchemaAppUsage? derivedUsage, CancellationToken cancellationToken)
    {
        FetchedModuleSchema fetched;
        try
        {
            fetched = await _source.FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaFetchException ex)
        {
            LogFetchFailed(_logger, _options.DatabaseName, ex.Failure, ex);
            throw;
        }

        var report = SchemaCompatibility.Check(_expected, fetched.Schema, _options.Mode, ReferenceEquals(_options.Usage, SchemaAppUsage.All) && derivedUsage is not null ? derivedUsage : _options.Usage, _time.GetUtcNow())
            with
        { ServerVersion = fetched.ServerVersion };
        Volatile.Write(ref _latest, report);
        LogChecked(_logger, _options.DatabaseName, report.Verdict, report.Changes.Count);

        if (_notifications is not null)
        {
            var notification = new SchemaCompatibilityNotification(_options.DatabaseName, report);
            if (report.BindingsBehind)
            {
                Notify(n => n.OnBindingsBehind(notification), nameof(ISchemaCompatibilityNotifications.OnBindingsBehind));
            }
            else if (report.NewerCompatibleSchemaAvailable)
            {
                Notify(n => n.OnNewerSchemaAvailable(notification), nameof(ISchemaCompatibilityNotifications.OnNewerSchemaAvailable));
            }
        }

        return report;
    }

    private void Notify(Action<ISchemaCompatibilityNotifications> callback, string name)
    {
        try
        {
            callback(_notifications!);
        }
#pragma warning disable CA1031 // App callbacks must not break the connection flow.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCallbackFailed(_logger, name, ex);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Fetching the schema of database {Database} failed ({Failure}).")]
    private static partial void LogFetchFailed(ILogger logger, string database, SchemaFetchFailure failure, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Schema of database {Database} checked: {Verdict}, {ChangeCount} change(s).")]
    private static partial void LogChecked(ILogger logger, string database, CompatibilityVerdict verdict, int changeCount);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "The schema notification callback {Callback} threw.")]
    private static partial void LogCallbackFailed(ILogger logger, string callback, Exception exception);
}
