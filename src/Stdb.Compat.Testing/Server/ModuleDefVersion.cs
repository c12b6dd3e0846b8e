namespace Stdb.Compat.Testing.Server;

/// <summary>Which module definition format a simulated module is published as.</summary>
public enum ModuleDefVersion
{
    /// <summary><c>RawModuleDefV9</c>: SpacetimeDB 1.x modules; names as declared; no event tables.</summary>
    V9 = 9,

    /// <summary><c>RawModuleDefV10</c>: SpacetimeDB 2.x modules; canonical snake_case names; event tables. Needs a 2.x server.</summary>
    V10 = 10,
}
