namespace Stdb.Compat.Cli.Manifests;

/// <summary>Why <c>stdb-compat manifest</c> could not write a manifest; each maps to an exit code (docs/cli.md).</summary>
internal enum ManifestExtractionFailure
{
    /// <summary>The assembly file does not exist or cannot be read (exit 3).</summary>
    FileNotFound,

    /// <summary>The file is not a .NET assembly (exit 3).</summary>
    NotAnAssembly,

    /// <summary>No generated driver (<c>IBindingsManifestSource</c>) in the assembly, or none named by <c>--driver</c> (exit 4).</summary>
    NoDriver,

    /// <summary>Several generated drivers and no <c>--driver</c> to choose one (exit 5).</summary>
    AmbiguousDriver,

    /// <summary>The driver was found but building or writing its manifest threw (exit 6).</summary>
    ManifestFailed,
}
