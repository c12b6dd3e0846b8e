using System;

namespace Stdb.Compat.Schema.Json;

/// <summary>
/// A module-definition or manifest JSON document is malformed or violates the format. <see cref="JsonPath"/> names
/// where, e.g. <c>$.sections[2].Tables[0].product_type_ref</c>. The schema readers throw no other exception type.
/// </summary>
public sealed class SchemaFormatException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public SchemaFormatException()
        : this("$", "Malformed schema JSON.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SchemaFormatException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SchemaFormatException(string message, Exception innerException)
        : this("$", message, innerException)
    {
    }

    /// <summary>Creates the exception for a path.</summary>
    /// <param name="jsonPath">The JSON path of the offending value.</param>
    /// <param name="problem">What is wrong there.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SchemaFormatException(string jsonPath, string problem, Exception? innerException = null)
        : base($"Invalid schema JSON at {jsonPath}: {problem}", innerException)
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>The JSON path of the offending value (<c>$</c> is the document root).</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
