using System;

namespace Stdb.Compat.Driver;

/// <summary>
/// Marks a <c>partial</c> class as the Stdb.Compat driver for one generated SpacetimeDB <c>DbConnection</c>. The
/// Stdb.Compat source generator (shipped in this package) emits the rest of the class at compile time: the
/// <see cref="IConnectionDriver"/> implementation, the table and reducer descriptors and the bindings' schema manifest
/// (<see cref="IBindingsManifestSource"/>). No reflection is used at run time.
/// </summary>
/// <example><code>[StdbCompatDriver(typeof(SpacetimeDB.Types.DbConnection))]
/// public sealed partial class GameDriver { }</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StdbCompatDriverAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="connectionType">The generated <c>DbConnection</c> type (derives from <c>SpacetimeDB.DbConnectionBase&lt;,,&gt;</c>).</param>
    public StdbCompatDriverAttribute(Type connectionType)
    {
        ConnectionType = connectionType;
    }

    /// <summary>The generated <c>DbConnection</c> type the driver binds.</summary>
    public Type ConnectionType { get; }
}
