using System.Collections.Generic;

namespace Stdb.Compat.Driver;

/// <summary>
/// The port between Stdb.Compat and one generation of SpacetimeDB bindings. Implemented by the driver the
/// Stdb.Compat source generator emits for the app's <c>DbConnection</c>, or by <c>SimulatedDriver</c> in tests.
/// </summary>
public interface IConnectionDriver
{
    /// <summary>What these bindings and their SDK can do.</summary>
    DriverCapabilities Capabilities { get; }

    /// <summary>Every table the bindings know, in the bindings' order.</summary>
    IReadOnlyList<DriverTable> Tables { get; }

    /// <summary>Every reducer the bindings know.</summary>
    IReadOnlyList<DriverReducer> Reducers { get; }

    /// <summary>Builds a new connection and starts connecting. Callbacks arrive during <see cref="IDriverSession.FrameTick"/>.</summary>
    IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener);
}
