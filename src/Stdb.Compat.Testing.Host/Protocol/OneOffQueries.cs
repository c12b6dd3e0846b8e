using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// Answers <c>OneOffQuery</c> (v1: <c>OneOffQueryResponse</c>, v2: <c>OneOffQueryResult</c>) and <c>CallProcedure</c>,
/// which the simulator does not model. Queries are the subset the simulator subscribes to: <c>SELECT * FROM table</c>.
/// The error texts are the simulator's (<c>SimulatedServer.ResolveQuery</c>), not the real SQL engine's.
/// </summary>
internal static class OneOffQueries
{
    private static readonly Regex SelectStar = new(
        "^\\s*SELECT\\s+\\*\\s+FROM\\s+(?:\"(?<quoted>[^\"]+)\"|(?<plain>[A-Za-z_][A-Za-z0-9_]*))\\s*;?\\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static byte[] Answer(SimulatedServer server, ServerConnection connection, int protocol, HostRequest request) => request switch
    {
        HostRequest.Reply reply => reply.Body,
        HostRequest.OneOff q => Query(server, connection, protocol, q),
        HostRequest.Procedure p => Procedure(server, protocol, p),
        _ => throw new ArgumentException($"Unknown host request {request}.", nameof(request)),
    };

    private static byte[] Query(SimulatedServer server, ServerConnection connection, int protocol, HostRequest.OneOff q)
    {
        var (table, rows, error) = server.Read(() => Run(connection.Database, q.Query));
        if (protocol == 1)
        {
            V1.OneOffTable[] tables = error is null ? new[] { new V1.OneOffTable(table!, rows!) } : Array.Empty<V1.OneOffTable>();
            return V1Codec.Encode(new V1.OneOffQueryResponse(q.MessageId ?? Array.Empty<byte>(), error, tables, 0));
        }

        return V2Codec.Encode(error is null
            ? new V2.OneOffQueryResult(q.RequestId, new[] { new V2.SingleTableRows(table!, rows!) }, null)
            : new V2.OneOffQueryResult(q.RequestId, null, error));
    }

    private static (string? Table, IReadOnlyList<byte[]>? Rows, string? Error) Run(DatabaseState db, string sql)
    {
        Match match = SelectStar.Match(sql ?? string.Empty);
        if (!match.Success)
        {
            return (null, null, $"Unsupported query `{sql}`: the simulated server understands only SELECT * FROM <table> and SELECT * FROM \"<table>\".");
        }

        string name = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value;
        if (!db.Tables.TryGetValue(name, out TableState? state) || !state.Def.IsPublic)
        {
            return (null, null, $"no such table: `{name}`. If the table exists, it may be marked private.");
        }

        return (name, state.Ordered().Select(r => r.Bytes).ToArray(), null);
    }

    // GUESS: the text of a call to a procedure the module does not define.
    private static byte[] Procedure(SimulatedServer server, int protocol, HostRequest.Procedure p)
    {
        string text = $"No such procedure '{p.Name}': the simulated server has no procedures.";
        long now = server.NowMicros();
        return protocol == 1
            ? V1Codec.Encode(new V1.ProcedureResult(new V1.ProcedureStatus.InternalError(text), now, 0, p.RequestId))
            : V2Codec.Encode(new V2.ProcedureResult(new V2.ProcedureStatus.InternalError(text), now, 0, p.RequestId));
    }
}
