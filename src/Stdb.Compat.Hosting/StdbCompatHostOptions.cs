using System;
using Microsoft.Extensions.Options;

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
