using System;

namespace Stdb.Compat.Testing.Server;

/// <summary>Options of a <see cref="SimulatedServer"/>.</summary>
public sealed class SimulatedServerOptions
{
    /// <summary>The server version, e.g. <c>"1.12.0"</c> or <c>"2.8.3"</c>; the major decides protocol behaviour. Default <c>"2.8.3"</c>.</summary>
    public string Version { get; init; } = SimulatedServerDefaults.Version;

    /// <summary>Source of reducer timestamps. Default <see cref="TimeProvider.System"/>; tests should pass a fake.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Seed for the identities and tokens the server issues, so runs are deterministic. Default 7.</summary>
    public int Seed { get; init; } = SimulatedServerDefaults.Seed;

    /// <summary>Energy reported in every v1 <c>TransactionUpdate</c>. Default 1000.</summary>
    public ulong EnergyPerCall { get; init; } = SimulatedServerDefaults.EnergyPerCall;
}

/// <summary>Defaults of <see cref="SimulatedServerOptions"/>.</summary>
internal static class SimulatedServerDefaults
{
    public const string Version = "2.8.3";
    public const int Seed = 7;
    public const ulong EnergyPerCall = 1000;
}
