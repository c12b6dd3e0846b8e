using System;
using Polly.Timeout;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Lifecycle;

/// <content>
/// How attempts and connections end: a failed attempt goes back to its loop (Polly decides: retry or give up); a
/// lost connection starts the reconnect loop, or opens the compatibility circuit when retrying cannot fix it. What a
/// failure means is the driver's classification (<see cref="DriverFailures"/>), never text parsed here.
/// </content>
internal sealed partial class LifecycleEngine
{
    /// <summary>The current attempt failed before the server accepted the client.</summary>
    internal void FailAttempt(Exception error)
    {
        var driver = _driver;
        TearDownSession($"the connection failed: {_tokens.Redact(error.Message)}");
        var settings = Settings;
        Exception failure = driver is not null && DriverFailures.Classify(driver, error) == DriverFailureKind.ProtocolRefused
            ? new ProtocolMismatchException(driver.Capabilities.SdkMajor, driver.Capabilities.Protocol, _tokens.AnySent, error)
            : new ConnectFailedException($"Could not connect to database '{settings.DatabaseName}' at {settings.ServerUri}: {_tokens.Redact(error.Message)}", error);
        var reason = failure is ProtocolMismatchException ? StateChangeReason.ProtocolMismatch : StateChangeReason.ConnectFailed;
        Log.ConnectFailed(_logger, reason, failure.Message);
        var attempt = _pendingAttempt;
        _pendingAttempt = null;
        if (attempt is not null)
        {
            attempt.TrySetException(failure); // Polly decides, inline: retry (OnRetry) or give up (OnLoopFailed).
            return;
        }

        // No loop owns this attempt (a custom pipeline gave up, or the attempt was abandoned): settle here.
        if (State is CompatConnectionState.Connecting or CompatConnectionState.Reconnecting && _loopKind == LoopKind.None && !_compatibility.IsBreaking)
        {
            EndLoop(failure, reason);
        }
    }

    private void OnLoopFailed(int loopId, Exception failure)
    {
        if (loopId != _loopId || _closed)
        {
            return;
        }

        _loopKind = LoopKind.None;
        _pendingAttempt = null;
        var settings = Settings;
        var error = failure is TimeoutRejectedException timeout
            ? new ConnectFailedException($"Connecting to database '{settings.DatabaseName}' at {settings.ServerUri} timed out.", timeout)
            : failure;
        var reason = error switch
        {
            ProtocolMismatchException => StateChangeReason.ProtocolMismatch,
            ConnectFailedException { InnerException: TimeoutRejectedException } => StateChangeReason.TimedOut,
            OperationCanceledException => StateChangeReason.Requested,
            _ => StateChangeReason.ConnectFailed,
        };
        EndLoop(error, reason);
    }

    private void EndLoop(Exception error, StateChangeReason reason)
    {
        if (State == CompatConnectionState.Reconnecting && !StdbCompatResilience.IsTransient(error) && reason != StateChangeReason.Requested)
        {
            _compatibility.Open(reason, error, Settings.Resilience.Circuit);
            return;
        }

        if (State == CompatConnectionState.Reconnecting)
        {
            Fault(StateChangeReason.RetriesExhausted, new ConnectFailedException($"Reconnecting to database '{Settings.DatabaseName}' gave up after {_attempt} attempt(s): {error.Message}", error));
            return;
        }

        // The initial connect failed: the app gets the error from ConnectAsync.
        EndActivity(error);
        _hooks.OnGaveUp($"the connect failed: {error.Message}");
        var next = error is ConnectFailedException { IsTransient: false } ? CompatConnectionState.Faulted : CompatConnectionState.Disconnected;
        SetState(next, reason, error);
        TakeConnectCompletion()?.TrySetException(error);
    }

    internal void OnDisconnected(Exception? error)
    {
        if (State != CompatConnectionState.Connected)
        {
            FailAttempt(error ?? new ConnectFailedException("The server closed the connection before accepting the client.", null));
            return;
        }

        _compatibility.OnConnectionLost(Settings.Resilience.Circuit);
        var kind = DriverFailures.Classify(_driver!, error);
        var reason = kind switch
        {
            DriverFailureKind.Closed => StateChangeReason.ServerClosed,
            DriverFailureKind.ParseFailure => StateChangeReason.ParseFailure,
            _ => StateChangeReason.ConnectionLost,
        };
        if (reason != StateChangeReason.ParseFailure && _compatibility.BindingsBehind)
        {
            // The last check found the bindings behind the live module (a client-breaking publish): retrying blindly
            // cannot fix that, so this disconnect goes to the compatibility circuit, not the reconnect loop.
            reason = StateChangeReason.BindingsBehind;
        }

        var why = error is null ? "the server closed the connection" : _tokens.Redact(error.Message);
        Log.Disconnected(_logger, reason, why);
        TearDownSession(why);
        var resilience = Settings.Resilience;
        if (!resilience.Reconnect.Enabled)
        {
            _hooks.OnGaveUp(why);
            SetState(CompatConnectionState.Disconnected, reason, error);
            return;
        }

        _lostAt = _time.GetTimestamp();
        _attempt = 0;
        _unstableDrops = _time.GetElapsedTime(_connectedAt) >= resilience.Reconnect.StablePeriod ? 1 : _unstableDrops + 1;
        if (reason is StateChangeReason.ParseFailure or StateChangeReason.BindingsBehind)
        {
            SetState(CompatConnectionState.Reconnecting, reason, error);
            _compatibility.Open(reason, error, resilience.Circuit);
            return;
        }

        // A server that accepts and then drops gets growing waits until a connection stays up for StablePeriod.
        var delay = resilience.Reconnect.UnstableBackoff(_unstableDrops, _jitter.NextDouble());
        SetState(CompatConnectionState.Reconnecting, reason, error, delay);
        if (kind == DriverFailureKind.Closed)
        {
            // Suspect: 2.x reports a message it cannot decode (a client-breaking publish) as a normal close. Check the
            // schema before the next attempt rather than reconnect blindly into the same failure.
            _pendingBackoff = delay;
            if (_compatibility.CheckSuspectClose(reason))
            {
                return;
            }

            _pendingBackoff = TimeSpan.Zero;
        }

        StartReconnectAfter(delay);
    }
}
