using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Compatibility;

/// <summary>One versioned schema for the matrix.</summary>
/// <param name="Version">Its semantic version.</param>
/// <param name="Schema">The schema.</param>
public sealed record VersionedSchema(SchemaVersion Version, ModuleSchema Schema);

/// <summary>One cell: a client built from one schema version against a server running another.</summary>
/// <param name="Client">The client's (bindings') schema version.</param>
/// <param name="Server">The server's schema version.</param>
/// <param name="Verdict">Whether the client works (every item of its bindings counts as used).</param>
/// <param name="MigrationRequired">Publishing the server version over the client version needs a manual module migration.</param>
/// <param name="Changes">The changes behind the cell.</param>
public sealed record CompatibilityMatrixCell(SchemaVersion Client, SchemaVersion Server, CompatibilityVerdict Verdict, bool MigrationRequired,
    IReadOnlyList<SchemaChange> Changes)
{
    /// <summary>The client must be rebuilt against the server's schema.</summary>
    public bool ClientUpgradeRequired => Verdict == CompatibilityVerdict.Incompatible;
}

/// <summary>Answers "does client schema X work against server schema Y, and is a migration required" for every pair.</summary>
public sealed class CompatibilityMatrix
{
    private readonly Dictionary<(SchemaVersion, SchemaVersion), CompatibilityMatrixCell> _cells;

    private CompatibilityMatrix(IReadOnlyList<SchemaVersion> versions, Dictionary<(SchemaVersion, SchemaVersion), CompatibilityMatrixCell> cells)
    {
        Versions = versions;
        _cells = cells;
    }

    /// <summary>The versions, ascending.</summary>
    public IReadOnlyList<SchemaVersion> Versions { get; }

    /// <summary>Builds the matrix (n² diffs).</summary>
    /// <param name="schemas">The versions.</param>
    /// <returns>The matrix.</returns>
    public static CompatibilityMatrix Build(IEnumerable<VersionedSchema> schemas)
    {
        var list = (schemas ?? throw new ArgumentNullException(nameof(schemas))).OrderBy(s => s.Version).ToList();
        var cells = new Dictionary<(SchemaVersion, SchemaVersion), CompatibilityMatrixCell>();
        foreach (var client in list)
        {
            foreach (var server in list)
            {
                var changes = SchemaDiffer.Diff(client.Schema, server.Schema);
                cells[(client.Version, server.Version)] = new CompatibilityMatrixCell(client.Version, server.Version,
                    CompatibilityReport.VerdictFor(changes), changes.Any(c => c.Migration == MigrationOutcome.ManualMigration), changes);
            }
        }

        return new CompatibilityMatrix(list.Select(s => s.Version).ToList(), cells);
    }

    /// <summary>Looks up a cell.</summary>
    /// <param name="client">The client's schema version.</param>
    /// <param name="server">The server's schema version.</param>
    /// <returns>The cell.</returns>
    /// <exception cref="KeyNotFoundException">A version is not in the matrix.</exception>
    public CompatibilityMatrixCell this[SchemaVersion client, SchemaVersion server] =>
        _cells.TryGetValue((client, server), out var c) ? c : throw new KeyNotFoundException($"No matrix cell for client {client} / server {server}.");

    /// <summary>Renders a Markdown table, rows = clients, columns = servers.</summary>
    /// <returns>The Markdown.</returns>
    public string ToMarkdown()
    {
        var sb = new StringBuilder("| client \\ server |");
        foreach (var v in Versions)
        {
            sb.Append(' ').Append(v).Append(" |");
        }

        sb.AppendLine().Append("|---|");
        foreach (var unused in Versions)
        {
            sb.Append("---|");
        }

        sb.AppendLine();
        foreach (var c in Versions)
        {
            sb.Append("| ").Append(c).Append(" |");
            foreach (var s in Versions)
            {
                var cell = this[c, s];
                sb.Append(' ').Append(cell.Verdict switch
                {
                    CompatibilityVerdict.Compatible => "ok",
                    CompatibilityVerdict.CompatibleWithWarnings => "warn",
                    _ => "no",
                });
                if (cell.MigrationRequired)
                {
                    sb.Append(" (migration)");
                }

                sb.Append(" |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
