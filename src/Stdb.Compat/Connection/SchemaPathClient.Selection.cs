using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Adapters;
using Stdb.Compat.Diagnostics;
using Stdb.Compat.Paths;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Connection;

/// <content>Switching at a boundary (the selection itself is the engine room's <see cref="PathSelector"/>), and the reactions to a lane's state.</content>
internal sealed partial class SchemaPathClient
{
    /// <summary>Pins the selection: nothing when it is the path in use; the adapters only at the next frame when the lane is the same; else a reconnect through the new lane.</summary>
    private async Task ApplyAsync(SchemaPathSelection selection, bool follow, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _selection, selection);
        if (selection.Path is null)
        {
            var error = new ConnectFailedException($"No schema path is compatible with its live module ({PathSelector.Describe(selection.Checks)}).", null, isTransient: false);
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
            var before = State; // what the app saw last: the switch's change starts there, not at the new lane's state
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
                Emit(new StateChange(before, State, StateChangeReason.PathSwitched));
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
            await ConnectLaneAsync(lane, follow, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Connects <paramref name="lane"/>. With <paramref name="follow"/> (the app's own ConnectAsync/SwitchPathAsync), a
    /// failure while a re-selection moved the client to another lane (blue/green fallback after failing connects) is
    /// not the app's failure: the wait follows the lane now in use.
    /// </summary>
    private async Task ConnectLaneAsync(Lane lane, bool follow, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await lane.Client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (follow && !cancellationToken.IsCancellationRequested)
            {
                Task? reselect;
                lock (_gate)
                {
                    reselect = _reselect;
                }

                if (reselect is not null)
                {
                    await reselect.ConfigureAwait(false); // Never throws: failures are logged there.
                }

                var current = Volatile.Read(ref _lane);
                if (current is null || current == lane)
                {
                    throw;
                }

                lane = current;
            }
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

    /// <summary>
    /// Pump: a lane's state changed. Only the lane in use speaks to the app; a client-breaking publish, a reconnect or a
    /// target that keeps failing to connect may move the client to another path.
    /// </summary>
    private void OnLaneStateChanged(Lane lane, StateChange change)
    {
        if (lane != Volatile.Read(ref _lane))
        {
            return;
        }

        if (change.Current is not (CompatConnectionState.Connecting or CompatConnectionState.Connected) || IsFailedConnect(change))
        {
            _fetches?.Forget(); // The attempt that followed the selection failed or ended: its schemas are no longer current.
        }

        Emit(change);
        if (!_selector.HasChoice || Volatile.Read(ref _active) is not { } active)
        {
            return;
        }

        if (change.Current == CompatConnectionState.Connected)
        {
            _selector.OnConnected(active);
        }
        else if (IsFailedConnect(change))
        {
            if (_selector.OnConnectFailed(active, change.Error?.Message ?? change.Reason.ToString()))
            {
                _ = ReselectAsync(); // The target keeps refusing: the next selection passes it over (blue/green).
            }
        }

        if (change.Current == CompatConnectionState.Faulted && change.Reason == StateChangeReason.BindingsBehind)
        {
            _ = ReselectAsync(); // The circuit's check refused this path: pick another instead of only refusing.
        }
        else if (change.Current == CompatConnectionState.Reconnecting && change.Previous == CompatConnectionState.Connected
            && (_paths.Flag is not null || _selector.Health.AnyPassedOver))
        {
            _ = ReselectAsync(); // A reconnect boundary: a changed flag (or a target due for another try) takes effect now.
        }
    }

    /// <summary>One failed connect attempt (initial or reconnect) as the lifecycle reports it.</summary>
    private static bool IsFailedConnect(StateChange change) =>
        change.Previous is CompatConnectionState.Connecting or CompatConnectionState.Reconnecting
        && change.Reason is StateChangeReason.ConnectFailed or StateChangeReason.TimedOut or StateChangeReason.RetriesExhausted;

    /// <summary>Selects again and applies a changed selection; one at a time (a request meanwhile runs once more after).</summary>
    private Task ReselectAsync()
    {
        lock (_gate)
        {
            if (_reselect is { IsCompleted: false } running)
            {
                _reselectAgain = true;
                return running;
            }

            _reselectAgain = false;
            _reselect = RunReselectAsync();
            return _reselect;
        }
    }

    private async Task RunReselectAsync()
    {
        await Task.Yield(); // Never inline in the lane's callback: the selection awaits checks and the pump.
        do
        {
            try
            {
                var selection = await _selector.SelectAsync(null, CancellationToken.None).ConfigureAwait(false);
                if (selection.Path is null || !string.Equals(selection.Path, CurrentPath, StringComparison.OrdinalIgnoreCase))
                {
                    await ApplyAsync(selection, follow: false, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    Volatile.Write(ref _selection, selection); // Same path, e.g. now by the flag rather than as a fallback.
                }
            }
#pragma warning disable CA1031 // Reported through StateChanged and the logs; nothing awaits this.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ReselectFailed(_logger, ex);
            }
        }
        while (TakeAgain());
    }

    private bool TakeAgain()
    {
        lock (_gate)
        {
            var again = _reselectAgain;
            _reselectAgain = false;
            return again;
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

    private static partial class Log
    {
        [LoggerMessage(6004, LogLevel.Information, "Schema path switched {From} -> {To} ({Choice}, {How})")]
        public static partial void PathSwitched(ILogger logger, string from, string to, SchemaPathChoice choice, string how);

        [LoggerMessage(6006, LogLevel.Error, "Re-selecting a schema path failed")]
        public static partial void ReselectFailed(ILogger logger, Exception exception);

        [LoggerMessage(6007, LogLevel.Error, "Schema-path work on the pump failed; the pump continues")]
        public static partial void PathWorkFault(ILogger logger, Exception exception);

        [LoggerMessage(6008, LogLevel.Error, "An app callback ({Callback}) threw; the pump continues")]
        public static partial void CallbackFault(ILogger logger, string callback, Exception exception);
    }
}
