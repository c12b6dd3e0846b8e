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

    public static readonly Counter<long> CallbackFaults = Meter.CreateCounter<long>("stdb.compat.callback.faults", description: "Exceptions thrown by app callbacks.");
}
