using System.ComponentModel;

namespace Stdb.Compat.Driver;

/// <summary>
/// Transitional: the values of <see cref="Stdb.Compat.WireNamePolicy"/> (which moved to the root namespace so the
/// schema model need not depend on the driver port) under their old name, for drivers generated before the move
/// (they write <c>global::Stdb.Compat.Driver.WireNamePolicy.SnakeCase</c>). New code uses the root enum.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WireNamePolicy
{
    /// <summary><see cref="Stdb.Compat.WireNamePolicy.Declared"/>.</summary>
    public const Stdb.Compat.WireNamePolicy Declared = Stdb.Compat.WireNamePolicy.Declared;

    /// <summary><see cref="Stdb.Compat.WireNamePolicy.SnakeCase"/>.</summary>
    public const Stdb.Compat.WireNamePolicy SnakeCase = Stdb.Compat.WireNamePolicy.SnakeCase;
}
