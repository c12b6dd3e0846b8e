using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Flags;

namespace Stdb.Compat.Hosting;

/// <summary>Schema paths in DI: <c>services.AddStdbCompat().AddSchemaPath&lt;V1Driver&gt;("v1", ...).AddSchemaPath&lt;V2Driver&gt;("v2", ...).SelectPathByFeatureFlag("Stdb.SchemaPath")</c>.</summary>
public static class StdbCompatSchemaPathBuilderExtensions
{
    /// <summary>
    /// Adds a schema path over the driver <typeparamref name="TDriver"/> (registered as a singleton if it is not yet).
    /// Declare paths oldest first; with paths declared, <see cref="ICompatClient"/> (and <see cref="ISchemaPathClient"/>)
    /// is the path router and <c>UseDriver</c> is not needed.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The path's name: the flag variant that selects it.</param>
    /// <param name="configure">Its adapters, target and check.</param>
    public static IStdbCompatBuilder AddSchemaPath<TDriver>(this IStdbCompatBuilder builder, string name, Action<SchemaPathBuilder>? configure = null)
        where TDriver : class, IConnectionDriver
    {
        Require(builder).Services.TryAddSingleton<TDriver>();
        return builder.AddSchemaPath(name, static sp => sp.GetRequiredService<TDriver>(), configure is null ? null : (_, p) => configure(p));
    }

    /// <summary>Adds a schema path whose driver and adapters come from the container.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The path's name: the flag variant that selects it.</param>
    /// <param name="driver">Creates the path's driver.</param>
    /// <param name="configure">Its adapters, target and check (e.g. a check built from services).</param>
    public static IStdbCompatBuilder AddSchemaPath(this IStdbCompatBuilder builder, string name, Func<IServiceProvider, IConnectionDriver> driver, Action<IServiceProvider, SchemaPathBuilder>? configure = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A schema path needs a name.", nameof(name));
        }

        Require(builder).Services.AddSingleton(new SchemaPathRegistration(name, driver ?? throw new ArgumentNullException(nameof(driver)), configure));
        builder.Services.TryAddSingleton<ISchemaPathClient>(static sp => (ISchemaPathClient)sp.GetRequiredService<ICompatClient>());
        return builder;
    }

    /// <summary>
    /// Prefers the path named by a Microsoft.FeatureManagement variant of <paramref name="flagName"/>, read once per
    /// connection attempt: through the host's <c>IVariantFeatureManager</c> (and its targeting context) when the app
    /// registered feature management, otherwise from the Stdb configuration section's own <c>feature_management</c>
    /// (or <c>FeatureManagement</c>) section. A variant that names no declared path is a start-up error.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="flagName">The feature flag; its variant names are path names.</param>
    /// <param name="defaultPath">The path when the flag names none; null means the newest.</param>
    /// <param name="whenEnabled">
    /// For a flag without variants (the .NET <c>FeatureManagement</c> schema has none): the path used while the flag is
    /// enabled, e.g. by a <c>Microsoft.Percentage</c> filter; <paramref name="defaultPath"/> otherwise.
    /// </param>
    public static IStdbCompatBuilder SelectPathByFeatureFlag(this IStdbCompatBuilder builder, string flagName, string? defaultPath = null, string? whenEnabled = null)
    {
        if (string.IsNullOrWhiteSpace(flagName))
        {
            throw new ArgumentException("Name the feature flag.", nameof(flagName));
        }

        Require(builder).Services.Replace(ServiceDescriptor.Singleton(new SchemaPathFlagRegistration(flagName, defaultPath, null) { WhenEnabled = whenEnabled }));
        return builder;
    }

    /// <summary>Prefers the path named by a custom flag (read once per connection attempt).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="flag">Creates the flag.</param>
    /// <param name="defaultPath">The path when the flag names none; null means the newest.</param>
    public static IStdbCompatBuilder UseSchemaPathFlag(this IStdbCompatBuilder builder, Func<IServiceProvider, ISchemaPathFlag> flag, string? defaultPath = null)
    {
        Require(builder).Services.Replace(ServiceDescriptor.Singleton(new SchemaPathFlagRegistration(null, defaultPath, flag ?? throw new ArgumentNullException(nameof(flag)))));
        return builder;
    }

    private static IStdbCompatBuilder Require(IStdbCompatBuilder builder) => builder ?? throw new ArgumentNullException(nameof(builder));
}

/// <summary>One <c>AddSchemaPath</c> call.</summary>
internal sealed record SchemaPathRegistration(string Name, Func<IServiceProvider, IConnectionDriver> Driver, Action<IServiceProvider, SchemaPathBuilder>? Configure);

/// <summary>How the preferred path is read.</summary>
internal sealed record SchemaPathFlagRegistration(string? FlagName, string? DefaultPath, Func<IServiceProvider, ISchemaPathFlag>? Custom)
{
    public string? WhenEnabled { get; init; }
}
