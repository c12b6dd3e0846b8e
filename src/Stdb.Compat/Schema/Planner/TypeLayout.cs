using System;
using System.Collections.Generic;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Planner;

/// <summary>Size and alignment, in bytes, of a value in SpacetimeDB's fixed-size row representation.</summary>
internal readonly record struct TypeLayout(int Size, int Align)
{
    private const int MaxDepth = 64;

    // Strings and arrays live out of line: a 4-byte reference aligned at 2 sits in the row.
    private static readonly TypeLayout VarLen = new(4, 2);

    /// <summary>
    /// Computes the layout the server's row storage gives <paramref name="type"/> (refs resolved in
    /// <paramref name="typespace"/>): primitives by width, strings and arrays as a var-len reference, products as
    /// C-like structs, sums as a tag padded to the widest alignment followed by the largest payload.
    /// </summary>
    public static TypeLayout Of(AlgebraicType type, IReadOnlyList<AlgebraicType> typespace) => Of(type, typespace, 0);

    private static TypeLayout Of(AlgebraicType type, IReadOnlyList<AlgebraicType> typespace, int depth)
    {
        type = Resolve(type, typespace);
        if (depth > MaxDepth)
        {
            return VarLen; // recursive types cannot be stored inline; never reached for valid modules
        }

        switch (type.Kind)
        {
            case AlgebraicTypeKind.Bool:
            case AlgebraicTypeKind.I8:
            case AlgebraicTypeKind.U8:
                return new TypeLayout(1, 1);
            case AlgebraicTypeKind.I16:
            case AlgebraicTypeKind.U16:
                return new TypeLayout(2, 2);
            case AlgebraicTypeKind.I32:
            case AlgebraicTypeKind.U32:
            case AlgebraicTypeKind.F32:
                return new TypeLayout(4, 4);
            case AlgebraicTypeKind.I64:
            case AlgebraicTypeKind.U64:
            case AlgebraicTypeKind.F64:
                return new TypeLayout(8, 8);
            case AlgebraicTypeKind.I128:
            case AlgebraicTypeKind.U128:
                return new TypeLayout(16, 16);
            case AlgebraicTypeKind.I256:
            case AlgebraicTypeKind.U256:
                return new TypeLayout(32, 32);
            case AlgebraicTypeKind.String:
            case AlgebraicTypeKind.Array:
                return VarLen;
            case AlgebraicTypeKind.Product:
                return Product(type, typespace, depth);
            case AlgebraicTypeKind.Sum:
                return Sum(type, typespace, depth);
            default:
                return VarLen; // an unresolvable ref: only in invalid modules
        }
    }

    private static TypeLayout Product(AlgebraicType type, IReadOnlyList<AlgebraicType> typespace, int depth)
    {
        var offset = 0;
        var align = 1; // an empty product has size 0 and alignment 1
        foreach (var m in type.Members)
        {
            var child = Of(m.Type, typespace, depth + 1);
            offset = AlignTo(offset, child.Align) + child.Size;
            align = Math.Max(align, child.Align);
        }

        return new TypeLayout(AlignTo(offset, align), align);
    }

    private static TypeLayout Sum(AlgebraicType type, IReadOnlyList<AlgebraicType> typespace, int depth)
    {
        var maxSize = 0;
        var maxAlign = 0;
        foreach (var m in type.Members)
        {
            var child = Of(m.Type, typespace, depth + 1);
            maxSize = Math.Max(maxSize, child.Size);
            maxAlign = Math.Max(maxAlign, child.Align);
        }

        // [tag, padded to the alignment | payload]; the tag needs at least one byte.
        var align = Math.Max(maxAlign, 1);
        return new TypeLayout(align + AlignTo(maxSize, maxAlign), align);
    }

    private static int AlignTo(int value, int alignment)
    {
        if (alignment == 0)
        {
            return value;
        }

        var rest = value % alignment;
        return rest == 0 ? value : value + alignment - rest;
    }

    internal static AlgebraicType Resolve(AlgebraicType type, IReadOnlyList<AlgebraicType> typespace)
    {
        var guard = 0;
        while (type.Kind == AlgebraicTypeKind.Ref && type.RefIndex < typespace.Count && guard++ <= typespace.Count)
        {
            type = typespace[type.RefIndex];
        }

        return type;
    }
}
