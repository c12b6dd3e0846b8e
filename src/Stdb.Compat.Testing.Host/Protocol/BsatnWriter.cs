using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// Writes the BSATN primitives the client-api messages are made of (SpacetimeDB <c>crates/sats/src/bsatn/ser.rs</c>):
/// little-endian integers, <c>u32</c>-prefixed strings, byte arrays and arrays, sums as a <c>u8</c> tag then the
/// payload, and <c>Option&lt;T&gt;</c> as the sum <c>some = 0</c>, <c>none = 1</c>. Rows themselves are encoded by
/// the simulator's <c>BsatnCodec</c>; this writer only frames them.
/// </summary>
internal sealed class BsatnWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly MemoryStream _stream = new();

    public int Length => (int)_stream.Length;

    public byte[] ToArray() => _stream.ToArray();

    public void U8(byte value) => _stream.WriteByte(value);

    public void Bool(bool value) => _stream.WriteByte(value ? (byte)1 : (byte)0);

    public void U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        _stream.Write(b);
    }

    public void U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _stream.Write(b);
    }

    public void U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        _stream.Write(b);
    }

    public void I64(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        _stream.Write(b);
    }

    /// <summary>A fixed-size little-endian value (Identity = u256: 32 bytes, ConnectionId/EnergyQuanta = u128: 16 bytes).</summary>
    public void Fixed(byte[] littleEndian, int size)
    {
        if (littleEndian.Length != size)
        {
            throw new ArgumentException($"Expected {size} bytes, got {littleEndian.Length}.", nameof(littleEndian));
        }

        _stream.Write(littleEndian);
    }

    /// <summary>A <c>u128</c> from a <c>u64</c> (e.g. <c>EnergyQuanta</c>).</summary>
    public void U128(ulong value)
    {
        U64(value);
        U64(0);
    }

    public void String(string value)
    {
        byte[] bytes = StrictUtf8.GetBytes(value);
        U32((uint)bytes.Length);
        _stream.Write(bytes);
    }

    /// <summary><c>Box&lt;[u8]&gt;</c> / <c>Bytes</c>: a <c>u32</c> length, then the bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> value)
    {
        U32((uint)value.Length);
        _stream.Write(value);
    }

    /// <summary>Bytes without a length prefix (already-framed content).</summary>
    public void Raw(ReadOnlySpan<byte> value) => _stream.Write(value);

    public void Array<T>(IReadOnlyList<T> items, Action<BsatnWriter, T> write)
    {
        U32((uint)items.Count);
        foreach (T item in items)
        {
            write(this, item);
        }
    }

    public void Strings(IReadOnlyList<string> items) => Array(items, static (w, s) => w.String(s));

    /// <summary>SATS <c>Option&lt;u32&gt;</c>: tag 0 = some, 1 = none.</summary>
    public void OptionU32(uint? value)
    {
        if (value is { } v)
        {
            U8(0);
            U32(v);
        }
        else
        {
            U8(1);
        }
    }

    public void OptionString(string? value)
    {
        if (value is null)
        {
            U8(1);
        }
        else
        {
            U8(0);
            String(value);
        }
    }
}
