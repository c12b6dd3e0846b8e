namespace Stdb.Compat.Schema.Compatibility;

/// <summary>
/// Compatibility modes as Confluent Schema Registry defines them, read for SpacetimeDB: the <em>reader</em> is a client
/// built from a schema version's bindings, the <em>writer</em> is a module published with a schema version.
/// </summary>
public enum CompatibilityMode
{
    /// <summary>No check.</summary>
    None = 0,
    /// <summary>Clients built from the new schema work against a module still on the previous schema (upgrade clients first).</summary>
    Backward,
    /// <summary><see cref="Backward"/> against every earlier version.</summary>
    BackwardTransitive,
    /// <summary>Clients built from the previous schema work against the new module (upgrade the module first). The default for live checks.</summary>
    Forward,
    /// <summary><see cref="Forward"/> against every earlier version.</summary>
    ForwardTransitive,
    /// <summary>Both <see cref="Backward"/> and <see cref="Forward"/>.</summary>
    Full,
    /// <summary>Both, against every earlier version.</summary>
    FullTransitive,
}
