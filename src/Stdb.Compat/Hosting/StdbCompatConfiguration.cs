using System;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Hosting;

/// <summary>
/// The data-only shape of the <c>Stdb</c> configuration section, bound by the source-generated binder (no reflection)
/// and copied onto <see cref="CompatClientOptions"/>. Code-only settings (event streams, checks, pipelines, stores)
/// are set with <c>ConfigureClient</c> or the builder's <c>Use*</c> methods.
/// </summary>
internal sealed class StdbCompatConfiguration
{
    public string? ServerUri { get; set; }

    public string? DatabaseName { get; set; }

    public string? Token { get; set; }

    public bool LightMode { get; set; }

    public bool? ConfirmedReads { get; set; }

    public DriverCompression? Compression { get; set; }

    public TimeSpan ReducerTimeout { get; set; } = CompatClientDefaults.ReducerTimeout;

    public ResilienceConfiguration Resilience { get; set; } = new();

    public static void Apply(IConfiguration section, CompatClientOptions options)
    {
        var data = new StdbCompatConfiguration();
        section.Bind(data);
        options.ServerUri = ParseUri(data.ServerUri);
        options.DatabaseName = data.DatabaseName;
        options.Token = data.Token;
        options.LightMode = data.LightMode;
        options.ConfirmedReads = data.ConfirmedReads;
        options.Compression = data.Compression;
        options.ReducerTimeout = data.ReducerTimeout;
        options.Resilience.Connect = data.Resilience.Connect;
        options.Resilience.Reconnect = data.Resilience.Reconnect;
        options.Resilience.Reducers = data.Resilience.Reducers;
        options.Resilience.Circuit = data.Resilience.Circuit;
    }

    /// <summary>The raw text when it is not a URI at all (for the validator's message), else null.</summary>
    public static string? InvalidUri(IConfiguration section)
    {
        var raw = section["ServerUri"];
        return string.IsNullOrWhiteSpace(raw) || Uri.TryCreate(raw, UriKind.RelativeOrAbsolute, out _) ? null : raw;
    }

    private static Uri? ParseUri(string? raw) =>
        !string.IsNullOrWhiteSpace(raw) && Uri.TryCreate(raw, UriKind.RelativeOrAbsolute, out var uri) ? uri : null;
}

/// <summary>The data-only resilience settings (<c>Stdb:Resilience</c>).</summary>
internal sealed class ResilienceConfiguration
{
    public RetryOptions Connect { get; set; } = new();

    public ReconnectOptions Reconnect { get; set; } = new();

    public ReducerResilienceOptions Reducers { get; set; } = new();

    public CompatibilityCircuitOptions Circuit { get; set; } = new();
}
