using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Events;
using Stdb.Compat.Flags;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Hosting;

/// <summary>Builds the schema-path router from the container, validating paths and the flag's variants at start.</summary>
internal static class SchemaPathHosting
{
    /// <summary>The router when paths are declared, else null (the single-driver client).</summary>
    public static ICompatClient? TryCreate(IServiceProvider services)
    {
        var registrations = services.GetServices<SchemaPathRegistration>().ToList();
        if (registrations.Count == 0)
        {
            return null;
        }

        var marker = services.GetRequiredService<StdbCompatMarker>();
        var paths = new SchemaPathOptions();
        foreach (var registration in registrations)
        {
            paths.Add(registration.Name, registration.Driver(services), registration.Configure is null ? null : p => registration.Configure(services, p));
        }

        if (services.GetService<SchemaPathFlagRegistration>() is { } flag)
        {
            paths.DefaultPath = flag.DefaultPath;
            paths.Flag = flag.Custom?.Invoke(services) ?? FeatureFlag(services, flag.FlagName!, flag.WhenEnabled, marker.Section, paths);
        }

        ReadFallbackSettings(services.GetService<IConfiguration>()?.GetSection(marker.Section + ":SchemaPaths"), marker.Section + ":SchemaPaths", paths);
        paths.Validate(marker.Section + ":SchemaPaths");
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var monitor = services.GetRequiredService<IOptionsMonitor<CompatClientOptions>>();
        var logger = loggers.CreateLogger("Stdb.Compat.CompatClient");
        var (clientServices, events) = StdbCompatClientFactory.ClientServicesFrom(services);
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        return SchemaPathClient.Create(paths, () => new MonitoredSnapshotSource(monitor, marker.Section, logger), clientServices, events.Declarations, loggers, time);
    }

    /// <summary>
    /// Blue/green fallback settings from <c>{section}:SchemaPaths</c>: <c>FallbackAfterConnectFailures</c> (an integer) and
    /// <c>RetryPreferredAfter</c> (a TimeSpan, e.g. <c>00:05:00</c>). Absent keys keep the defaults; ranges are checked by
    /// <see cref="SchemaPathOptions.Validate()"/>.
    /// </summary>
    private static void ReadFallbackSettings(IConfigurationSection? section, string key, SchemaPathOptions paths)
    {
        if (section?[nameof(SchemaPathOptions.FallbackAfterConnectFailures)] is { } failures)
        {
            paths.FallbackAfterConnectFailures = int.TryParse(failures, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new InvalidOperationException($"{key}:{nameof(SchemaPathOptions.FallbackAfterConnectFailures)}: '{failures}' is not an integer.");
        }

        if (section?[nameof(SchemaPathOptions.RetryPreferredAfter)] is { } retry)
        {
            paths.RetryPreferredAfter = TimeSpan.TryParse(retry, System.Globalization.CultureInfo.InvariantCulture, out var t)
                ? t
                : throw new InvalidOperationException($"{key}:{nameof(SchemaPathOptions.RetryPreferredAfter)}: '{retry}' is not a TimeSpan (e.g. 00:05:00).");
        }
    }

    /// <summary>The host's variant manager when it registered feature management; otherwise one over our own section.</summary>
    private static ISchemaPathFlag FeatureFlag(IServiceProvider services, string flagName, string? whenEnabled, string section, SchemaPathOptions paths)
    {
        var manager = services.GetService<IVariantFeatureManager>();
        IFeatureDefinitionProvider? definitions;
        string where;
        if (manager is not null)
        {
            definitions = services.GetService<IFeatureDefinitionProvider>();
            where = "the host's feature management";
        }
        else
        {
            var own = new ConfigurationFeatureDefinitionProvider(services.GetRequiredService<IConfiguration>().GetSection(section));
            manager = new FeatureManager(own, new FeatureManagementOptions { IgnoreMissingFeatures = true });
            definitions = own;
            where = section + ":feature_management (or " + section + ":FeatureManagement)";
        }

        // Start-up validation: every variant of the flag must name a declared path.
        var definition = definitions?.GetFeatureDefinitionAsync(flagName).GetAwaiter().GetResult();
        foreach (var variant in definition?.Variants ?? Enumerable.Empty<VariantDefinition>())
        {
            if (paths.Find(variant.Name) is null)
            {
                throw new InvalidOperationException($"{where}: feature flag '{flagName}' has variant '{variant.Name}', which names no schema path (declared: {string.Join(", ", paths.Names)}).");
            }
        }

        if (whenEnabled is not null && paths.Find(whenEnabled) is null)
        {
            throw new InvalidOperationException($"SelectPathByFeatureFlag: whenEnabled '{whenEnabled}' names no schema path (declared: {string.Join(", ", paths.Names)}).");
        }

        return new FeatureManagementFlag(flagName, manager, whenEnabled);
    }

    /// <summary>The schema-path flag as a FeatureManagement variant (the variant's name is the path's name).</summary>
    private sealed class FeatureManagementFlag : ISchemaPathFlag
    {
        private readonly IVariantFeatureManager _manager;
        private readonly string? _whenEnabled;

        public FeatureManagementFlag(string name, IVariantFeatureManager manager, string? whenEnabled)
        {
            Name = name;
            _manager = manager;
            _whenEnabled = whenEnabled;
        }

        public string Name { get; }

        public async ValueTask<string?> GetPreferredPathAsync(CancellationToken cancellationToken = default)
        {
            var variant = await _manager.GetVariantAsync(Name, cancellationToken).ConfigureAwait(false);
            if (variant?.Name is { } name)
            {
                return name;
            }

            // A flag without variants (the .NET schema): on/off picks whenEnabled or the default.
            return _whenEnabled is not null && await _manager.IsEnabledAsync(Name, cancellationToken).ConfigureAwait(false) ? _whenEnabled : null;
        }
    }
}
