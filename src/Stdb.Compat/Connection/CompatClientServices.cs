using System;
using Microsoft.Extensions.Logging;
using Polly.Registry;
using Stdb.Compat.Events;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Connection;

/// <summary>
/// The services and code-only declarations of a client created without DI (<see cref="CompatClient.Create(Driver.IConnectionDriver, CompatClientOptions, CompatClientServices)"/>):
/// everything that is not a value of <see cref="CompatClientOptions"/>. In DI the same come from the container
/// (<c>UseCompatibilityCheck</c>, <c>UseTokenStore</c>, <c>UsePipelines</c>, <c>AddEvents</c>).
/// </summary>
public sealed class CompatClientServices
{
    /// <summary>The event streams the client offers. Default: none.</summary>
    public EventStreamRegistry Events { get; } = new();

    /// <summary>The check run before retrying after a non-transient disconnect, and at every connect (see <see cref="CompatibilityCircuitOptions.CheckOnConnect"/>). Default none.</summary>
    public ICompatibilityCheck? CompatibilityCheck { get; set; }

    /// <summary>Keeps the auth token across runs so the identity stays. Default none: the token lives in memory only.</summary>
    public ITokenStore? TokenStore { get; set; }

    /// <summary>
    /// Where the connect, reconnect and reducer pipelines come from, by the keys in <see cref="StdbCompatPipelineKeys"/>.
    /// Null (the default) uses the standard preset built from the options. A custom connect/reconnect pipeline must
    /// handle <see cref="ConnectFailedException"/> whose <c>IsTransient</c> is true (and <c>TimeoutRejectedException</c>)
    /// and nothing else; a custom reducer pipeline is a <c>ResiliencePipeline&lt;ReducerOutcome&gt;</c>.
    /// </summary>
    public ResiliencePipelineProvider<string>? Pipelines { get; set; }

    /// <summary>Where logs go; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Clock for timeouts and delays; <see cref="System.TimeProvider.System"/> by default.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
