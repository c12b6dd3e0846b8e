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

namespace Stdb.Compat.Connection;

/// <content>Selection (once per connection attempt), switching at a boundary, and the reactions to a lane's state.</content>
internal sealed partial class SchemaPathClient
{
    /// <summary>
    /// Chooses a path: the flag's variant (read once) or the default, checked against its live module; else the newest
    /// compatible path (a fallback); else none. <paramref name="preferredOverride"/> skips the flag (SwitchPathAsync).
    /// </summary>
    internal async Task<SchemaPathSelection> SelectAsync(string? preferredOverride, CancellationToken cancellationToken)
    {
        using var activity = StdbCompatTelemetry.ActivitySource.StartActivity("stdb.compat.path.select", ActivityKind.Internal);
        string? variant = null;
        SchemaPathDefinition? preferred = preferredOverride is null ? null : _paths.Find(preferredOverride);
        if (preferred is null && _paths.Flag is { } flag)
        {
            variant = await flag.GetPreferredPathAsync(cancellationToken).ConfigureAwait(false);
            preferred = variant is null ? null : _paths.Find(variant);
            if (variant is not null && preferred is null)
            {
                Log.UnknownVariant(_logger, flag.Name, variant);
            }
        }

        preferred ??= (_paths.DefaultPath is { } name ? _paths.Find(name) : null) ?? Newest;
        var checks = new Dictionary<string, CompatibilityCheckResult>(StringComparer.OrdinalIgnoreCase);
        SchemaPathDefinition? chosen = null;
        // The preferred path, then the newest on the same target (a generation fallback never moves databases), then the
        // newest elsewhere (blue/green: a target that is incompatible falls back to the other).
        var sameTarget = _paths.Paths.Reverse().Where(p => p != preferred && p.ServerUri == preferred.ServerUri && p.DatabaseName == preferred.DatabaseName);
        var otherTargets = _paths.Paths.Reverse().Where(p => p != preferred && !sameTarget.Contains(p));
        foreach (var candidate in new[] { preferred }.Concat(sameTarget).Concat(otherTargets))
        {
            var result = await CheckAsync(candidate, cancellationToken).ConfigureAwait(false);
            checks[candidate.Name] = result;
            if (result.CanConnect)
            {
                chosen = candidate;
                break;
            }
        }

        var choice = chosen != preferred ? SchemaPathChoice.Fallback
            : preferredOverride is not null ? SchemaPathChoice.Requested
            : variant is not null && _paths.Find(variant) == preferred ? SchemaPathChoice.Flag : SchemaPathChoice.Default;
        var reason = chosen == preferred
            ? checks[preferred.Name].Reason ?? "compatible"
            : $"the preferred path '{preferred.Name}' is not compatible: {checks[preferred.Name].Reason}";
        var selection = new SchemaPathSelection(chosen?.Name, choice, preferred.Name, variant, reason, checks);
        activity?.SetTag("stdb.compat.path", selection.Path);
        activity?.SetTag("stdb.compat.path.choice", choice.ToString());
        activity?.SetTag("stdb.compat.path.variant", variant);
        StdbCompatTelemetry.PathSelections.Add(
            1,
            new KeyValuePair<string, object?>("stdb.compat.path", selection.Path ?? "(none)"),
            new KeyValuePair<string, object?>("stdb.compat.path.choice", choice.ToString()),
            new KeyValuePair<string, object?>("stdb.compat.path.variant", variant ?? "(none)"));
        if (chosen is null)
        {
            Log.NoCompatiblePath(_logger, preferred.Name, Describe(checks));
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

    /// <summary>Pins the selection: nothing when it is the path in use; the adapters only at the next frame when the lane is the same; else a reconnect through the new lane.</summary>
    private async Task ApplyAsync(SchemaPathSelection selection, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _selection, selection);
        if (selection.Path is null)
        {
            var error = new ConnectFailedException($"No schema path is compatible with its live module ({Describe(selection.Checks)}).", null, isTransient: false);
            Lane? stale = null;
            await OnPumpAsync(() =>
            {
                stale = _lane;
                var previous = State;
                _ownState = CompatConnectionState.Faulted;
                Volatile.Write(ref _lane, null);
                Emit(new StateChange(previous, CompatConnectionState.Faulted, StateChangeReason.NoCompatiblePath, error));
            }).ConfigureAwait(false);
            if (stale is not null)
            {
                await stale.Client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
            }

            throw error;
        }

        var path = _paths.Find(selection.Path)!;
        var lane = LaneOf(path);
        Lane? old = null;
        Task? applied = null;
        await OnPumpAsync(() =>
        {
            old = _lane;
            var from = _active;
            if (from == path && old == lane)
            {
                return;
            }

            var reconcile = from is not null;
            IViewSlot[] slots;
            PathSubscription[] subscriptions;
            lock (_gate)
            {
                slots = _views.Values.ToArray();
                subscriptions = _subscriptions.ToArray();
                if (reconcile)
                {
                    Array.ForEach(slots, s => s.View.BeginReconcile());
                }

                Volatile.Write(ref _active, path);
                Volatile.Write(ref _lane, lane);
                _ownState = CompatConnectionState.Disconnected;
            }

            foreach (var slot in slots)
            {
                slot.Rebind(path, lane);
            }

            if (reconcile && old == lane)
            {
                Array.ForEach(slots, s => s.View.EndReconcile()); // Adapters only: every row was re-mapped in this frame.
            }
            else if (reconcile)
            {
                applied = Task.WhenAll(subscriptions.Select(s => s.AppliedOn(lane)));
            }

            if (from is not null)
            {
                Log.PathSwitched(_logger, from.Name, path.Name, selection.Choice, old == lane ? "adapters only, at a frame boundary" : "reconnect");
                var state = State;
                Emit(new StateChange(state, state, StateChangeReason.PathSwitched));
            }
        }).ConfigureAwait(false);

        if (applied is not null)
        {
            _ = EndReconcileWhenAppliedAsync(applied);
        }

        if (old is not null && old != lane)
        {
            await old.Client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }

        if (old != lane || lane.Client.State is CompatConnectionState.Disconnected or CompatConnectionState.Faulted)
        {
            await lane.Client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EndReconcileWhenAppliedAsync(Task applied)
    {
        try
        {
            await applied.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A refused subscription is reported on its own task; the views still settle.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _work.Enqueue(() =>
        {
            IViewSlot[] slots;
            lock (_gate)
            {
                slots = _views.Values.ToArray();
            }

            Array.ForEach(slots, s => s.View.EndReconcile());
        });
    }

    /// <summary>Pump: a lane's state changed. Only the lane in use speaks to the app; a client-breaking publish or a reconnect may move the client to another path.</summary>
    private void OnLaneStateChanged(Lane lane, StateChange change)
    {
        if (lane != Volatile.Read(ref _lane))
        {
            return;
        }

        Emit(change);
        if (_paths.Paths.Count < 2)
        {
            return;
        }

        if (change.Current == CompatConnectionState.Faulted && change.Reason == StateChangeReason.BindingsBehind)
        {
            _ = ReselectAsync(); // The circuit's check refused this path: pick another instead of only refusing.
        }
        else if (change.Current == CompatConnectionState.Reconnecting && change.Previous == CompatConnectionState.Connected && _paths.Flag is not null)
        {
            _ = ReselectAsync(); // A reconnect boundary: a changed flag takes effect now.
        }
    }

    private async Task ReselectAsync()
    {
        if (Interlocked.Exchange(ref _reselecting, 1) == 1)
        {
            return;
        }

        try
        {
            var selection = await SelectAsync(null, CancellationToken.None).ConfigureAwait(false);
            if (selection.Path is null || !string.Equals(selection.Path, CurrentPath, StringComparison.OrdinalIgnoreCase))
            {
                await ApplyAsync(selection, CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Reported through StateChanged and the logs; nothing awaits this.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReselectFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _reselecting, 0);
        }
    }

    private async Task<CompatibilityCheckResult> CheckAsync(SchemaPathDefinition path, CancellationToken cancellationToken)
    {
        if (path.Check is null)
        {
            return CompatibilityCheckResult.Compatible(null, "no check configured");
        }

        try
        {
            var context = new CompatibilityCheckContext(CompatibilityCheckTrigger.BeforeRetry, StateChangeReason.Requested, null, 0, path.Driver.Capabilities);
            return await path.Check.CheckAsync(context, cancellationToken).ConfigureAwait(false);
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

    private Task OnPumpAsync(Action action)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Enqueue(() =>
        {
            try
            {
                action();
                done.TrySetResult(true);
            }
#pragma warning disable CA1031 // Handed to the awaiting caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    private static string Describe(IReadOnlyDictionary<string, CompatibilityCheckResult> checks) =>
        string.Join("; ", checks.Select(c => $"{c.Key}: {c.Value.Reason ?? (c.Value.CanConnect ? "compatible" : "incompatible")}"));

    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Information, "Schema path {Path} chosen ({Choice}, flag variant {Variant}): {Reason}")]
        public static partial void PathSelected(ILogger logger, string path, SchemaPathChoice choice, string variant, string reason);

        [LoggerMessage(6002, LogLevel.Warning, "Schema path {Path} chosen as a fallback for {Preferred} (flag variant {Variant}): {Reason}")]
        public static partial void PathFallback(ILogger logger, string path, string preferred, string variant, string reason);

        [LoggerMessage(6003, LogLevel.Error, "No schema path is compatible with its live module (preferred {Preferred}): {Checks}")]
        public static partial void NoCompatiblePath(ILogger logger, string preferred, string checks);

        [LoggerMessage(6004, LogLevel.Information, "Schema path switched {From} -> {To} ({Choice}, {How})")]
        public static partial void PathSwitched(ILogger logger, string from, string to, SchemaPathChoice choice, string how);

        [LoggerMessage(6005, LogLevel.Warning, "The schema-path flag {Flag} names variant {Variant}, which is no declared path; the default path is used")]
        public static partial void UnknownVariant(ILogger logger, string flag, string variant);

        [LoggerMessage(6006, LogLevel.Error, "Re-selecting a schema path failed")]
        public static partial void ReselectFailed(ILogger logger, Exception exception);

        [LoggerMessage(6007, LogLevel.Error, "Schema-path work on the pump failed; the pump continues")]
        public static partial void PathWorkFault(ILogger logger, Exception exception);

        [LoggerMessage(6008, LogLevel.Error, "An app callback ({Callback}) threw; the pump continues")]
        public static partial void CallbackFault(ILogger logger, string callback, Exception exception);
    }
}
