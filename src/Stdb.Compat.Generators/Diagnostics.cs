using Microsoft.CodeAnalysis;

namespace Stdb.Compat.Generators;

/// <summary>The generator's diagnostics; each id has a page under docs/diagnostics/.</summary>
internal static class Diagnostics
{
    private const string Category = "Stdb.Compat.Generators";

    /// <summary>Where the diagnostic pages (docs/diagnostics/STDBCnnnn.md) are published; each descriptor's help link is this plus its id.</summary>
    public const string HelpLinkBase = "https://github.com/stdb-compat/Stdb.Compat/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor NotADbConnection = Error(
        "STDBC0001",
        "Driver target is not a SpacetimeDB DbConnection",
        "'{0}' cannot be bound by driver '{1}': expected a generated DbConnection deriving from SpacetimeDB.DbConnectionBase<,,>, found {2}");

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "STDBC0002",
        "Driver class must be partial",
        "Driver class '{0}' must be declared 'partial' so the generator can add its implementation");

    public static readonly DiagnosticDescriptor UnsupportedShape = Error(
        "STDBC0003",
        "Unsupported or ambiguous bindings shape",
        "Cannot bind '{0}' for driver '{1}': expected {2}, found {3}");

    public static readonly DiagnosticDescriptor DuplicateDriver = Error(
        "STDBC0004",
        "Duplicate driver for one DbConnection",
        "Driver '{0}' binds '{1}', which driver '{2}' already binds; keep one driver per DbConnection");

    public static readonly DiagnosticDescriptor InvalidDriverClass = Error(
        "STDBC0005",
        "Driver class cannot be generated",
        "Driver class '{0}' must be a top-level, non-generic, non-static class; it is {1}");

    public static readonly DiagnosticDescriptor WireNameUnreadable = Error(
        "STDBC0006",
        "Wire name cannot be read from the bindings",
        "Cannot read the wire name of {0} '{1}': expected '{2}' to return a constant string in source of this compilation, found {3}");

    public static readonly DiagnosticDescriptor UnmappedType = Warning(
        "STDBC0007",
        "Type has no SpacetimeDB algebraic type",
        "The type '{0}' of {1} has no known SpacetimeDB algebraic type; the schema manifest records it as an empty product and drift checks on it are unreliable");

    public static readonly DiagnosticDescriptor MetadataNotUnderstood = Warning(
        "STDBC0008",
        "Bindings metadata not understood",
        "The bindings' {0} '{1}' is not understood ({2}); the driver does not need it at run time, so it is recorded as an 'unknown' manifest entry and left out of drift checks");

    /// <summary>Every descriptor, in id order.</summary>
    public static readonly DiagnosticDescriptor[] All =
    {
        NotADbConnection, NotPartial, UnsupportedShape, DuplicateDriver, InvalidDriverClass, WireNameUnreadable, UnmappedType, MetadataNotUnderstood,
    };

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "STDBC0001" => NotADbConnection,
        "STDBC0002" => NotPartial,
        "STDBC0003" => UnsupportedShape,
        "STDBC0004" => DuplicateDriver,
        "STDBC0005" => InvalidDriverClass,
        "STDBC0006" => WireNameUnreadable,
        "STDBC0008" => MetadataNotUnderstood,
        _ => UnmappedType,
    };

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: "See docs/diagnostics/" + id + ".md.", helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: "See docs/diagnostics/" + id + ".md.", helpLinkUri: HelpLinkBase + id + ".md");
}
