using System;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stdb.Compat.Connection;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Hosting;

/// <summary>Builds the hosted client from the registered driver, options, check, token store, logging and time.</summary>
internal static class StdbCompatClientFactory
{
    public static ICompatClient Create(IServiceProvider services)
    {
        var driver = services.GetService<StdbCompatDriverFactory>()?.Create(services)
            ?? throw new InvalidOperationException("Stdb.Compat has no driver: register the bindings' driver with services.AddStdbCompat().UseDriver<TDriver>().");
        var monitor = services.GetRequiredService<IOptionsMonitor<CompatClientOptions>>();
        var check = services.GetService<ICompatibilityCheck>();
        var tokens = services.GetService<ITokenStore>();
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var reload = new ReloadSignal(monitor);

        CompatResilienceOptions Resilience()
        {
            var resilience = monitor.CurrentValue.Resilience;
            resilience.CompatibilityCheck ??= check;
            resilience.TokenStore ??= tokens;
            return resilience;
        }

        var options = monitor.CurrentValue;
        options.Validate();
        return new CompatClientCore(driver, options, loggers.CreateLogger("Stdb.Compat.CompatClient"), time, Resilience, reload.Token);
    }

    /// <summary>A token cancelled each time the options change, so the pipelines are rebuilt with the new values.</summary>
    private sealed class ReloadSignal
    {
        private CancellationTokenSource _current = new();

        public ReloadSignal(IOptionsMonitor<CompatClientOptions> monitor) => monitor.OnChange(_ =>
        {
            var previous = Interlocked.Exchange(ref _current, new CancellationTokenSource());
            previous.Cancel();
        });

        public CancellationToken Token() => Volatile.Read(ref _current).Token;
    }
}
