using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Hosting;

/// <summary>Registers Stdb.Compat in a service collection.</summary>
public static class StdbCompatServiceCollectionExtensions
{
    /// <summary>The configuration section bound by default.</summary>
    public const string DefaultSection = "Stdb";

    /// <summary>
    /// Adds the client (<see cref="ICompatClient"/>), options bound from the configuration section
    /// <paramref name="configSectionPath"/> (and <c>{section}:Host</c>) validated at start, a hosted service that owns
    /// the client and runs its frame pump, and <see cref="StdbCompatHealthCheck"/>. Idempotent: a second call adds nothing.
    /// Register the bindings' driver with <see cref="StdbCompatBuilderExtensions.UseDriver{TDriver}"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configSectionPath">The configuration section, <c>Stdb</c> by default.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IStdbCompatBuilder AddStdbCompat(this IServiceCollection services, string configSectionPath = DefaultSection)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (string.IsNullOrWhiteSpace(configSectionPath))
        {
            throw new ArgumentException("A configuration section is required.", nameof(configSectionPath));
        }

        var builder = new StdbCompatBuilder(services);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(StdbCompatMarker))
            {
                return builder;
            }
        }

        services.AddSingleton(new StdbCompatMarker(configSectionPath));
        // The options type binds itself (source-generated binder). It is validated when the client is created (at
        // host start) and again for each reload, by the client's snapshot source, which keeps the previous snapshot
        // when a reload is invalid instead of failing the reload.
        services.AddOptions<CompatClientOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(configSectionPath).Bind(options));
        services.AddOptions<StdbCompatHostOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(configSectionPath + ":Host").Bind(options))
            .ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<CompatClientOptions>>(sp =>
            new ConfigurationChangeTokenSource<CompatClientOptions>(Options.DefaultName, sp.GetRequiredService<IConfiguration>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StdbCompatHostOptions>, StdbCompatHostOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICompatClient>(static sp => StdbCompatClientFactory.Create(sp));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StdbCompatHostedService>());
        services.TryAddSingleton<StdbCompatHealthCheck>();
        return builder;
    }

    /// <summary>Adds Stdb.Compat (see <see cref="AddStdbCompat(IServiceCollection, string)"/>) and configures the client options in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Applied after configuration binding.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IStdbCompatBuilder AddStdbCompat(this IServiceCollection services, Action<CompatClientOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var builder = services.AddStdbCompat();
        return builder.ConfigureClient(configure);
    }
}

/// <summary>Further configuration of Stdb.Compat in a service collection.</summary>
public interface IStdbCompatBuilder
{
    /// <summary>The services.</summary>
    IServiceCollection Services { get; }
}

internal sealed class StdbCompatBuilder : IStdbCompatBuilder
{
    public StdbCompatBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }
}

/// <summary>Marks that Stdb.Compat is registered (keeps AddStdbCompat idempotent).</summary>
internal sealed class StdbCompatMarker
{
    public StdbCompatMarker(string section) => Section = section;

    public string Section { get; }
}
