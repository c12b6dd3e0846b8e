using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Planner;

// MigrationPlanner: the in-place type upgrade check for columns (sums, products, names) and its errors.
internal static partial class MigrationPlanner
{
    /// <summary>
    /// The planner's verdict on one column type change outside any module (types without typespace references): the
    /// errors that make the server refuse it, empty when the old values can be read in place as the new type.
    /// </summary>
    internal static IReadOnlyList<MigrationError> ColumnTypeErrors(string table, string column, AlgebraicType oldType, AlgebraicType newType)
    {
        var empty = new ModuleSchema();
        var errors = new List<MigrationError>();
        Upgrade(new Planning(empty, empty), false, table, column, oldType, newType, 0, errors);
        return errors;
    }

    /// <summary>
    /// Whether a value of the old type can be read as the new type in place. Sums may gain variants at the end while
    /// their row layout (size and alignment) stays; products keep their field count; names must match; every other
    /// type must stay equal. Records every violation in <paramref name="errors"/>; returns whether anything changed.
    /// </summary>
    private static bool Upgrade(Planning p, bool within, string container, string column, AlgebraicType oldType, AlgebraicType newType,
        int depth, List<MigrationError> errors)
    {
        if (depth > MaxTypeDepth)
        {
            return false;
        }

        var o = TypeLayout.Resolve(oldType, p.Old.Typespace);
        var n = TypeLayout.Resolve(newType, p.New.Typespace);
        if (o.Kind == AlgebraicTypeKind.Sum && n.Kind == AlgebraicTypeKind.Sum)
        {
            var changed = false;
            if (o.Members.Count < n.Members.Count)
            {
                changed = true;
            }
            else if (o.Members.Count > n.Members.Count)
            {
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeFewerVariants : MigrationErrorKind.ChangeColumnTypeFewerVariants, container, column, o, n, "with fewer variants"));
            }

            var common = Math.Min(o.Members.Count, n.Members.Count);
            for (var i = 0; i < common; i++)
            {
                changed |= Upgrade(p, true, container, column, o.Members[i].Type, n.Members[i].Type, depth + 1, errors);
                if (!string.Equals(o.Members[i].Name, n.Members[i].Name, StringComparison.Ordinal))
                {
                    errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeRenamedVariant : MigrationErrorKind.ChangeColumnTypeRenamedVariant, container, column, o, n, "with a renamed variant"));
                }
            }

            var ol = TypeLayout.Of(o, p.Old.Typespace);
            var nl = TypeLayout.Of(n, p.New.Typespace);
            if (ol.Size != nl.Size)
            {
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeSizeMismatch : MigrationErrorKind.ChangeColumnTypeSizeMismatch, container, column, o, n, $"due to size mismatch ({ol.Size} → {nl.Size} bytes)"));
            }

            if (ol.Align != nl.Align)
            {
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeAlignMismatch : MigrationErrorKind.ChangeColumnTypeAlignMismatch, container, column, o, n, $"due to alignment mismatch ({ol.Align} → {nl.Align})"));
            }

            return changed;
        }

        if (o.Kind == AlgebraicTypeKind.Product && n.Kind == AlgebraicTypeKind.Product)
        {
            var changed = false;
            if (o.Members.Count != n.Members.Count)
            {
                errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeFewerFields : MigrationErrorKind.ChangeColumnTypeFewerFields, container, column, o, n, "with fewer fields"));
            }

            var common = Math.Min(o.Members.Count, n.Members.Count);
            for (var i = 0; i < common; i++)
            {
                changed |= Upgrade(p, true, container, column, o.Members[i].Type, n.Members[i].Type, depth + 1, errors);
                if (!string.Equals(o.Members[i].Name, n.Members[i].Name, StringComparison.Ordinal))
                {
                    errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnTypeRenamedField : MigrationErrorKind.ChangeColumnTypeRenamedField, container, column, o, n, "with a renamed field"));
                }
            }

            return changed;
        }

        if (o.Kind == AlgebraicTypeKind.Array && n.Kind == AlgebraicTypeKind.Array)
        {
            return Upgrade(p, true, container, column, o.ElementType!, n.ElementType!, depth + 1, errors);
        }

        if (o.Kind == n.Kind && o.Kind != AlgebraicTypeKind.Ref)
        {
            return false; // primitives: no change is good change
        }

        if (o.Kind == AlgebraicTypeKind.Ref && n.Kind == AlgebraicTypeKind.Ref && o.RefIndex == n.RefIndex)
        {
            return false;
        }

        errors.Add(TypeError(within ? MigrationErrorKind.ChangeWithinColumnType : MigrationErrorKind.ChangeColumnType, container, column, o, n, null));
        return false;
    }

    private static MigrationError TypeError(MigrationErrorKind kind, string container, string column, AlgebraicType o, AlgebraicType n, string? detail) =>
        new(kind, container, column,
            $"changing {(kind.ToString().StartsWith("ChangeWithin", StringComparison.Ordinal) ? "a type within" : "the type of")} column '{column}' in '{container}' from {TypeComparer.Short(o)} to {TypeComparer.Short(n)}"
            + (detail is null ? string.Empty : ", " + detail) + ", requires a manual migration");
}
