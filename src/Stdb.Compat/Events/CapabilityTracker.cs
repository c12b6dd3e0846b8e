using System.Collections.Generic;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Events;

/// <summary>Which capabilities work on the current connection: starts from the driver's record, then degrades on evidence.</summary>
internal sealed class CapabilityTracker
{
    private readonly object _gate = new();
    private readonly Dictionary<CompatCapability, string?> _missing = new();

    public void Reset(DriverCapabilities capabilities, bool lightModeRequested)
    {
        lock (_gate)
        {
            _missing.Clear();
            var major = capabilities.SdkMajor;
            Set(CompatCapability.EventTables, capabilities.EventTables, $"SpacetimeDB C# SDK {major}.x bindings have no event tables (they arrived with SDK 2.0)");
            Set(
                CompatCapability.OtherClientReducerCallbacks,
                capabilities.ReducerCallbacksForOtherClients && !lightModeRequested,
                !capabilities.ReducerCallbacksForOtherClients
                    ? $"SDK {major}.x delivers reducer callbacks only to the caller; other clients' actions arrive as Event.Transaction"
                    : "light mode was requested: other clients' transactions arrive as UnknownTransaction without reducer details");
            Set(CompatCapability.LightMode, capabilities.LightMode, $"SDK {major}.x accepts WithLightMode but ignores it");
            Set(CompatCapability.ConfirmedReads, capabilities.ConfirmedReads, "these bindings' SDK has no WithConfirmedReads (added in 1.9)");
            Set(CompatCapability.TypedQueries, capabilities.TypedQueries, "these bindings have no typed query builder");
            Set(CompatCapability.ReducerFlags, capabilities.ReducerFlags, $"SDK {major}.x has no per-reducer call flags");
        }
    }

    public bool IsAvailable(CompatCapability capability)
    {
        lock (_gate)
        {
            return !_missing.ContainsKey(capability);
        }
    }

    public string ReasonFor(CompatCapability capability)
    {
        lock (_gate)
        {
            return _missing.TryGetValue(capability, out var reason) ? reason ?? "unavailable" : "available";
        }
    }

    /// <summary>Marks a capability missing because the server showed it does not provide it. True when it changed.</summary>
    public bool Degrade(CompatCapability capability, string reason)
    {
        lock (_gate)
        {
            if (_missing.ContainsKey(capability))
            {
                return false;
            }

            _missing[capability] = reason;
            return true;
        }
    }

    public IReadOnlyList<CapabilityStatus> Snapshot()
    {
        lock (_gate)
        {
            var list = new List<CapabilityStatus>();
            for (var c = CompatCapability.EventTables; c <= CompatCapability.ReducerFlags; c++)
            {
                list.Add(_missing.TryGetValue(c, out var reason) ? new CapabilityStatus(c, false, reason) : new CapabilityStatus(c, true, null));
            }

            return list;
        }
    }

    private void Set(CompatCapability capability, bool available, string reason)
    {
        if (!available)
        {
            _missing[capability] = reason;
        }
    }
}
