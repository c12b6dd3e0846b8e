using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Hosting;

/// <summary>Configures Stdb.Compat's services.</summary>
public static class StdbCompatBuilderExtensions
{
    /// <summary>Uses <typeparamref name="TDriver"/> (the driver generated for the app's bindings) for the client.</summary>
    public static IStdbCompatBuilder UseDriver<TDriver>(this IStdbCompatBuilder builder)
        where TDriver : class, IConnectionDriver
    {
        Check(builder).Services.TryAddSingleton<TDriver>();
        return builder.UseDriver(static sp => sp.GetRequiredService<TDriver>());
    }

    /// <summary>Uses the driver the factory returns for the client. The last registration wins.</summary>
    public static IStdbCompatBuilder UseDriver(this IStdbCompatBuilder builder, Func<IServiceProvider, IConnectionDriver> factory)
    {
        Check(builder).Services.RemoveAll<StdbCompatDriverFactory>();
        builder.Services.AddSingleton(new StdbCompatDriverFactory(factory ?? throw new ArgumentNullException(nameof(factory))));
        return builder;
    }

    /// <summary>Uses <typeparamref name="TCheck"/> as the compatibility circuit's check (and at every connect).</summary>
    public static IStdbCompatBuilder UseCompatibilityCheck<TCheck>(this IStdbCompatBuilder builder)
        where TCheck : class, ICompatibilityCheck
    {
        Check(builder).Services.RemoveAll<ICompatibilityCheck>();
        builder.Services.AddSingleton<ICompatibilityCheck, TCheck>();
        return builder;
    }

    /// <summary>Uses the check the factory returns, e.g. <c>sp => CompatibilityChecks.FromSchemaChecker(...)</c>.</summary>
    public static IStdbCompatBuilder UseCompatibilityCheck(this IStdbCompatBuilder builder, Func<IServiceProvider, ICompatibilityCheck> factory)
    {
        Check(builder).Services.RemoveAll<ICompatibilityCheck>();
        builder.Services.AddSingleton(factory ?? throw new ArgumentNullException(nameof(factory)));
        return builder;
    }

    /// <summary>Keeps the auth token in <typeparamref name="TStore"/> so the identity survives restarts.</summary>
    public static IStdbCompatBuilder UseTokenStore<TStore>(this IStdbCompatBuilder builder)
        where TStore : class, ITokenStore
    {
        Check(builder).Services.RemoveAll<ITokenStore>();
        builder.Services.AddSingleton<ITokenStore, TStore>();
        return builder;
    }

    /// <summary>Uses the pipelines the provider has (keys in <see cref="StdbCompatPipelineKeys"/>) instead of the standard preset's.</summary>
    public static IStdbCompatBuilder UsePipelines(this IStdbCompatBuilder builder, Func<IServiceProvider, Polly.Registry.ResiliencePipelineProvider<string>> factory)
    {
        Check(builder).Services.RemoveAll<StdbCompatPipelines>();
        builder.Services.AddSingleton(new StdbCompatPipelines(factory ?? throw new ArgumentNullException(nameof(factory))));
        return builder;
    }

    /// <summary>Declares event streams of the client (<c>client.Events&lt;T&gt;()</c>). May be called more than once.</summary>
    public static IStdbCompatBuilder AddEvents(this IStdbCompatBuilder builder, Action<Events.EventStreamRegistry> configure)
    {
        Check(builder).Services.AddSingleton(new StdbCompatEventDeclarations(configure ?? throw new ArgumentNullException(nameof(configure))));
        return builder;
    }

    /// <summary>Configures the client options (values) in code, after configuration binding.</summary>
    public static IStdbCompatBuilder ConfigureClient(this IStdbCompatBuilder builder, Action<CompatClientOptions> configure)
    {
        Check(builder).Services.Configure(configure ?? throw new ArgumentNullException(nameof(configure)));
        return builder;
    }

    /// <summary>Configures the hosted pump in code, after configuration binding.</summary>
    public static IStdbCompatBuilder ConfigureHost(this IStdbCompatBuilder builder, Action<StdbCompatHostOptions> configure)
    {
        Check(builder).Services.Configure(configure ?? throw new ArgumentNullException(nameof(configure)));
        return builder;
    }

    private static IStdbCompatBuilder Check(IStdbCompatBuilder builder) => builder ?? throw new ArgumentNullException(nameof(builder));
}

/// <summary>The app's driver registration.</summary>
internal sealed class StdbCompatDriverFactory
{
    public StdbCompatDriverFactory(Func<IServiceProvider, IConnectionDriver> create) => Create = create;

    public Func<IServiceProvider, IConnectionDriver> Create { get; }
}
