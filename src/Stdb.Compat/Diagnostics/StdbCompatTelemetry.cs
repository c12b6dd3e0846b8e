using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stdb.Compat.Diagnostics;

/// <summary>The one <see cref="Meter"/> and <see cref="ActivitySource"/> of Stdb.Compat, both named "Stdb.Compat".</summary>
internal static class StdbCompatTelemetry
{
    public const string Name = "Stdb.Compat";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(StdbCompatTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(StdbCompatTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> ConnectAttempts = Meter.CreateCounter<long>("stdb.compat.connect.attempts", description: "Connection attempts.");

    public static readonly Counter<long> ReducerOutcomes = Meter.CreateCounter<long>("stdb.compat.reducer.outcomes", description: "Reducer call outcomes by kind.");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("stdb.compat.reconnects", description: "Successful reconnects.");

    public static readonly Histogram<double> ReconnectDuration = Meter.CreateHistogram<double>("stdb.compat.reconnect.duration", unit: "s", description: "Time from losing the connection to being connected again.");

    public static readonly Counter<long> StateChanges = Meter.CreateCounter<long>("stdb.compat.state.changes", description: "Lifecycle state changes by state and reason.");

    public static readonly UpDownCounter<long> CircuitOpen = Meter.CreateUpDownCounter<long>("stdb.compat.circuit.open", description: "Clients whose compatibility circuit is not closed.");

    public static readonly Counter<long> CircuitTransitions = Meter.CreateCounter<long>("stdb.compat.circuit.transitions", description: "Compatibility circuit transitions by new state.");

    public static readonly Counter<long> ReducerRetries = Meter.CreateCounter<long>("stdb.compat.reducer.retries", description: "Retries of idempotent reducer calls.");

    public static readonly Counter<long> QueuedCalls = Meter.CreateCounter<long>("stdb.compat.reducer.queued", description: "Reducer calls queued while (re)connecting.");

    public static readonly Counter<long> CallbackFaults = Meter.CreateCounter<long>("stdb.compat.callback.faults", description: "Exceptions thrown by app callbacks.");

    /// <summary>Schema-path selections (once per connection attempt) by path, choice and flag variant.</summary>
    public static readonly Counter<long> PathSelections = Meter.CreateCounter<long>("stdb.compat.path.selections", description: "Schema-path selections by path, choice and flag variant.");
}
