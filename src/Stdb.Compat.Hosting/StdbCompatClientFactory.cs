using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Hosting;

/// <summary>Builds the hosted client from the registered driver, options, services, logging and time.</summary>
internal static class StdbCompatClientFactory
{
    public static ICompatClient Create(IServiceProvider services)
    {
        if (SchemaPathHosting.TryCreate(services) is { } paths)
        {
            return paths;
        }

        var driver = services.GetService<StdbCompatDriverFactory>()?.Create(services)
            ?? throw new InvalidOperationException("Stdb.Compat has no driver: register the bindings' driver with services.AddStdbCompat().UseDriver<TDriver>().");
        var marker = services.GetRequiredService<StdbCompatMarker>();
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("Stdb.Compat.CompatClient");
        var snapshots = new MonitoredSnapshotSource(services.GetRequiredService<IOptionsMonitor<CompatClientOptions>>(), marker.Section, logger);
        var (clientServices, events) = ClientServicesFrom(services);
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        return new CompatClientCore(driver, snapshots, clientServices, events.Declarations.ToArray(), logger, time);
    }

    /// <summary>The client's services and event streams as registered in the container (one client or a path router).</summary>
    public static (ClientServices Services, EventStreamRegistry Events) ClientServicesFrom(IServiceProvider services)
    {
        var clientServices = new ClientServices
        {
            CompatibilityCheck = services.GetService<ICompatibilityCheck>(),
            TokenStore = services.GetService<ITokenStore>(),
            Pipelines = services.GetService<StdbCompatPipelines>()?.Create(services),
        };
        var events = new EventStreamRegistry();
        foreach (var declare in services.GetServices<StdbCompatEventDeclarations>())
        {
            declare.Configure(events);
        }

        return (clientServices, events);
    }
}

/// <summary>The app's pipeline provider registration.</summary>
internal sealed class StdbCompatPipelines
{
    public StdbCompatPipelines(Func<IServiceProvider, ResiliencePipelineProvider<string>> create) => Create = create;

    public Func<IServiceProvider, ResiliencePipelineProvider<string>> Create { get; }
}

/// <summary>One <c>AddEvents</c> call.</summary>
internal sealed class StdbCompatEventDeclarations
{
    public StdbCompatEventDeclarations(Action<EventStreamRegistry> configure) => Configure = configure;

    public Action<EventStreamRegistry> Configure { get; }
}
