namespace Stdb.Compat;

/// <summary>How the bindings name tables, columns and reducers on the wire.</summary>
public enum WireNamePolicy
{
    /// <summary>Names are sent exactly as the module declared them (SpacetimeDB 1.x modules).</summary>
    Declared = 0,

    /// <summary>Names are canonicalised to snake_case (SpacetimeDB 2.x default case-conversion policy).</summary>
    SnakeCase = 1,
}
