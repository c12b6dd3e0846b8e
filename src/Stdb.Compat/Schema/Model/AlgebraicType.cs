using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Stdb.Compat.Schema.Model;

/// <summary>The variants of SpacetimeDB's SATS <c>AlgebraicType</c>, in tag order.</summary>
public enum AlgebraicTypeKind
{
    /// <summary>A reference into the typespace.</summary>
    Ref = 0,
    /// <summary>A tagged union; variant index is the BSATN tag.</summary>
    Sum,
    /// <summary>An ordered record of elements.</summary>
    Product,
    /// <summary>A homogeneous array.</summary>
    Array,
    /// <summary>UTF-8 string.</summary>
    String,
    /// <summary>Boolean.</summary>
    Bool,
    /// <summary>Signed 8-bit integer.</summary>
    I8,
    /// <summary>Unsigned 8-bit integer.</summary>
    U8,
    /// <summary>Signed 16-bit integer.</summary>
    I16,
    /// <summary>Unsigned 16-bit integer.</summary>
    U16,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
    /// <summary>Unsigned 32-bit integer.</summary>
    U32,
    /// <summary>Signed 64-bit integer.</summary>
    I64,
    /// <summary>Unsigned 64-bit integer.</summary>
    U64,
    /// <summary>Signed 128-bit integer.</summary>
    I128,
    /// <summary>Unsigned 128-bit integer.</summary>
    U128,
    /// <summary>Signed 256-bit integer.</summary>
    I256,
    /// <summary>Unsigned 256-bit integer.</summary>
    U256,
    /// <summary>32-bit float.</summary>
    F32,
    /// <summary>64-bit float.</summary>
    F64,
}

/// <summary>One element of a product or one variant of a sum: an optional name and a type.</summary>
/// <param name="Name">The element or variant name, or <see langword="null"/> when unnamed.</param>
/// <param name="Type">The element's or variant payload's type.</param>
public sealed record AlgebraicTypeMember(string? Name, AlgebraicType Type);

/// <summary>An immutable SATS algebraic type. Refs point into the typespace of the schema that owns the type.</summary>
public sealed class AlgebraicType
{
    private static readonly AlgebraicTypeMember[] NoMembers = System.Array.Empty<AlgebraicTypeMember>();
    private static readonly AlgebraicType[] Primitives = Enumerable.Range(0, 20)
        .Select(i => new AlgebraicType((AlgebraicTypeKind)i, 0, NoMembers, null)).ToArray();

    private AlgebraicType(AlgebraicTypeKind kind, int refIndex, IReadOnlyList<AlgebraicTypeMember> members, AlgebraicType? element)
    {
        Kind = kind;
        RefIndex = refIndex;
        Members = members;
        ElementType = element;
    }

    /// <summary>The variant of this type.</summary>
    public AlgebraicTypeKind Kind { get; }

    /// <summary>For <see cref="AlgebraicTypeKind.Ref"/>, the typespace index; otherwise 0.</summary>
    public int RefIndex { get; }

    /// <summary>Product elements or sum variants, in order; empty for other kinds.</summary>
    public IReadOnlyList<AlgebraicTypeMember> Members { get; }

    /// <summary>For <see cref="AlgebraicTypeKind.Array"/>, the element type; otherwise <see langword="null"/>.</summary>
    public AlgebraicType? ElementType { get; }

    /// <summary>The unit type, an empty product.</summary>
    public static AlgebraicType Unit { get; } = new(AlgebraicTypeKind.Product, 0, NoMembers, null);

    /// <summary>Returns the shared instance of a primitive (non-composite) type.</summary>
    /// <param name="kind">A kind from <see cref="AlgebraicTypeKind.String"/> to <see cref="AlgebraicTypeKind.F64"/>.</param>
    /// <returns>The primitive type.</returns>
    public static AlgebraicType Primitive(AlgebraicTypeKind kind)
    {
        if (kind < AlgebraicTypeKind.String || kind > AlgebraicTypeKind.F64)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a primitive algebraic type kind.");
        }

        return Primitives[(int)kind];
    }

    /// <summary>Creates a reference to <c>typespace.types[index]</c>.</summary>
    /// <param name="index">The typespace index.</param>
    /// <returns>The reference type.</returns>
    public static AlgebraicType Ref(int index) =>
        index < 0 ? throw new ArgumentOutOfRangeException(nameof(index)) : new(AlgebraicTypeKind.Ref, index, NoMembers, null);

    /// <summary>Creates an array type.</summary>
    /// <param name="element">The element type.</param>
    /// <returns>The array type.</returns>
    public static AlgebraicType Array(AlgebraicType element) =>
        new(AlgebraicTypeKind.Array, 0, NoMembers, element ?? throw new ArgumentNullException(nameof(element)));

    // For readers that build a fresh array and hand it over: no defensive copy.
    internal static AlgebraicType ProductOwning(AlgebraicTypeMember[] elements) => new(AlgebraicTypeKind.Product, 0, elements, null);

    internal static AlgebraicType SumOwning(AlgebraicTypeMember[] variants) => new(AlgebraicTypeKind.Sum, 0, variants, null);

    /// <summary>Creates a product type.</summary>
    /// <param name="elements">The elements in order.</param>
    /// <returns>The product type.</returns>
    public static AlgebraicType Product(IEnumerable<AlgebraicTypeMember> elements) =>
        new(AlgebraicTypeKind.Product, 0, elements.ToArray(), null);

    /// <summary>Creates a product type.</summary>
    /// <param name="elements">The elements in order.</param>
    /// <returns>The product type.</returns>
    public static AlgebraicType Product(params AlgebraicTypeMember[] elements) => Product((IEnumerable<AlgebraicTypeMember>)elements);

    /// <summary>Creates a sum type.</summary>
    /// <param name="variants">The variants in tag order.</param>
    /// <returns>The sum type.</returns>
    public static AlgebraicType Sum(IEnumerable<AlgebraicTypeMember> variants) =>
        new(AlgebraicTypeKind.Sum, 0, variants.ToArray(), null);

    /// <summary>Creates a sum type.</summary>
    /// <param name="variants">The variants in tag order.</param>
    /// <returns>The sum type.</returns>
    public static AlgebraicType Sum(params AlgebraicTypeMember[] variants) => Sum((IEnumerable<AlgebraicTypeMember>)variants);

    /// <summary>Creates <c>Option&lt;T&gt;</c>: sum <c>[some: T, none: ()]</c>.</summary>
    /// <param name="some">The payload type.</param>
    /// <returns>The option type.</returns>
    public static AlgebraicType Option(AlgebraicType some) =>
        Sum(new AlgebraicTypeMember("some", some), new AlgebraicTypeMember("none", Unit));

    /// <summary>A compact human-readable rendering, e.g. <c>Product{id: U64, name: String}</c>.</summary>
    /// <returns>The rendering.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb, this, 0);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, AlgebraicType t, int depth)
    {
        if (depth > 8)
        {
            sb.Append('…');
            return;
        }

        switch (t.Kind)
        {
            case AlgebraicTypeKind.Ref:
                sb.Append("Ref(").Append(t.RefIndex).Append(')');
                break;
            case AlgebraicTypeKind.Array:
                sb.Append("Array<");
                Append(sb, t.ElementType!, depth + 1);
                sb.Append('>');
                break;
            case AlgebraicTypeKind.Product:
            case AlgebraicTypeKind.Sum:
                sb.Append(t.Kind == AlgebraicTypeKind.Product ? "Product{" : "Sum{");
                for (var i = 0; i < t.Members.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(t.Kind == AlgebraicTypeKind.Product ? ", " : " | ");
                    }

                    sb.Append(t.Members[i].Name ?? "_").Append(": ");
                    Append(sb, t.Members[i].Type, depth + 1);
                }

                sb.Append('}');
                break;
            default:
                sb.Append(t.Kind.ToString());
                break;
        }
    }
}
