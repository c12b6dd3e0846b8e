using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Cli.Commands;

/// <summary>A database reached over HTTP: <c>http://host:3000/name</c> (the last path segment is the database).</summary>
internal sealed record DatabaseAddress(Uri Server, string Database)
{
    public static DatabaseAddress Parse(string option, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"{option} '{text}' is not an http(s) address such as http://localhost:3000/my-database.");
        }

        var path = uri.AbsolutePath.Trim('/');
        var slash = path.LastIndexOf('/');
        var database = slash < 0 ? path : path.Substring(slash + 1);
        if (database.Length == 0)
        {
            throw new CliUsageException($"{option} '{text}' names no database: append it, e.g. http://localhost:3000/my-database.");
        }

        var prefix = slash < 0 ? string.Empty : path.Substring(0, slash) + "/";
        return new DatabaseAddress(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/" + prefix), Uri.UnescapeDataString(database));
    }

    public override string ToString() => Server + Database;
}

/// <summary>One statement's result: column names and each row's cells as raw SATS JSON text.</summary>
internal sealed record SqlResult(IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows)
{
    public int IndexOf(string column, string where)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new CliUsageException($"{where} has no column '{column}' (columns: {string.Join(", ", Columns)}).");
    }
}

/// <summary>Failure of the SQL route (network, HTTP status or response shape).</summary>
internal sealed class SqlRouteException : Exception
{
    public SqlRouteException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Runs statements through SpacetimeDB's HTTP SQL route, <c>POST /v1/database/{name}/sql</c> with the SQL as the
/// body; the response (v2.8.0 client-api <c>sql</c> handler) is a JSON array of <c>SqlStmtResult</c>:
/// <c>{"schema":{"elements":[{"name":{"some":"id"},"algebraic_type":…}]},"rows":[[…]],"total_duration_micros":…,"stats":{…}}</c>.
/// </summary>
internal sealed class SqlHttpSource(HttpClient http, string? token, TimeSpan timeout)
{
    public async Task<SqlResult> QueryAsync(DatabaseAddress address, string sql, CancellationToken cancellationToken)
    {
        var uri = new Uri(address.Server, "v1/database/" + Uri.EscapeDataString(address.Database) + "/sql");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(sql, Encoding.UTF8, "text/plain") };
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        string body;
        try
        {
            using var response = await http.SendAsync(request, cts.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SqlRouteException($"{address} answered {(int)response.StatusCode} to `{sql}`: {body.Trim()}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SqlRouteException($"{address} could not be reached for `{sql}`: {ex.Message}", ex);
        }

        return Parse(body, address, sql);
    }

    internal static SqlResult Parse(string body, object where, string sql)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var statements = doc.RootElement;
            if (statements.ValueKind != JsonValueKind.Array || statements.GetArrayLength() == 0)
            {
                throw new SqlRouteException($"{where}: the answer to `{sql}` is not a non-empty array of statement results.");
            }

            var result = statements[0];
            var columns = new List<string>();
            var index = 0;
            foreach (var element in result.GetProperty("schema").GetProperty("elements").EnumerateArray())
            {
                var name = element.GetProperty("name");
                columns.Add(name.TryGetProperty("some", out var some) ? some.GetString() ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                index++;
            }

            var rows = new List<string[]>();
            foreach (var row in result.GetProperty("rows").EnumerateArray())
            {
                var cells = new string[columns.Count];
                var i = 0;
                foreach (var cell in row.EnumerateArray())
                {
                    if (i < cells.Length)
                    {
                        cells[i] = cell.GetRawText();
                    }

                    i++;
                }

                if (i != columns.Count)
                {
                    throw new SqlRouteException($"{where}: a row of `{sql}` has {i} values for {columns.Count} columns.");
                }

                rows.Add(cells);
            }

            return new SqlResult(columns, rows);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SqlRouteException($"{where}: the answer to `{sql}` is not a SQL statement result ({ex.Message}).", ex);
        }
    }
}
