using System;
using System.Net;

namespace Stdb.Compat.Schema.Fetching;

/// <summary>Why fetching a module schema failed.</summary>
public enum SchemaFetchFailure
{
    /// <summary>The server does not know the database (404).</summary>
    DatabaseNotFound,
    /// <summary>The token was rejected (400/401 with an <c>Authorization …</c> body).</summary>
    Unauthorized,
    /// <summary>The server refuses every schema version this library reads (400 on both <c>version=10</c> and <c>version=9</c>).</summary>
    VersionRefused,
    /// <summary>The database's module is not loaded (500 <c>no such module</c>).</summary>
    ModuleNotLoaded,
    /// <summary>Any other server error (5xx), e.g. <c>error starting database: …</c>.</summary>
    ServerError,
    /// <summary>Every attempt timed out.</summary>
    Timeout,
    /// <summary>The server could not be reached.</summary>
    NetworkError,
    /// <summary>The server answered with something that is not a valid module definition.</summary>
    InvalidSchema,
    /// <summary>Any other unexpected status code.</summary>
    UnexpectedStatus,
}

/// <summary>Fetching the live module schema failed; <see cref="Failure"/> says why.</summary>
public sealed class SchemaFetchException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public SchemaFetchException()
        : this(SchemaFetchFailure.UnexpectedStatus, "Fetching the module schema failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SchemaFetchException(string message)
        : this(SchemaFetchFailure.UnexpectedStatus, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SchemaFetchException(string message, Exception innerException)
        : this(SchemaFetchFailure.UnexpectedStatus, message, innerException: innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why it failed.</param>
    /// <param name="message">The message.</param>
    /// <param name="requestUri">The request, when any.</param>
    /// <param name="statusCode">The HTTP status, when any.</param>
    /// <param name="responseBody">The response body, when any.</param>
    /// <param name="innerException">The cause, when any.</param>
    public SchemaFetchException(SchemaFetchFailure failure, string message, Uri? requestUri = null, HttpStatusCode? statusCode = null,
        string? responseBody = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        RequestUri = requestUri;
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>Why it failed.</summary>
    public SchemaFetchFailure Failure { get; }

    /// <summary>The request that failed, when any.</summary>
    public Uri? RequestUri { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The (plain-text) response body, when the server answered.</summary>
    public string? ResponseBody { get; }

    internal bool IsTransient => Failure is SchemaFetchFailure.ServerError or SchemaFetchFailure.ModuleNotLoaded or SchemaFetchFailure.NetworkError;
}
