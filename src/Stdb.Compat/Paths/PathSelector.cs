using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Adapters;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Paths;

/// <summary>
/// Path selection, once per connection attempt: the flag read once (or the request, or the default), every candidate
/// checked against its live module, the preferred path if it is compatible and its target reachable, else the newest
/// compatible path (a fallback with its reason), else none. It also keeps the connect-failure record of each target
/// (<see cref="TargetHealth"/>): a target that keeps refusing connects is passed over for another one (blue/green)
/// until the flag changes, the app asks (<c>SwitchPathAsync</c>) or <see cref="SchemaPathOptions.RetryPreferredAfter"/>
/// passes. Each selection fetches the live schema of a target once (<see cref="LiveSchemaFetches"/>): the candidates'
/// default checks share it, and the connect check that follows takes it (<see cref="SchemaFetchHandover"/>). Engine
/// room: knows nothing of the client that uses it. Nothing here runs per row or per call.
/// </summary>
internal sealed partial class PathSelector
{
    private readonly SchemaPathOptions _paths;
    private readonly ILogger _logger;
    private readonly Func<SchemaPathDefinition, ICompatibilityCheck?>? _defaultCheck;
    private readonly SchemaFetchHandover? _handover;
    private readonly object _gate = new();
    private bool _flagRead;
    private string? _lastVariant;

    /// <param name="paths">The declared paths.</param>
    /// <param name="time">Clock of the targets' connect record.</param>
    /// <param name="logger">Where the selection logs.</param>
    /// <param name="defaultCheck">The check of a path without its own (the lane's default schema check), or none.</param>
    /// <param name="handover">Receives each selection's schemas for the connect check that follows, or none.</param>
    public PathSelector(SchemaPathOptions paths, TimeProvider time, ILogger logger,
        Func<SchemaPathDefinition, ICompatibilityCheck?>? defaultCheck = null, SchemaFetchHandover? handover = null)
    {
        _paths = paths;
        _logger = logger;
        _defaultCheck = defaultCheck;
        _handover = handover;
        Health = new TargetHealth(paths.FallbackAfterConnectFailures, paths.RetryPreferredAfter, time);
    }

    /// <summary>Consecutive connect failures per target, and the targets passed over because of them.</summary>
    public TargetHealth Health { get; }

    /// <summary>The newest declared path.</summary>
    public SchemaPathDefinition Newest => _paths.Paths[_paths.Paths.Count - 1];

    /// <summary>True when a selection could pick another path (more than one is declared).</summary>
    public bool HasChoice => _paths.Paths.Count > 1;

    /// <summary>
    /// A connect to <paramref name="path"/>'s target failed. True when that target just reached the threshold and
    /// another target exists: the caller selects again (the next selection falls back).
    /// </summary>
    public bool OnConnectFailed(SchemaPathDefinition path, string why) =>
        Health.OnConnectFailed(TargetKey.Of(path), why) && _paths.Paths.Any(p => !TargetKey.Of(p).Equals(TargetKey.Of(path)));

    /// <summary>A connect to <paramref name="path"/>'s target succeeded: its failure streak ends.</summary>
    public void OnConnected(SchemaPathDefinition path) => Health.OnConnected(TargetKey.Of(path));

    /// <summary>
    /// Chooses a path: the flag's variant (read once) or the default, checked against its live module; else the newest
    /// compatible path (a fallback); else none. <paramref name="requested"/> skips the flag (SwitchPathAsync) and, like
    /// a changed flag variant, forgets the targets passed over for failing connects.
    /// </summary>
    public async Task<SchemaPathSelection> SelectAsync(string? requested, CancellationToken cancellationToken)
    {
        using var activity = StdbCompatTelemetry.ActivitySource.StartActivity("stdb.compat.path.select", ActivityKind.Internal);
        string? variant = null;
        var preferred = requested is null ? null : _paths.Find(requested);
        if (preferred is not null)
        {
            Forget("the app asked for path '" + preferred.Name + "'");
        }
        else if (_paths.Flag is { } flag && await ReadFlagAsync(flag, cancellationToken).ConfigureAwait(false) is (true, var read))
        {
            variant = read;
            NoteVariant(variant);
            preferred = variant is null ? null : _paths.Find(variant);
            if (variant is not null && preferred is null)
            {
                Log.UnknownVariant(_logger, flag.Name, variant);
            }
        }

        preferred ??= (_paths.DefaultPath is { } name ? _paths.Find(name) : null) ?? Newest;
        foreach (var (target, why) in Health.Expire())
        {
            Log.RetryingTarget(_logger, target.ToString(), why);
        }

        var passedOver = Health.PassedOver();
        var fetches = new LiveSchemaFetches(); // One fetch per target for this selection, never reused by the next one.
        var checks = new Dictionary<string, CompatibilityCheckResult>(StringComparer.OrdinalIgnoreCase);
        SchemaPathDefinition? chosen = null;
        var candidates = Candidates(preferred).ToList();

        // A failing target is passed over only while a path on a target that is not failing remains to be tried.
        var skipFailing = candidates.Any(c => !passedOver.ContainsKey(TargetKey.Of(c)));
        foreach (var candidate in candidates)
        {
            if (skipFailing && passedOver.TryGetValue(TargetKey.Of(candidate), out var failing))
            {
                checks[candidate.Name] = CompatibilityCheckResult.Incompatible($"its target ({TargetKey.Of(candidate)}) {failing}");
                continue;
            }

            var result = await CheckAsync(candidate, fetches, cancellationToken).ConfigureAwait(false);
            checks[candidate.Name] = result;
            if (result.CanConnect)
            {
                chosen = candidate;
                break;
            }
        }

        _handover?.Offer(fetches);
        var unreachable = chosen is not null && chosen != preferred && skipFailing && passedOver.ContainsKey(TargetKey.Of(preferred));
        var choice = chosen != preferred ? SchemaPathChoice.Fallback
            : requested is not null ? SchemaPathChoice.Requested
            : variant is not null && _paths.Find(variant) == preferred ? SchemaPathChoice.Flag : SchemaPathChoice.Default;
        var reason = chosen == preferred ? checks[preferred.Name].Reason ?? "compatible"
            : unreachable ? $"the preferred path '{preferred.Name}' is not reachable: {checks[preferred.Name].Reason}"
            : $"the preferred path '{preferred.Name}' is not compatible: {checks[preferred.Name].Reason}";
        var fallback = chosen == preferred ? "none" : unreachable ? "connect_failures" : chosen is null ? "no_compatible_path" : "incompatible";
        var selection = new SchemaPathSelection(chosen?.Name, choice, preferred.Name, variant, reason, checks);
        Report(activity, selection, fallback);
        if (chosen is null)
        {
            Log.NoCompatiblePath(_logger, preferred.Name, Describe(checks));
        }
        else if (unreachable)
        {
            Log.TargetFallback(_logger, chosen.Name, preferred.Name, variant ?? "-", reason, Health.RetryPreferredAfter);
        }
        else if (choice == SchemaPathChoice.Fallback)
        {
            Log.PathFallback(_logger, chosen.Name, preferred.Name, variant ?? "-", reason);
        }
        else
        {
            Log.PathSelected(_logger, chosen.Name, choice, variant ?? "-", reason);
        }

        return selection;
    }

    /// <summary>The checks of a selection, in words (for an error or a log).</summary>
    public static string Describe(IReadOnlyDictionary<string, CompatibilityCheckResult> checks) =>
        string.Join("; ", checks.Select(c => $"{c.Key}: {c.Value.Reason ?? (c.Value.CanConnect ? "compatible" : "incompatible")}"));

    /// <summary>
    /// The preferred path, then the newest on the same target (a generation fallback never moves databases), then the
    /// newest elsewhere (blue/green: a target that is incompatible or keeps failing falls back to the other).
    /// </summary>
    private IEnumerable<SchemaPathDefinition> Candidates(SchemaPathDefinition preferred)
    {
        var target = TargetKey.Of(preferred);
        var newestFirst = _paths.Paths.Reverse().Where(p => p != preferred).ToList();
        return new[] { preferred }
            .Concat(newestFirst.Where(p => TargetKey.Of(p).Equals(target)))
            .Concat(newestFirst.Where(p => !TargetKey.Of(p).Equals(target)));
    }

    private void NoteVariant(string? variant)
    {
        bool changed;
        lock (_gate)
        {
            changed = _flagRead && !string.Equals(_lastVariant, variant, StringComparison.OrdinalIgnoreCase);
            _flagRead = true;
            _lastVariant = variant;
        }

        if (changed)
        {
            Forget("the flag's variant changed to '" + (variant ?? "(none)") + "'");
        }
    }

    private void Forget(string why)
    {
        foreach (var target in Health.Forget())
        {
            Log.RetryingTarget(_logger, target.ToString(), why);
        }
    }

    private static void Report(Activity? activity, SchemaPathSelection selection, string fallback)
    {
        activity?.SetTag("stdb.compat.path", selection.Path);
        activity?.SetTag("stdb.compat.path.choice", selection.Choice.ToString());
        activity?.SetTag("stdb.compat.path.variant", selection.Variant);
        activity?.SetTag("stdb.compat.path.fallback", fallback);
        StdbCompatTelemetry.PathSelections.Add(
            1,
            new KeyValuePair<string, object?>("stdb.compat.path", selection.Path ?? "(none)"),
            new KeyValuePair<string, object?>("stdb.compat.path.choice", selection.Choice.ToString()),
            new KeyValuePair<string, object?>("stdb.compat.path.variant", selection.Variant ?? "(none)"),
            new KeyValuePair<string, object?>("stdb.compat.path.fallback", fallback));
    }

    /// <summary>The flag's variant; not read (logged, the default path is used) when the app's flag throws.</summary>
    private async Task<(bool Read, string? Variant)> ReadFlagAsync(Flags.ISchemaPathFlag flag, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await flag.GetPreferredPathAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A flag that cannot be read names no path: the default is used, as for an unknown variant.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.FlagFailed(_logger, flag.Name, ex);
            return (false, null);
        }
    }

    /// <summary>The path's own check (CheckWith), else its default schema check sharing the selection's fetches, else none.</summary>
    private async Task<CompatibilityCheckResult> CheckAsync(SchemaPathDefinition path, LiveSchemaFetches fetches, CancellationToken cancellationToken)
    {
        if ((path.Check ?? _defaultCheck?.Invoke(path)) is not { } check)
        {
            return CompatibilityCheckResult.Compatible(null, "no check configured");
        }

        try
        {
            var context = new CompatibilityCheckContext(CompatibilityCheckTrigger.BeforeRetry, StateChangeReason.Requested, null, 0, path.Driver.Capabilities) { Fetches = fetches };
            return await check.CheckAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing check cannot tell; the path's circuit still bounds its attempts.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CompatibilityCheckResult.Compatible(null, $"the check failed ({ex.GetType().Name}); assumed compatible");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Information, "Schema path {Path} chosen ({Choice}, flag variant {Variant}): {Reason}")]
        public static partial void PathSelected(ILogger logger, string path, SchemaPathChoice choice, string variant, string reason);

        [LoggerMessage(6002, LogLevel.Warning, "Schema path {Path} chosen as a fallback for {Preferred} (flag variant {Variant}): {Reason}")]
        public static partial void PathFallback(ILogger logger, string path, string preferred, string variant, string reason);

        [LoggerMessage(6003, LogLevel.Error, "No schema path is compatible with its live module (preferred {Preferred}): {Checks}")]
        public static partial void NoCompatiblePath(ILogger logger, string preferred, string checks);

        [LoggerMessage(6005, LogLevel.Warning, "The schema-path flag {Flag} names variant {Variant}, which is no declared path; the default path is used")]
        public static partial void UnknownVariant(ILogger logger, string flag, string variant);

        [LoggerMessage(6009, LogLevel.Warning, "The schema-path flag {Flag} could not be read; the default path is used")]
        public static partial void FlagFailed(ILogger logger, string flag, Exception exception);

        [LoggerMessage(6020, LogLevel.Warning, "Schema path {Path} chosen as a fallback for {Preferred} (flag variant {Variant}): {Reason}; the preferred path is tried again at the next flag change, SwitchPathAsync, or the first connection attempt after {RetryPreferredAfter}")]
        public static partial void TargetFallback(ILogger logger, string path, string preferred, string variant, string reason, TimeSpan retryPreferredAfter);

        [LoggerMessage(6021, LogLevel.Information, "Target {Target} is tried again for its paths: {Why}")]
        public static partial void RetryingTarget(ILogger logger, string target, string why);
    }
}
