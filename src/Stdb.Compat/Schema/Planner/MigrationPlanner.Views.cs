using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Planner;

// MigrationPlanner: views — recompute or re-create, and the view column/parameter comparison.
internal static partial class MigrationPlanner
{
    // ---- views -------------------------------------------------------------------------------------------------

    private static void Views(Planning p)
    {
        var oldViews = ByName(p.Old.Views, v => v.Name);
        var newViews = ByName(p.New.Views, v => v.Name);
        foreach (var o in oldViews.Values)
        {
            if (!newViews.TryGetValue(o.Name, out var n))
            {
                // Views keep no state of their own: removing one only disconnects clients.
                p.Step(MigrationStepKind.RemoveView, o.Name);
                p.EnsureDisconnect();
                continue;
            }

            if (o.IsPublic != n.IsPublic)
            {
                p.Step(MigrationStepKind.ChangeAccess, o.Name);
            }

            if (CompareView(p.Old, o, p.New, n) != ViewShapeChange.None)
            {
                p.Step(MigrationStepKind.AddView, o.Name);
                p.Step(MigrationStepKind.RemoveView, o.Name);
                p.EnsureDisconnect();
            }
            else
            {
                p.Step(MigrationStepKind.UpdateView, o.Name);
            }
        }

        foreach (var n in newViews.Values)
        {
            if (!oldViews.ContainsKey(n.Name))
            {
                p.Step(MigrationStepKind.AddView, n.Name);
            }
        }
    }

    /// <summary>What, if anything, makes the planner re-create a view (and disconnect clients) rather than recompute it.</summary>
    internal static ViewShapeChange CompareView(ModuleSchema oldSchema, ViewSchema old, ModuleSchema newSchema, ViewSchema @new)
    {
        var p = new Planning(oldSchema, newSchema);
        if (!SameColumns(p, old.Name, ViewColumns(old.ReturnType, oldSchema.Typespace), ViewColumns(@new.ReturnType, newSchema.Typespace)))
        {
            return ViewShapeChange.Columns;
        }

        if (!SameColumns(p, old.Name, old.Parameters, @new.Parameters))
        {
            return ViewShapeChange.Parameters;
        }

        if (old.IsAnonymous != @new.IsAnonymous)
        {
            return ViewShapeChange.Anonymity;
        }

        return old.PrimaryKeyColumns.SequenceEqual(@new.PrimaryKeyColumns, StringComparer.Ordinal) ? ViewShapeChange.None : ViewShapeChange.PrimaryKey;
    }

    /// <summary>Whether view columns (or parameters) match by name, position and upgradable type.</summary>
    private static bool SameColumns(Planning p, string view, IReadOnlyList<ColumnSchema> old, IReadOnlyList<ColumnSchema> @new)
    {
        var newByName = ColumnsByName(@new);
        foreach (var o in old)
        {
            if (!newByName.TryGetValue(ColumnName(o), out var n) || n.Position != o.Position)
            {
                return false;
            }

            p.Scratch.Clear();
            Upgrade(p, false, view, ColumnName(o), o.Type, n.Type, 0, p.Scratch);
            if (p.Scratch.Count > 0)
            {
                return false;
            }
        }

        var oldByName = ColumnsByName(old);
        foreach (var n in @new)
        {
            if (!oldByName.ContainsKey(ColumnName(n)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The row columns of a view: the product inside its <c>Option&lt;T&gt;</c> or <c>Vec&lt;T&gt;</c> return type.</summary>
    internal static IReadOnlyList<ColumnSchema> ViewColumns(AlgebraicType returnType, IReadOnlyList<AlgebraicType> typespace)
    {
        var t = TypeLayout.Resolve(returnType, typespace);
        if (t.Kind == AlgebraicTypeKind.Array)
        {
            t = TypeLayout.Resolve(t.ElementType!, typespace);
        }
        else if (t.Kind == AlgebraicTypeKind.Sum && t.Members.Count == 2 && t.Members[0].Name == "some" && t.Members[1].Name == "none")
        {
            t = TypeLayout.Resolve(t.Members[0].Type, typespace);
        }

        if (t.Kind != AlgebraicTypeKind.Product)
        {
            return Array.Empty<ColumnSchema>();
        }

        var cols = new ColumnSchema[t.Members.Count];
        for (var i = 0; i < cols.Length; i++)
        {
            cols[i] = new ColumnSchema(i, t.Members[i].Name, t.Members[i].Type);
        }

        return cols;
    }
}

/// <summary>Why a view must be re-created.</summary>
internal enum ViewShapeChange
{
    None = 0,
    Columns,
    Parameters,
    Anonymity,
    PrimaryKey,
}
