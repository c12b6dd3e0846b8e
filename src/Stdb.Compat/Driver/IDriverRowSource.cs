using System.Collections.Generic;

namespace Stdb.Compat.Driver;

/// <summary>
/// Optional for an <see cref="IDriverSession"/>: reads the rows the SDK's client cache holds for a table. A session
/// that offers it lets the core keep no second copy of a table's rows until a feature needs one (the app reads the
/// view, or a reconnect reconciles against the previous connection's rows). Call on the pump thread only; the rows
/// stay readable after the session disconnected (the SDK does not clear its cache on disconnect).
/// </summary>
public interface IDriverRowSource
{
    /// <summary>Adds every row of <paramref name="table"/>'s cache to <paramref name="destination"/>.</summary>
    /// <returns>False when the table has no cache in these bindings (an event table, or not one of theirs).</returns>
    bool CopyRows<TRow>(DriverTable<TRow> table, List<TRow> destination)
        where TRow : class;
}
