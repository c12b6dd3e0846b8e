// The driver port implementation for these bindings (v2 module, SpacetimeDB C# SDK 2.8 shape) is emitted by Stdb.Compat.Generators.
using SpacetimeDB.Types;
using Stdb.Compat.Driver;

namespace Game;

/// <summary>Driver over <c>SpacetimeDB.Types.DbConnection</c>.</summary>
[StdbCompatDriver(typeof(DbConnection))]
public sealed partial class GameDriver
{
}
