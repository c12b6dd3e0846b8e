using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Hosting;

/// <summary>The hosted pump (configuration section <c>Stdb:Host</c>).</summary>
public sealed class StdbCompatHostOptions
{
    /// <summary>How often the pump calls <c>FrameTick</c>, per second. Default 60.</summary>
    public int FramesPerSecond { get; set; } = HostDefaults.FramesPerSecond;

    /// <summary>Connect when the host starts (in the background; failures are logged and retried by the connect pipeline). Default true.</summary>
    public bool ConnectOnStart { get; set; } = true;
}

internal static class HostDefaults
{
    public const int FramesPerSecond = 60;
}

/// <summary>Validates the client options at start, naming the configuration key that is wrong.</summary>
internal sealed class CompatClientOptionsValidator : IValidateOptions<CompatClientOptions>
{
    private readonly string _section;
    private readonly IConfiguration? _configuration;

    public CompatClientOptionsValidator(StdbCompatMarker marker, IConfiguration? configuration = null)
    {
        _section = marker.Section;
        _configuration = configuration;
    }

    public ValidateOptionsResult Validate(string? name, CompatClientOptions options)
    {
        if (_configuration is not null && StdbCompatConfiguration.InvalidUri(_configuration.GetSection(_section)) is { } raw)
        {
            return ValidateOptionsResult.Fail($"{_section}:ServerUri '{raw}' is not a URI.");
        }

        try
        {
            options.Validate(_section, ":");
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}

/// <summary>Validates the host options at start.</summary>
internal sealed class StdbCompatHostOptionsValidator : IValidateOptions<StdbCompatHostOptions>
{
    private readonly string _section;

    public StdbCompatHostOptionsValidator(StdbCompatMarker marker) => _section = marker.Section;

    public ValidateOptionsResult Validate(string? name, StdbCompatHostOptions options) =>
        options.FramesPerSecond is < 1 or > 1000
            ? ValidateOptionsResult.Fail($"{_section}:Host:FramesPerSecond must be between 1 and 1000; got {options.FramesPerSecond}.")
            : ValidateOptionsResult.Success;
}
