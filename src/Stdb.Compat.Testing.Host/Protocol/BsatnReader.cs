using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>A client-api message does not decode: names what was being read and at which byte offset.</summary>
internal sealed class WireFormatException : FormatException
{
    public WireFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>Reads BSATN primitives (the inverse of <see cref="BsatnWriter"/>); every read is bounds-checked.</summary>
internal sealed class BsatnReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _data;
    private int _pos;

    public BsatnReader(byte[] data, int offset = 0)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _pos = offset;
    }

    public int Position => _pos;

    public int Remaining => _data.Length - _pos;

    public byte U8(string what) => Take(1, what)[0];

    public bool Bool(string what) => U8(what) switch
    {
        0 => false,
        1 => true,
        byte b => throw Error($"{what}: invalid bool byte {b}"),
    };

    public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    public long I64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public byte[] Fixed(int size, string what) => Take(size, what).ToArray();

    public string String(string what)
    {
        int length = Length(what);
        ReadOnlySpan<byte> bytes = Take(length, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (ArgumentException ex)
        {
            throw new WireFormatException($"{what}: invalid UTF-8 at byte {_pos - length}.", ex);
        }
    }

    public byte[] Bytes(string what) => Take(Length(what), what).ToArray();

    public List<T> Array<T>(string what, Func<BsatnReader, T> read)
    {
        int count = Length(what);
        var items = new List<T>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            items.Add(read(this));
        }

        return items;
    }

    public List<string> Strings(string what) => Array(what, r => r.String(what + "[]"));

    public uint? OptionU32(string what) => U8(what + " (option tag)") switch
    {
        0 => U32(what),
        1 => null,
        byte t => throw Error($"{what}: invalid option tag {t}"),
    };

    public string? OptionString(string what) => U8(what + " (option tag)") switch
    {
        0 => String(what),
        1 => null,
        byte t => throw Error($"{what}: invalid option tag {t}"),
    };

    public void EnsureEnd(string what)
    {
        if (_pos != _data.Length)
        {
            throw Error($"{what}: {_data.Length - _pos} unread byte(s) after the message");
        }
    }

    public WireFormatException Error(string message) => new($"{message} (at byte {_pos}).");

    private int Length(string what)
    {
        uint length = U32(what + " (length)");
        if (length > (uint)Remaining)
        {
            throw Error($"{what}: length {length} exceeds the {Remaining} byte(s) left");
        }

        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw Error($"{what}: needs {count} byte(s), {Remaining} left");
        }

        var span = new ReadOnlySpan<byte>(_data, _pos, count);
        _pos += count;
        return span;
    }
}
