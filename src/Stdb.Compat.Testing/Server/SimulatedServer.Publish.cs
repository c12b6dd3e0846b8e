using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Schema;
using Planner = Stdb.Compat.Schema.Planner.MigrationPlanner;

namespace Stdb.Compat.Testing.Server;

/// <content>Publishing and SpacetimeDB's auto-migration rules.</content>
public sealed partial class SimulatedServer
{
    internal const string BreakingPublishText = "The database's module was updated with a change that breaks clients; reconnect with matching bindings.";

    /// <summary>
    /// Publishes <paramref name="module"/> to <paramref name="databaseName"/>. The first publish creates the database.
    /// A republish applies SpacetimeDB's automatic migration (the decisions of the 2.8 planner): adding tables, changing
    /// access (either way), changing the primary key and widening a column type in place (a sum gaining variants at the
    /// end while its size and alignment stay) are safe; appending columns with defaults and removing (empty) tables
    /// rewrite the schema and disconnect every client (needs <see cref="PublishOptions.BreakClients"/>); anything else
    /// is refused. Indexes, constraints and schedules are not modelled.
    /// </summary>
    /// <exception cref="ModulePublishException">The module is invalid or the change needs a manual migration.</exception>
    public PublishResult Publish(string databaseName, SimModule module, PublishOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(databaseName))
        {
            throw new ArgumentException("A database name is required.", nameof(databaseName));
        }

        if (module is null)
        {
            throw new ArgumentNullException(nameof(module));
        }

        options ??= new PublishOptions();
        lock (_gate)
        {
            if (module.Version == ModuleDefVersion.V10 && Major < 2)
            {
                throw new ModulePublishException("Invalid", databaseName, $"ModuleDefVersion.V10 modules need a 2.x server; this server is {Version}.");
            }

            if (!_databases.TryGetValue(databaseName, out DatabaseState? existing))
            {
                _databases[databaseName] = CreateDatabase(databaseName, module);
                return new PublishResult(databaseName, Created: true, Array.Empty<PublishStep>(), DisconnectedClients: 0);
            }

            if (options.DeleteData)
            {
                int count = existing.Connections.Count;
                foreach (ServerConnection connection in existing.Connections.ToArray())
                {
                    CloseFromServer(connection, BreakingPublishText);
                }

                _databases[databaseName] = CreateDatabase(databaseName, module);
                return new PublishResult(databaseName, Created: false, new[] { new PublishStep(PublishStepKind.DeleteData, databaseName), new PublishStep(PublishStepKind.DisconnectAllUsers, string.Empty) }, count);
            }

            List<PublishStep> steps = Plan(existing, module, out Dictionary<string, string> matches);
            bool breaks = steps.Any(s => s.Kind == PublishStepKind.DisconnectAllUsers);
            if (breaks && !options.BreakClients)
            {
                string what = string.Join(", ", steps.Where(s => s.Kind != PublishStepKind.DisconnectAllUsers).Select(s => $"{s.Kind} {s.Path}"));
                throw new ModulePublishException("BreakClients", databaseName, $"The migration plan ({what}) disconnects all clients; publish with PublishOptions.BreakClients = true (--break-clients).");
            }

            Apply(existing, module, matches, renameSubscriptions: !breaks);
            int disconnected = 0;
            if (breaks)
            {
                foreach (ServerConnection connection in existing.Connections.ToArray())
                {
                    CloseFromServer(connection, BreakingPublishText);
                    disconnected++;
                }
            }

            return new PublishResult(databaseName, Created: false, steps, disconnected);
        }
    }

    /// <summary>The canonical (snake_case) form of a name, as SpacetimeDB 2.x derives it.</summary>
    internal static string Canonical(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (boundary && sb.Length > 0 && sb[sb.Length - 1] != '_')
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static DatabaseState CreateDatabase(string name, SimModule module)
    {
        var db = new DatabaseState(name, module);
        foreach (TableDef table in module.Tables)
        {
            db.Tables[table.Name] = new TableState(table);
            db.TableOrder.Add(table.Name);
        }

        return db;
    }

    /// <summary>Plans the migration; <paramref name="matches"/> maps each kept new table name to its old name.</summary>
    private static List<PublishStep> Plan(DatabaseState db, SimModule module, out Dictionary<string, string> matches)
    {
        var steps = new List<PublishStep>();
        matches = new Dictionary<string, string>(StringComparer.Ordinal);
        var unmatchedOld = new HashSet<string>(db.TableOrder, StringComparer.Ordinal);
        bool breaks = false;

        foreach (TableDef next in module.Tables)
        {
            string? oldName = unmatchedOld.Contains(next.Name)
                ? next.Name
                : unmatchedOld.FirstOrDefault(o => Canonical(o) == Canonical(next.Name) && !module.Tables.Any(t => t.Name == o));
            if (oldName is null)
            {
                steps.Add(new PublishStep(PublishStepKind.AddTable, next.Name));
                continue;
            }

            unmatchedOld.Remove(oldName);
            matches[next.Name] = oldName;
            TableState oldState = db.Tables[oldName];
            TableDef old = oldState.Def;
            string path = next.Name;
            if (old.Name != next.Name)
            {
                steps.Add(new PublishStep(PublishStepKind.ChangeTableAccessorName, path));
            }

            if (old.IsEvent != next.IsEvent)
            {
                throw new ModulePublishException("ChangeTableEventFlag", path, "A table cannot become an event table or stop being one; this needs a manual migration.");
            }

            if (old.IsPublic != next.IsPublic)
            {
                steps.Add(new PublishStep(PublishStepKind.ChangeAccess, path)); // cheap in 2.8: no disconnect
            }

            if (old.IsEvent)
            {
                if (!old.Columns.SequenceEqual(next.Columns))
                {
                    steps.Add(new PublishStep(PublishStepKind.ReschemaEventTable, path));
                    breaks = true;
                }

                continue;
            }

            bool typesChanged = false;
            for (int i = 0; i < old.Columns.Count; i++)
            {
                SimColumn oldColumn = old.Columns[i];
                if (i >= next.Columns.Count)
                {
                    throw new ModulePublishException("RemoveColumn", $"{path}.{oldColumn.Name}", "Removing a column needs a manual migration.");
                }

                SimColumn newColumn = next.Columns[i];
                if (Canonical(oldColumn.Name) != Canonical(newColumn.Name))
                {
                    if (next.Columns.Any(c => Canonical(c.Name) == Canonical(oldColumn.Name)))
                    {
                        throw new ModulePublishException("ReorderTable", $"{path}.{oldColumn.Name}", "Reordering columns needs a manual migration.");
                    }

                    throw new ModulePublishException("RemoveColumn", $"{path}.{oldColumn.Name}", $"Column '{oldColumn.Name}' is gone (renaming a column is removing it); this needs a manual migration.");
                }

                if (!oldColumn.Type.Equals(newColumn.Type))
                {
                    // The planner's own rule: the old values must be readable in place as the new type.
                    var errors = Planner.ColumnTypeErrors(path, oldColumn.Name,
                        SimulatedModuleSchemaSource.ToAlgebraic(oldColumn.Type), SimulatedModuleSchemaSource.ToAlgebraic(newColumn.Type));
                    if (errors.Count > 0)
                    {
                        throw new ModulePublishException("ChangeColumnType", $"{path}.{oldColumn.Name}", $"Changing the type from {oldColumn.Type} to {newColumn.Type} needs a manual migration ({errors[0].Message}).");
                    }

                    typesChanged = true;
                }

                if (oldColumn.Name != newColumn.Name)
                {
                    steps.Add(new PublishStep(PublishStepKind.ChangeColumnAccessorName, $"{path}.{newColumn.Name}"));
                }
            }

            string? oldPk = old.HasPrimaryKey ? Canonical(old.Columns[old.PrimaryKeyIndex].Name) : null;
            string? newPk = next.HasPrimaryKey ? Canonical(next.Columns[next.PrimaryKeyIndex].Name) : null;
            if (typesChanged)
            {
                steps.Add(new PublishStep(PublishStepKind.ChangeColumns, path));
            }

            if (oldPk != newPk)
            {
                RequireUniqueKeys(oldState, next, path);
                steps.Add(new PublishStep(PublishStepKind.ChangePrimaryKey, path)); // cheap in 2.8: no disconnect
            }

            if (old.AutoIncIndex != next.AutoIncIndex)
            {
                steps.Add(new PublishStep(next.AutoIncIndex >= 0 ? PublishStepKind.AddSequence : PublishStepKind.RemoveSequence, path));
            }

            var added = next.Columns.Skip(old.Columns.Count).ToList();
            foreach (SimColumn column in added)
            {
                if (!next.Defaults.ContainsKey(column.Name))
                {
                    throw new ModulePublishException("AddColumn", $"{path}.{column.Name}", "A column added to an existing table needs a default value (and must be the last column).");
                }
            }

            if (added.Count > 0)
            {
                steps.Add(new PublishStep(PublishStepKind.AddColumns, $"{path}.{string.Join(",", added.Select(c => c.Name))}"));
                breaks = true;
            }
        }

        foreach (string removed in db.TableOrder.Where(unmatchedOld.Contains))
        {
            int rows = db.Tables[removed].Rows.Count;
            if (rows > 0)
            {
                throw new ModulePublishException("RemoveTable", removed, $"The table still has {rows} row(s); removing a table with rows fails (delete the rows first, or publish with DeleteData).");
            }

            steps.Add(new PublishStep(PublishStepKind.RemoveTable, removed));
            breaks = true;
        }

        if (breaks)
        {
            steps.Add(new PublishStep(PublishStepKind.DisconnectAllUsers, string.Empty));
        }

        return steps;
    }

    /// <summary>
    /// The simulator keys rows by primary key, so a new key must be unique over the stored rows. The real server keeps
    /// uniqueness in a separate constraint (not modelled here); refusing duplicates is the simulator's choice.
    /// </summary>
    private static void RequireUniqueKeys(TableState state, TableDef next, string path)
    {
        if (!next.HasPrimaryKey)
        {
            return;
        }

        int index = next.PrimaryKeyIndex;
        SimColumn column = next.Columns[index];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (StoredRow row in state.Rows.Values)
        {
            object? value = index < state.Def.Columns.Count ? row.Row[index] : next.Defaults.GetValueOrDefault(column.Name);
            if (!seen.Add(Convert.ToBase64String(BsatnCodec.Encode(column.Type, value))))
            {
                throw new ModulePublishException("ChangePrimaryKey", $"{path}.{column.Name}", $"The new primary key '{column.Name}' has duplicate values in the stored rows; this needs a manual migration.");
            }
        }
    }

    private static void Apply(DatabaseState db, SimModule module, Dictionary<string, string> matches, bool renameSubscriptions)
    {
        var tables = new Dictionary<string, TableState>(StringComparer.Ordinal);
        foreach (TableDef next in module.Tables)
        {
            if (!matches.TryGetValue(next.Name, out string? oldName))
            {
                tables[next.Name] = new TableState(next);
                continue;
            }

            TableState state = db.Tables[oldName];
            int oldCount = state.Def.Columns.Count;
            state.Def = next;
            if (next.Columns.Count != oldCount)
            {
                var rewritten = new Dictionary<string, StoredRow>(StringComparer.Ordinal);
                foreach (StoredRow row in state.Ordered())
                {
                    object?[] values = row.Row.Values.Concat(next.Columns.Skip(oldCount).Select(c => next.Defaults[c.Name])).ToArray();
                    byte[] bytes = BsatnCodec.EncodeRow(next.Columns, new SimRow(values));
                    SimRow stored = BsatnCodec.DecodeRow(next.Columns, bytes);
                    rewritten[state.KeyOfRow(stored, bytes)] = new StoredRow(row.Seq, stored, bytes);
                }

                state.Rows.Clear();
                foreach (KeyValuePair<string, StoredRow> entry in rewritten)
                {
                    state.Rows[entry.Key] = entry.Value;
                }
            }
            else
            {
                // Re-keyed: the primary key may have changed.
                StoredRow[] rows = state.Ordered().ToArray();
                state.Rows.Clear();
                foreach (StoredRow row in rows)
                {
                    StoredRow rewrapped = row with { Row = row.Row.WithColumns(next.Columns) };
                    state.Rows[state.KeyOfRow(rewrapped.Row, rewrapped.Bytes)] = rewrapped;
                }
            }

            tables[next.Name] = state;
        }

        if (renameSubscriptions)
        {
            foreach (ServerConnection connection in db.Connections)
            {
                foreach (QuerySet set in connection.Subscriptions)
                {
                    for (int i = 0; i < set.Tables.Count; i++)
                    {
                        string? renamed = matches.FirstOrDefault(m => m.Value == set.Tables[i] && m.Key != m.Value).Key;
                        if (renamed is not null)
                        {
                            set.Tables[i] = renamed;
                        }
                    }
                }
            }
        }

        db.Tables.Clear();
        db.TableOrder.Clear();
        foreach (TableDef table in module.Tables)
        {
            db.Tables[table.Name] = tables[table.Name];
            db.TableOrder.Add(table.Name);
        }

        db.Install(module);
    }
}
