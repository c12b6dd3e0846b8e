namespace Stdb.Compat.Testing.Bsatn;

/// <summary>The kind of a <see cref="SimType"/>.</summary>
public enum SimTypeKind
{
    /// <summary>Unsigned 8-bit integer (<see cref="byte"/>).</summary>
    U8,

    /// <summary>Unsigned 16-bit integer (<see cref="ushort"/>).</summary>
    U16,

    /// <summary>Unsigned 32-bit integer (<see cref="uint"/>).</summary>
    U32,

    /// <summary>Unsigned 64-bit integer (<see cref="ulong"/>).</summary>
    U64,

    /// <summary>Unsigned 128-bit integer (<see cref="System.Numerics.BigInteger"/>).</summary>
    U128,

    /// <summary>Unsigned 256-bit integer (<see cref="System.Numerics.BigInteger"/>).</summary>
    U256,

    /// <summary>Signed 8-bit integer (<see cref="sbyte"/>).</summary>
    I8,

    /// <summary>Signed 16-bit integer (<see cref="short"/>).</summary>
    I16,

    /// <summary>Signed 32-bit integer (<see cref="int"/>).</summary>
    I32,

    /// <summary>Signed 64-bit integer (<see cref="long"/>).</summary>
    I64,

    /// <summary>Signed 128-bit integer (<see cref="System.Numerics.BigInteger"/>).</summary>
    I128,

    /// <summary>32-bit float (<see cref="float"/>).</summary>
    F32,

    /// <summary>64-bit float (<see cref="double"/>).</summary>
    F64,

    /// <summary>Boolean, one byte.</summary>
    Bool,

    /// <summary>UTF-8 string with a u32 length prefix.</summary>
    String,

    /// <summary>Array: u32 count then the elements (values are <c>IReadOnlyList&lt;object?&gt;</c>).</summary>
    Array,

    /// <summary>Option: sum <c>some(0)</c> / <c>none(1)</c>; the value is the payload or null for none.</summary>
    Option,

    /// <summary>Product: the fields in order (values are <see cref="SimRow"/>).</summary>
    Product,

    /// <summary>Sum: u8 tag then the payload (values are <see cref="SimSum"/>).</summary>
    Sum,

    /// <summary>Identity: <c>product{__identity__: U256}</c>, 32 bytes little-endian (values are 32-byte arrays).</summary>
    Identity,

    /// <summary>ConnectionId: <c>product{__connection_id__: U128}</c>, 16 bytes (values are 16-byte arrays).</summary>
    ConnectionId,

    /// <summary>Timestamp: <c>product{__timestamp_micros_since_unix_epoch__: I64}</c> (values are <see cref="long"/> microseconds).</summary>
    Timestamp,
}
