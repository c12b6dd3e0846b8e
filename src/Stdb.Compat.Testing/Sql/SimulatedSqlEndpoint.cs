using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Testing.Sql;

/// <summary>
/// SpacetimeDB's HTTP SQL route (<c>POST /v1/database/{name}/sql</c>) over a simulated database, for a subset of
/// SQL: <c>SELECT * FROM t</c>, <c>SELECT a, b FROM t</c>, <c>SELECT COUNT(*) AS n FROM t</c>, each with an optional
/// <c>WHERE col = literal</c> (integer, 'string', true/false). The body has the real shape (client-api-messages
/// <c>SqlStmtResult</c>, v2.8.0): <c>[{"schema":{"elements":[{"name":{"some":"id"},"algebraic_type":{"U64":[]}}]},
/// "rows":[[1]],"total_duration_micros":0,"stats":{"rows_inserted":0,"rows_deleted":0,"rows_updated":0}}]</c>;
/// rows are SATS JSON without type information (products as arrays, sums and options as <c>[tag, value]</c>).
/// </summary>
public sealed class SimulatedSqlEndpoint
{
    private readonly SimulatedServer _server;

    /// <summary>Serves the databases of <paramref name="server"/>.</summary>
    public SimulatedSqlEndpoint(SimulatedServer server) => _server = server ?? throw new ArgumentNullException(nameof(server));

    /// <summary>Runs one statement against <paramref name="databaseName"/>, as the route would.</summary>
    public SimulatedSqlResponse Execute(string databaseName, string sql)
    {
        if (databaseName is null || !_server.HasDatabase(databaseName))
        {
            return new SimulatedSqlResponse(404, "text/plain; charset=utf-8", $"`{databaseName}` not found");
        }

        try
        {
            var statement = SqlStatement.Parse(sql ?? string.Empty);
            var db = _server.Database(databaseName);
            if (!db.TableNames.Contains(statement.Table, StringComparer.Ordinal))
            {
                throw new SqlException($"no such table: `{statement.Table}`. If the table exists, it may be marked private.");
            }

            var table = db.Table(statement.Table);
            var columns = table.Columns;
            var rows = table.Iter().AsEnumerable();
            if (statement.Where is { } where)
            {
                var index = IndexOf(columns, where.Column, statement.Table);
                rows = rows.Where(r => SqlLiteral.Matches(columns[index].Type, r[index], where.Literal)).ToList();
            }

#pragma warning disable RS0030 // Reports the real time spent answering (the HTTP SQL route's total_duration_micros), as the server does.
            var watch = Stopwatch.StartNew();
#pragma warning restore RS0030
            string body = statement.CountAlias is { } alias
                ? Write(new[] { SimColumn.Of(alias, SimType.U64) }, new[] { new SimRow((ulong)rows.Count()) }, watch)
                : Project(columns, rows, statement, watch);
            return new SimulatedSqlResponse(200, "application/json", body);
        }
        catch (SqlException ex)
        {
            return new SimulatedSqlResponse(400, "text/plain; charset=utf-8", ex.Message);
        }
    }

    private static string Project(IReadOnlyList<SimColumn> columns, IEnumerable<SimRow> rows, SqlStatement statement, Stopwatch watch)
    {
        if (statement.Columns is null)
        {
            return Write(columns, rows, watch);
        }

        var indexes = statement.Columns.Select(c => IndexOf(columns, c, statement.Table)).ToArray();
        return Write(indexes.Select(i => columns[i]).ToArray(), rows.Select(r => new SimRow(indexes.Select(i => r[i]).ToArray())), watch);
    }

    private static int IndexOf(IReadOnlyList<SimColumn> columns, string name, string table)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new SqlException($"`{name}` is not in scope: table `{table}` has no such column");
    }

    private static string Write(IReadOnlyList<SimColumn> columns, IEnumerable<SimRow> rows, Stopwatch watch)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WritePropertyName("schema");
            w.WriteStartObject();
            WriteElements(w, columns, "elements");
            w.WriteEndObject();
            w.WriteStartArray("rows");
            foreach (var row in rows)
            {
                w.WriteStartArray();
                for (var i = 0; i < columns.Count; i++)
                {
                    SatsValueJson.Write(w, columns[i].Type, row[i]);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteNumber("total_duration_micros", (long)(watch.Elapsed.TotalMilliseconds * 1000));
            w.WriteStartObject("stats");
            w.WriteNumber("rows_inserted", 0);
            w.WriteNumber("rows_deleted", 0);
            w.WriteNumber("rows_updated", 0);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static void WriteElements(Utf8JsonWriter w, IReadOnlyList<SimColumn> members, string name)
    {
        w.WriteStartArray(name);
        foreach (var m in members)
        {
            w.WriteStartObject();
            w.WriteStartObject("name");
            w.WriteString("some", m.Name);
            w.WriteEndObject();
            w.WritePropertyName("algebraic_type");
            SatsValueJson.WriteType(w, m.Type);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

/// <summary>A statement of the supported subset.</summary>
internal sealed class SqlStatement
{
    public string Table { get; private set; } = string.Empty;

    /// <summary>Selected columns, or null for <c>*</c>.</summary>
    public IReadOnlyList<string>? Columns { get; private set; }

    public string? CountAlias { get; private set; }

    public (string Column, string Literal)? Where { get; private set; }

    public static SqlStatement Parse(string sql)
    {
        var tokens = SqlTokens.Split(sql.Trim().TrimEnd(';'));
        var p = 0;
        string Next(string what) => p < tokens.Count ? tokens[p++] : throw new SqlException($"expected {what} at the end of the statement");
        bool Is(string word) => p < tokens.Count && string.Equals(tokens[p], word, StringComparison.OrdinalIgnoreCase);
        void Expect(string word)
        {
            if (!Is(word))
            {
                throw new SqlException($"expected {word.ToUpperInvariant()}, found `{(p < tokens.Count ? tokens[p] : "end of statement")}`");
            }

            p++;
        }

        var statement = new SqlStatement();
        if (tokens.Count == 0)
        {
            throw new SqlException("empty statement");
        }

        Expect("select");
        if (Is("count"))
        {
            p++;
            Expect("(");
            Expect("*");
            Expect(")");
            if (!Is("as"))
            {
                throw new SqlException("Unsupported: aggregate without an alias; write COUNT(*) AS n");
            }

            p++;
            statement.CountAlias = Next("an alias");
        }
        else if (Is("*"))
        {
            p++;
        }
        else
        {
            var columns = new List<string> { Next("a column") };
            while (Is(","))
            {
                p++;
                columns.Add(Next("a column"));
            }

            statement.Columns = columns;
        }

        Expect("from");
        statement.Table = Next("a table");
        if (Is("where"))
        {
            p++;
            var column = Next("a column");
            Expect("=");
            statement.Where = (column, Next("a literal"));
        }

        if (p != tokens.Count)
        {
            throw new SqlException($"Unsupported SQL after `{statement.Table}`: `{string.Join(" ", tokens.Skip(p))}` (the simulator knows SELECT … FROM t [WHERE col = literal])");
        }

        return statement;
    }
}

/// <summary>Splits SQL into words, symbols and quoted strings (kept with their quotes).</summary>
internal static class SqlTokens
{
    public static List<string> Split(string sql)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var sb = new StringBuilder("'");
                i++;
                while (true)
                {
                    if (i >= sql.Length)
                    {
                        throw new SqlException("unterminated string literal");
                    }

                    if (sql[i] == '\'' && (i + 1 >= sql.Length || sql[i + 1] != '\''))
                    {
                        i++;
                        break;
                    }

                    sb.Append(sql[i]);
                    i += sql[i] == '\'' ? 2 : 1;
                }

                tokens.Add(sb.ToString());
            }
            else if (c is '(' or ')' or '*' or ',' or '=')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < sql.Length && !char.IsWhiteSpace(sql[i]) && sql[i] is not ('(' or ')' or '*' or ',' or '=' or '\''))
                {
                    i++;
                }

                tokens.Add(sql.Substring(start, i - start));
            }
        }

        return tokens;
    }
}

/// <summary>Compares a WHERE literal with a column value.</summary>
internal static class SqlLiteral
{
    public static bool Matches(SimType type, object? value, string literal)
    {
        if (literal.StartsWith("'", StringComparison.Ordinal))
        {
            return type.Kind == SimTypeKind.String ? string.Equals(value as string, literal.Substring(1), StringComparison.Ordinal)
                : throw new SqlException($"cannot compare a string literal with a column of type {type}");
        }

        switch (type.Kind)
        {
            case SimTypeKind.Bool:
                return bool.TryParse(literal, out var b) ? value is bool v && v == b : throw new SqlException($"`{literal}` is not a bool");
            case SimTypeKind.U8 or SimTypeKind.U16 or SimTypeKind.U32 or SimTypeKind.U64 or SimTypeKind.U128 or SimTypeKind.U256
                or SimTypeKind.I8 or SimTypeKind.I16 or SimTypeKind.I32 or SimTypeKind.I64 or SimTypeKind.I128:
                return BigInteger.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? value is not null && SimValues.ToBigInteger(value) == n
                    : throw new SqlException($"`{literal}` is not an integer");
            default:
                throw new SqlException($"WHERE on a column of type {type} is not supported by the simulator");
        }
    }
}

/// <summary>A statement the simulator refuses (HTTP 400, like the server).</summary>
internal sealed class SqlException : Exception
{
    public SqlException(string message)
        : base(message)
    {
    }
}
