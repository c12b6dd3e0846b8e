using System;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Events;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Connection;

internal sealed partial class CompatClientCore
{
    /// <summary>Source-generated logs. Event ids are stable and documented in docs/diagnostics/logging.md; never log tokens.</summary>
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Connecting to {Uri} database {Database} with SDK {SdkMajor}.x bindings (attempt {Attempt})")]
        public static partial void Connecting(ILogger logger, Uri uri, string database, int sdkMajor, int attempt);

        [LoggerMessage(1002, LogLevel.Information, "Connected as identity {Identity} (connection {ConnectionId})")]
        public static partial void Connected(ILogger logger, string identity, string connectionId);

        [LoggerMessage(1003, LogLevel.Warning, "Connect failed ({Reason}): {Message}")]
        public static partial void ConnectFailed(ILogger logger, StateChangeReason reason, string message);

        [LoggerMessage(1004, LogLevel.Information, "Disconnected ({Reason}): {Message}")]
        public static partial void Disconnected(ILogger logger, StateChangeReason reason, string message);

        [LoggerMessage(1005, LogLevel.Debug, "State {Previous} -> {Current} ({Reason})")]
        public static partial void StateChanged(ILogger logger, CompatConnectionState previous, CompatConnectionState current, StateChangeReason reason);

        [LoggerMessage(1006, LogLevel.Error, "The client is Faulted ({Reason}): {Message}")]
        public static partial void Faulted(ILogger logger, StateChangeReason reason, string message);

        [LoggerMessage(1007, LogLevel.Warning, "The token store failed to {Operation} the token ({ErrorType}); continuing without it")]
        public static partial void TokenStoreFailed(ILogger logger, string operation, string errorType);

        [LoggerMessage(1010, LogLevel.Warning, "Capability {Capability} is not available on this connection: {Reason}")]
        public static partial void CapabilityDegraded(ILogger logger, CompatCapability capability, string reason);

        [LoggerMessage(1011, LogLevel.Information, "Event stream {EventType} uses source {Source} (not used: {Reason})")]
        public static partial void EventSourceSelected(ILogger logger, string eventType, EventSourceKind source, string reason);

        [LoggerMessage(1020, LogLevel.Warning, "Compatibility circuit opened ({Reason}, opening {Openings}); next check in {Delay}")]
        public static partial void CircuitOpened(ILogger logger, StateChangeReason reason, int openings, TimeSpan delay);

        [LoggerMessage(1021, LogLevel.Information, "Compatibility circuit half-open: trying again ({Why})")]
        public static partial void CircuitProbe(ILogger logger, string why);

        [LoggerMessage(1022, LogLevel.Information, "Compatibility check ({Trigger}): can connect {CanConnect} ({Reason})")]
        public static partial void CheckCompleted(ILogger logger, CompatibilityCheckTrigger trigger, bool canConnect, string reason);

        [LoggerMessage(1023, LogLevel.Information, "Compatibility circuit closed after {Openings} opening(s): the subscriptions applied")]
        public static partial void CircuitClosed(ILogger logger, int openings);

        [LoggerMessage(2001, LogLevel.Debug, "A result of reducer {Reducer} arrived for a call not made through Stdb.Compat")]
        public static partial void ResultWithoutCall(ILogger logger, string reducer);

        [LoggerMessage(2002, LogLevel.Information, "The result of call #{CallId} ({Reducer}) arrived after the call had already ended (timed out or cancelled)")]
        public static partial void LateResult(ILogger logger, long callId, string reducer);

        [LoggerMessage(2003, LogLevel.Warning, "{Count} pending reducer call(s) ended as Dropped: {Reason}")]
        public static partial void CallsDropped(ILogger logger, int count, string reason);

        [LoggerMessage(2004, LogLevel.Information, "Idempotent call #{CallId} ({Reducer}) ended {Kind}; retrying in {Delay}")]
        public static partial void ReducerRetry(ILogger logger, long callId, string reducer, ReducerOutcomeKind kind, TimeSpan delay);

        [LoggerMessage(3001, LogLevel.Error, "An app callback ({Callback}) threw; the pump continues")]
        public static partial void CallbackFault(ILogger logger, string callback, Exception exception);

        [LoggerMessage(3002, LogLevel.Error, "Queued work failed; the pump continues")]
        public static partial void QueuedWorkFault(ILogger logger, Exception exception);

        [LoggerMessage(3003, LogLevel.Error, "The SDK's FrameTick let an exception escape; the pump continues")]
        public static partial void SdkFrameTickFault(ILogger logger, Exception exception);

        [LoggerMessage(3004, LogLevel.Warning, "The server refused the subscription [{Queries}]: {Message}")]
        public static partial void SubscriptionFailed(ILogger logger, string queries, string message);
    }
}
