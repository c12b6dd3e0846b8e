namespace Stdb.Compat;

/// <summary>Whether one capability is available on the current connection, and why not.</summary>
/// <param name="Capability">The capability.</param>
/// <param name="IsAvailable">True when it can be used.</param>
/// <param name="Reason">Why it is missing (null when available).</param>
public sealed record CapabilityStatus(CompatCapability Capability, bool IsAvailable, string? Reason);
