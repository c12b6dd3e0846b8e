namespace Stdb.Compat.Testing.Sql;

/// <summary>An HTTP response of the simulated SQL route: status code, content type and body text.</summary>
/// <param name="StatusCode">200, 400 (the statement failed) or 404 (no such database).</param>
/// <param name="ContentType">application/json on success, text/plain otherwise.</param>
/// <param name="Body">The JSON statement results on success, else the error text.</param>
public sealed record SimulatedSqlResponse(int StatusCode, string ContentType, string Body);
