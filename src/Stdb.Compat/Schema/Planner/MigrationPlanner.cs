using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Planner;

// MigrationPlanner: the entry point, the planning state, and tables (added, removed, columns, access, schedules).
/// <summary>
/// SpacetimeDB's automatic-migration planner (<c>crates/schema/src/auto_migrate.rs</c>, release 2.8), re-expressed
/// over <see cref="ModuleSchema"/>: tables, views, indexes, constraints and sequences are matched by name (columns
/// by name too, then checked for position), sub-objects of added or removed tables are covered by the table step,
/// and any error refuses the whole plan. A facet is compared only when both schemas describe it.
/// </summary>
internal static partial class MigrationPlanner
{
    private const int MaxTypeDepth = 64;

    public static MigrationPlan Plan(ModuleSchema old, ModuleSchema @new)
    {
        if (old is null)
        {
            throw new ArgumentNullException(nameof(old));
        }

        if (@new is null)
        {
            throw new ArgumentNullException(nameof(@new));
        }

        var p = new Planning(old, @new);
        if (p.Both(SchemaFacets.ViewsAndSecurity))
        {
            Views(p);
        }

        var (added, removed) = Tables(p);
        if (p.Both(SchemaFacets.Indexes))
        {
            Indexes(p, added, removed);
        }

        if (p.Both(SchemaFacets.Sequences))
        {
            Sequences(p, added, removed);
        }

        if (p.Both(SchemaFacets.Constraints))
        {
            Constraints(p, added, removed);
        }

        if (p.Both(SchemaFacets.ViewsAndSecurity))
        {
            RowLevelSecurity(p);
        }

        return p.Finish();
    }

    private sealed class Planning
    {
        public Planning(ModuleSchema old, ModuleSchema @new)
        {
            Old = old;
            New = @new;
        }

        public ModuleSchema Old { get; }
        public ModuleSchema New { get; }
        public List<MigrationStep> Steps { get; } = new();
        public List<MigrationError> Errors { get; } = new();
        public List<string> Prechecks { get; } = new();
        public List<MigrationError> Scratch { get; } = new();

        public bool Both(SchemaFacets facet) => (Old.Facets & facet) != 0 && (New.Facets & facet) != 0;

        public void Step(MigrationStepKind kind, string? subject) => Steps.Add(new MigrationStep(kind, subject));

        public void EnsureDisconnect()
        {
            foreach (var s in Steps)
            {
                if (s.Kind == MigrationStepKind.DisconnectAllUsers)
                {
                    return;
                }
            }

            Steps.Add(new MigrationStep(MigrationStepKind.DisconnectAllUsers, null));
        }

        public MigrationPlan Finish()
        {
            if (Errors.Count > 0)
            {
                Errors.Sort((a, b) =>
                {
                    var c = string.CompareOrdinal(a.Subject, b.Subject);
                    if (c == 0)
                    {
                        c = a.Kind.CompareTo(b.Kind);
                    }

                    return c != 0 ? c : string.CompareOrdinal(a.Column, b.Column);
                });
                return new MigrationPlan { Outcome = MigrationOutcome.ManualMigration, Errors = Errors };
            }

            Steps.Sort((a, b) =>
            {
                var c = a.Kind.CompareTo(b.Kind);
                return c != 0 ? c : string.CompareOrdinal(a.Subject, b.Subject);
            });
            Prechecks.Sort(StringComparer.Ordinal);
            var risks = new List<MigrationExecutionRisk>();
            var disconnects = false;
            foreach (var s in Steps)
            {
                switch (s.Kind)
                {
                    case MigrationStepKind.DisconnectAllUsers:
                        disconnects = true;
                        break;
                    case MigrationStepKind.AddSchedule:
                        risks.Add(new MigrationExecutionRisk(s, true, "the engine does not implement adding a schedule to an existing table (\"Adding schedules is not yet implemented\")"));
                        break;
                    case MigrationStepKind.RemoveSchedule:
                        risks.Add(new MigrationExecutionRisk(s, true, "the engine does not implement removing a schedule from an existing table (\"Removing schedules is not yet implemented\")"));
                        break;
                    case MigrationStepKind.RemoveTable:
                        risks.Add(new MigrationExecutionRisk(s, false, $"the engine drops table '{s.Subject}' only when it has no rows; clear them first (e.g. from a reducer)"));
                        break;
                }
            }

            return new MigrationPlan
            {
                Outcome = disconnects ? MigrationOutcome.AutomaticDisconnectsClients : MigrationOutcome.Automatic,
                Steps = Steps,
                SequencePrechecks = Prechecks,
                ExecutionRisks = risks,
            };
        }
    }

    // ---- tables ------------------------------------------------------------------------------------------------

    private static (HashSet<string> Added, HashSet<string> Removed) Tables(Planning p)
    {
        var oldTables = ByName(p.Old.Tables, t => t.Name);
        var newTables = ByName(p.New.Tables, t => t.Name);
        var added = new HashSet<string>(StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in oldTables.Values)
        {
            if (newTables.ContainsKey(o.Name))
            {
                continue;
            }

            removed.Add(o.Name);
            p.Step(MigrationStepKind.RemoveTable, o.Name);
            p.EnsureDisconnect();
        }

        foreach (var n in newTables.Values)
        {
            if (oldTables.ContainsKey(n.Name))
            {
                continue;
            }

            added.Add(n.Name);
            p.Step(MigrationStepKind.AddTable, n.Name);
        }

        foreach (var o in oldTables.Values)
        {
            if (newTables.TryGetValue(o.Name, out var n))
            {
                Table(p, o, n);
            }
        }

        return (added, removed);
    }

    private static void Table(Planning p, TableSchema o, TableSchema n)
    {
        var errorsBefore = p.Errors.Count;
        var name = o.Name;
        if (p.Both(SchemaFacets.Access) && o.Kind != n.Kind)
        {
            p.Errors.Add(new MigrationError(MigrationErrorKind.ChangeTableType, name, null,
                $"changing the table type of '{name}' from {o.Kind} to {n.Kind} requires a manual migration"));
        }

        var eventKnown = p.Both(SchemaFacets.EventFlag);
        if (eventKnown && o.IsEvent != n.IsEvent)
        {
            p.Errors.Add(new MigrationError(MigrationErrorKind.ChangeTableEventFlag, name, null,
                $"changing the event flag of '{name}' requires a manual migration"));
        }

        var isEvent = eventKnown && o.IsEvent;
        if (p.Both(SchemaFacets.Access) && o.Access != n.Access)
        {
            p.Step(MigrationStepKind.ChangeAccess, name);
        }

        if (p.Both(SchemaFacets.PrimaryKeys) && !o.PrimaryKey.SequenceEqual(n.PrimaryKey))
        {
            p.Step(MigrationStepKind.ChangePrimaryKey, name);
        }

        if (p.Both(SchemaFacets.Schedules))
        {
            var os = ScheduleKey(o, p.Old);
            var ns = ScheduleKey(n, p.New);
            if (!SameSchedule(o.Schedule, os, n.Schedule, ns))
            {
                if (o.Schedule is not null)
                {
                    p.Step(MigrationStepKind.RemoveSchedule, os);
                }

                if (n.Schedule is not null)
                {
                    p.Step(MigrationStepKind.AddSchedule, ns);
                }
            }
        }

        bool rowTypeChanged = false, columnsAdded = false, eventSchemaChanged = false;
        var newByName = ColumnsByName(n.Columns);
        var oldByName = ColumnsByName(o.Columns);
        foreach (var oc in o.Columns)
        {
            var colName = ColumnName(oc);
            if (!newByName.TryGetValue(colName, out var nc))
            {
                if (isEvent)
                {
                    eventSchemaChanged = true; // event tables keep no rows: only the clients notice
                }
                else
                {
                    p.Errors.Add(new MigrationError(MigrationErrorKind.RemoveColumn, name, colName,
                    $"removing column '{colName}' from '{name}' requires a manual migration"));
                }

                continue;
            }

            bool typesChanged;
            if (isEvent)
            {
                p.Scratch.Clear();
                typesChanged = Upgrade(p, false, name, colName, oc.Type, nc.Type, 0, p.Scratch) || p.Scratch.Count > 0;
            }
            else
            {
                typesChanged = Upgrade(p, false, name, colName, oc.Type, nc.Type, 0, p.Errors);
            }

            if (oc.Position != nc.Position)
            {
                if (isEvent)
                {
                    eventSchemaChanged = true;
                }
                else
                {
                    p.Errors.Add(new MigrationError(MigrationErrorKind.ReorderTable, name, null, $"reordering table '{name}' requires a manual migration"));
                }
            }

            if (isEvent)
            {
                eventSchemaChanged |= typesChanged;
            }
            else
            {
                rowTypeChanged |= typesChanged;
            }
        }

        foreach (var nc in n.Columns)
        {
            var colName = ColumnName(nc);
            if (oldByName.ContainsKey(colName))
            {
                continue;
            }

            if (isEvent)
            {
                eventSchemaChanged = true;
            }
            else if (p.Both(SchemaFacets.DefaultValues) && n.DefaultValues.ContainsKey(nc.Position))
            {
                columnsAdded = true;
            }
            else
            {
                p.Errors.Add(new MigrationError(MigrationErrorKind.AddColumn, name, colName,
                $"adding column '{colName}' to '{name}' requires a default value annotation"));
            }
        }

        if (p.Errors.Count > errorsBefore)
        {
            return;
        }

        if (eventSchemaChanged)
        {
            p.EnsureDisconnect();
            p.Step(MigrationStepKind.ReschemaEventTable, name);
        }
        else if (columnsAdded)
        {
            p.EnsureDisconnect(); // the table is rewritten: a ChangeColumns step would be moot
            p.Step(MigrationStepKind.AddColumns, name);
        }
        else if (rowTypeChanged)
        {
            p.Step(MigrationStepKind.ChangeColumns, name);
        }
    }
}
