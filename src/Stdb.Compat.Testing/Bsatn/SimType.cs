using System;
using System.Collections.Generic;
using System.Linq;

namespace Stdb.Compat.Testing.Bsatn;

/// <summary>
/// An algebraic type of the simulated server's BSATN model. Values are plain CLR values: <see cref="ulong"/>,
/// <see cref="uint"/>, <see cref="string"/>, <see cref="bool"/>, null for an option's none, <see cref="SimRow"/> for
/// products, <see cref="SimSum"/> for sums, byte arrays for identities and connection ids, <see cref="long"/>
/// microseconds for timestamps, <see cref="System.Numerics.BigInteger"/> for 128/256-bit integers.
/// </summary>
public sealed class SimType : IEquatable<SimType>
{
    private SimType(SimTypeKind kind, SimType? element = null, IReadOnlyList<SimColumn>? members = null)
    {
        Kind = kind;
        Element = element;
        Members = members ?? System.Array.Empty<SimColumn>();
    }

    /// <summary>The kind.</summary>
    public SimTypeKind Kind { get; }

    /// <summary>Element type of an array or option; null otherwise.</summary>
    public SimType? Element { get; }

    /// <summary>Fields of a product or variants of a sum; empty otherwise.</summary>
    public IReadOnlyList<SimColumn> Members { get; }

    /// <summary>u8.</summary>
    public static SimType U8 { get; } = new(SimTypeKind.U8);

    /// <summary>u16.</summary>
    public static SimType U16 { get; } = new(SimTypeKind.U16);

    /// <summary>u32.</summary>
    public static SimType U32 { get; } = new(SimTypeKind.U32);

    /// <summary>u64.</summary>
    public static SimType U64 { get; } = new(SimTypeKind.U64);

    /// <summary>u128 (values are <see cref="System.Numerics.BigInteger"/>).</summary>
    public static SimType U128 { get; } = new(SimTypeKind.U128);

    /// <summary>u256 (values are <see cref="System.Numerics.BigInteger"/>).</summary>
    public static SimType U256 { get; } = new(SimTypeKind.U256);

    /// <summary>i8.</summary>
    public static SimType I8 { get; } = new(SimTypeKind.I8);

    /// <summary>i16.</summary>
    public static SimType I16 { get; } = new(SimTypeKind.I16);

    /// <summary>i32.</summary>
    public static SimType I32 { get; } = new(SimTypeKind.I32);

    /// <summary>i64.</summary>
    public static SimType I64 { get; } = new(SimTypeKind.I64);

    /// <summary>i128 (values are <see cref="System.Numerics.BigInteger"/>).</summary>
    public static SimType I128 { get; } = new(SimTypeKind.I128);

    /// <summary>f32.</summary>
    public static SimType F32 { get; } = new(SimTypeKind.F32);

    /// <summary>f64.</summary>
    public static SimType F64 { get; } = new(SimTypeKind.F64);

    /// <summary>bool.</summary>
    public static SimType Bool { get; } = new(SimTypeKind.Bool);

    /// <summary>string.</summary>
    public static SimType String { get; } = new(SimTypeKind.String);

    /// <summary>Identity (32-byte arrays, little-endian U256).</summary>
    public static SimType Identity { get; } = new(SimTypeKind.Identity);

    /// <summary>ConnectionId (16-byte arrays).</summary>
    public static SimType ConnectionId { get; } = new(SimTypeKind.ConnectionId);

    /// <summary>Timestamp (<see cref="long"/> microseconds since the Unix epoch).</summary>
    public static SimType Timestamp { get; } = new(SimTypeKind.Timestamp);

    /// <summary>An array of <paramref name="element"/>.</summary>
    public static SimType Array(SimType element) => new(SimTypeKind.Array, element ?? throw new ArgumentNullException(nameof(element)));

    /// <summary>An option of <paramref name="element"/> (sum some(0) / none(1)).</summary>
    public static SimType Option(SimType element) => new(SimTypeKind.Option, element ?? throw new ArgumentNullException(nameof(element)));

    /// <summary>A product with these fields in order.</summary>
    public static SimType Product(params SimColumn[] fields) => new(SimTypeKind.Product, members: (fields ?? throw new ArgumentNullException(nameof(fields))).ToArray());

    /// <summary>A sum with these variants in tag order (use an empty product for a unit variant).</summary>
    public static SimType Sum(params SimColumn[] variants) => new(SimTypeKind.Sum, members: (variants ?? throw new ArgumentNullException(nameof(variants))).ToArray());

    /// <summary>The CLR type values of this type have.</summary>
    public Type ClrType => Kind switch
    {
        SimTypeKind.U8 => typeof(byte),
        SimTypeKind.U16 => typeof(ushort),
        SimTypeKind.U32 => typeof(uint),
        SimTypeKind.U64 => typeof(ulong),
        SimTypeKind.I8 => typeof(sbyte),
        SimTypeKind.I16 => typeof(short),
        SimTypeKind.I32 => typeof(int),
        SimTypeKind.I64 => typeof(long),
        SimTypeKind.U128 or SimTypeKind.U256 or SimTypeKind.I128 => typeof(System.Numerics.BigInteger),
        SimTypeKind.F32 => typeof(float),
        SimTypeKind.F64 => typeof(double),
        SimTypeKind.Bool => typeof(bool),
        SimTypeKind.String => typeof(string),
        SimTypeKind.Array => typeof(IReadOnlyList<object?>),
        SimTypeKind.Option => Element!.ClrType,
        SimTypeKind.Product => typeof(SimRow),
        SimTypeKind.Sum => typeof(SimSum),
        SimTypeKind.Identity or SimTypeKind.ConnectionId => typeof(byte[]),
        SimTypeKind.Timestamp => typeof(long),
        _ => typeof(object),
    };

    /// <inheritdoc />
    public bool Equals(SimType? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return Kind == other.Kind
            && Equals(Element, other.Element)
            && Members.SequenceEqual(other.Members);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SimType);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        int hash = (int)Kind;
        if (Element is not null)
        {
            hash = (hash * 397) ^ Element.GetHashCode();
        }

        foreach (SimColumn member in Members)
        {
            hash = (hash * 397) ^ member.GetHashCode();
        }

        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SimTypeKind.Array => $"Array<{Element}>",
        SimTypeKind.Option => $"Option<{Element}>",
        SimTypeKind.Product => "{" + string.Join(", ", Members.Select(m => m.ToString())) + "}",
        SimTypeKind.Sum => "(" + string.Join(" | ", Members.Select(m => m.ToString())) + ")",
        SimTypeKind.Identity => "Identity",
        SimTypeKind.ConnectionId => "ConnectionId",
        SimTypeKind.Timestamp => "Timestamp",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
