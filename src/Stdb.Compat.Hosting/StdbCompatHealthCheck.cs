using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stdb.Compat.Connection;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Hosting;

/// <summary>
/// Reports the connection and compatibility state: Healthy when connected with the circuit closed and bindings that
/// match; Degraded while (re)connecting or when the bindings are behind the live module; Unhealthy when disconnected,
/// faulted or closed. Register it with <c>services.AddHealthChecks().AddCheck&lt;StdbCompatHealthCheck&gt;("stdb")</c>.
/// </summary>
public sealed class StdbCompatHealthCheck : IHealthCheck
{
    private readonly ICompatClient _client;

    /// <summary>Creates the check.</summary>
    public StdbCompatHealthCheck(ICompatClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = _client.State;
        var circuit = _client.CompatibilityCircuit;
        var compatibility = _client.Compatibility;
        var check = compatibility?.Result;
        var data = new Dictionary<string, object>
        {
            ["state"] = state.ToString(),
            ["circuit"] = circuit.ToString(),
        };
        if (compatibility?.Verdict is { } verdict)
        {
            data["schema"] = verdict.ToString();
        }

        if (compatibility is { UndecodableTables.Count: > 0 })
        {
            data["undecodable_tables"] = string.Join(",", compatibility.UndecodableTables);
        }

        HealthCheckResult result = state switch
        {
            CompatConnectionState.Connected when check is { CanConnect: false } => HealthCheckResult.Degraded($"Connected, but the bindings do not match the live module: {check.Reason}", data: data),
            CompatConnectionState.Connected when compatibility is { UndecodableTables.Count: > 0 } => HealthCheckResult.Degraded($"Connected, but table(s) {string.Join(", ", compatibility.UndecodableTables)} no longer decode and are not subscribed.", data: data),
            CompatConnectionState.Connected => HealthCheckResult.Healthy("Connected.", data),
            CompatConnectionState.Connecting => HealthCheckResult.Degraded("Connecting.", data: data),
            CompatConnectionState.Reconnecting when circuit != CompatibilityCircuitState.Closed => HealthCheckResult.Degraded($"Reconnecting; the compatibility circuit is {circuit}.", data: data),
            CompatConnectionState.Reconnecting => HealthCheckResult.Degraded("Reconnecting.", data: data),
            _ => new HealthCheckResult(context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy, $"The client is {state}.", data: data),
        };
        return Task.FromResult(result);
    }
}
