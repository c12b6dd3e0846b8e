using Stdb.Compat.Schema.Manifest;

namespace Stdb.Compat.Driver;

/// <summary>
/// Something that knows the schema manifest of one set of generated bindings. Every driver the Stdb.Compat source
/// generator emits implements it explicitly (the manifest is built as an object graph; <c>BindingsManifestJson.Write</c> gives its JSON).
/// </summary>
public interface IBindingsManifestSource
{
    /// <summary>What the bindings expect of the module: tables, columns, keys, indexes, reducers and wire names.</summary>
    BindingsManifest Manifest { get; }
}
