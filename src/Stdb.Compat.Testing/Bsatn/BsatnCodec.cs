using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;

namespace Stdb.Compat.Testing.Bsatn;

/// <summary>A value does not match its type, or bytes do not decode as the expected type.</summary>
internal sealed class BsatnException : FormatException
{
    public BsatnException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>BSATN encoding of simulated values: little-endian, strings and arrays with u32 prefixes, sums with a u8 tag.</summary>
internal static class BsatnCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(SimType type, object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, StrictUtf8, leaveOpen: true))
        {
            Write(writer, type, value, "value");
        }

        return stream.ToArray();
    }

    public static byte[] EncodeRow(IReadOnlyList<SimColumn> columns, SimRow row)
    {
        if (row.Count != columns.Count)
        {
            throw new BsatnException($"The row has {row.Count} values but the type has {columns.Count} columns ({string.Join(", ", Names(columns))}).");
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, StrictUtf8, leaveOpen: true))
        {
            for (int i = 0; i < columns.Count; i++)
            {
                Write(writer, columns[i].Type, row[i], columns[i].Name);
            }
        }

        return stream.ToArray();
    }

    public static object? Decode(SimType type, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), StrictUtf8);
        object? value = ReadChecked(reader, type, "value");
        EnsureConsumed(reader, bytes.Length);
        return value;
    }

    public static SimRow DecodeRow(IReadOnlyList<SimColumn> columns, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), StrictUtf8);
        var values = new object?[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            values[i] = ReadChecked(reader, columns[i].Type, columns[i].Name);
        }

        EnsureConsumed(reader, bytes.Length);
        return new SimRow(values, columns);
    }

    public static byte[] EncodeString(string value) => Encode(SimType.String, value);

    private static IEnumerable<string> Names(IReadOnlyList<SimColumn> columns)
    {
        foreach (SimColumn c in columns)
        {
            yield return c.Name;
        }
    }

    private static void EnsureConsumed(BinaryReader reader, int length)
    {
        long remaining = length - reader.BaseStream.Position;
        if (remaining != 0)
        {
            throw new BsatnException($"{remaining} trailing byte(s) after the value; the bytes were written for a different type.");
        }
    }

    private static object? ReadChecked(BinaryReader reader, SimType type, string path)
    {
        try
        {
            return Read(reader, type, path);
        }
        catch (EndOfStreamException ex)
        {
            throw new BsatnException($"Unexpected end of data while reading '{path}' ({type}).", ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BsatnException($"'{path}' is not valid UTF-8.", ex);
        }
    }

    private static void Write(BinaryWriter w, SimType type, object? value, string path)
    {
        if (type.Kind == SimTypeKind.Option)
        {
            if (value is null)
            {
                w.Write((byte)1);
            }
            else
            {
                w.Write((byte)0);
                Write(w, type.Element!, value, path);
            }

            return;
        }

        if (value is null)
        {
            throw new BsatnException($"'{path}' is null but its type {type} is not an option.");
        }

        try
        {
            switch (type.Kind)
            {
                case SimTypeKind.U8: w.Write(SimValues.ConvertTo<byte>(value, path)); break;
                case SimTypeKind.U16: w.Write(SimValues.ConvertTo<ushort>(value, path)); break;
                case SimTypeKind.U32: w.Write(SimValues.ConvertTo<uint>(value, path)); break;
                case SimTypeKind.U64: w.Write(SimValues.ConvertTo<ulong>(value, path)); break;
                case SimTypeKind.I8: w.Write(SimValues.ConvertTo<sbyte>(value, path)); break;
                case SimTypeKind.I16: w.Write(SimValues.ConvertTo<short>(value, path)); break;
                case SimTypeKind.I32: w.Write(SimValues.ConvertTo<int>(value, path)); break;
                case SimTypeKind.I64: w.Write(SimValues.ConvertTo<long>(value, path)); break;
                case SimTypeKind.Timestamp: w.Write(SimValues.ConvertTo<long>(value, path)); break;
                case SimTypeKind.F32: w.Write(SimValues.ConvertTo<float>(value, path)); break;
                case SimTypeKind.F64: w.Write(SimValues.ConvertTo<double>(value, path)); break;
                case SimTypeKind.U128: WriteBig(w, SimValues.ToBigInteger(value), 16, signed: false, path); break;
                case SimTypeKind.I128: WriteBig(w, SimValues.ToBigInteger(value), 16, signed: true, path); break;
                case SimTypeKind.U256: WriteBig(w, SimValues.ToBigInteger(value), 32, signed: false, path); break;
                case SimTypeKind.Bool:
                    w.Write(value is bool b ? (byte)(b ? 1 : 0) : throw new BsatnException($"'{path}' holds a {value.GetType().Name}, not a bool."));
                    break;
                case SimTypeKind.String:
                    byte[] utf8 = StrictUtf8.GetBytes(value as string ?? throw new BsatnException($"'{path}' holds a {value.GetType().Name}, not a string."));
                    w.Write((uint)utf8.Length);
                    w.Write(utf8);
                    break;
                case SimTypeKind.Identity: WriteFixed(w, value, 32, path); break;
                case SimTypeKind.ConnectionId: WriteFixed(w, value, 16, path); break;
                case SimTypeKind.Array:
                    IReadOnlyList<object?> items = SimValues.AsList(value);
                    w.Write((uint)items.Count);
                    for (int i = 0; i < items.Count; i++)
                    {
                        Write(w, type.Element!, items[i], $"{path}[{i}]");
                    }

                    break;
                case SimTypeKind.Product:
                    SimRow row = value as SimRow ?? throw new BsatnException($"'{path}' holds a {value.GetType().Name}, not a SimRow.");
                    if (row.Count != type.Members.Count)
                    {
                        throw new BsatnException($"'{path}' has {row.Count} fields but its type {type} has {type.Members.Count}.");
                    }

                    for (int i = 0; i < row.Count; i++)
                    {
                        Write(w, type.Members[i].Type, row[i], $"{path}.{type.Members[i].Name}");
                    }

                    break;
                case SimTypeKind.Sum:
                    SimSum sum = value as SimSum ?? throw new BsatnException($"'{path}' holds a {value.GetType().Name}, not a SimSum.");
                    if (sum.Tag >= type.Members.Count)
                    {
                        throw new BsatnException($"'{path}' has tag {sum.Tag} but its type has {type.Members.Count} variants.");
                    }

                    w.Write(sum.Tag);
                    Write(w, type.Members[sum.Tag].Type, sum.Payload, $"{path}.{type.Members[sum.Tag].Name}");
                    break;
                default:
                    throw new BsatnException($"'{path}' has an unsupported type {type}.");
            }
        }
        catch (InvalidCastException ex)
        {
            throw new BsatnException($"'{path}' does not match its type {type}: {ex.Message}", ex);
        }
    }

    private static object? Read(BinaryReader r, SimType type, string path)
    {
        switch (type.Kind)
        {
            case SimTypeKind.U8: return r.ReadByte();
            case SimTypeKind.U16: return r.ReadUInt16();
            case SimTypeKind.U32: return r.ReadUInt32();
            case SimTypeKind.U64: return r.ReadUInt64();
            case SimTypeKind.I8: return r.ReadSByte();
            case SimTypeKind.I16: return r.ReadInt16();
            case SimTypeKind.I32: return r.ReadInt32();
            case SimTypeKind.I64: return r.ReadInt64();
            case SimTypeKind.Timestamp: return r.ReadInt64();
            case SimTypeKind.F32: return r.ReadSingle();
            case SimTypeKind.F64: return r.ReadDouble();
            case SimTypeKind.U128: return ReadBig(r, 16, signed: false);
            case SimTypeKind.I128: return ReadBig(r, 16, signed: true);
            case SimTypeKind.U256: return ReadBig(r, 32, signed: false);
            case SimTypeKind.Bool:
                byte b = r.ReadByte();
                return b switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new BsatnException($"'{path}' has invalid bool byte {b}."),
                };
            case SimTypeKind.String:
                uint length = r.ReadUInt32();
                EnsureAvailable(r, length, path);
                return StrictUtf8.GetString(r.ReadBytes((int)length));
            case SimTypeKind.Identity: return ReadExact(r, 32);
            case SimTypeKind.ConnectionId: return ReadExact(r, 16);
            case SimTypeKind.Array:
                uint count = r.ReadUInt32();
                EnsureAvailable(r, count, path);
                var items = new object?[count];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = Read(r, type.Element!, $"{path}[{i}]");
                }

                return items;
            case SimTypeKind.Option:
                byte tag = r.ReadByte();
                return tag switch
                {
                    0 => Read(r, type.Element!, path),
                    1 => null,
                    _ => throw new BsatnException($"'{path}' has invalid option tag {tag}."),
                };
            case SimTypeKind.Product:
                var values = new object?[type.Members.Count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = Read(r, type.Members[i].Type, $"{path}.{type.Members[i].Name}");
                }

                return new SimRow(values, type.Members);
            case SimTypeKind.Sum:
                byte variant = r.ReadByte();
                if (variant >= type.Members.Count)
                {
                    throw new BsatnException($"'{path}' has tag {variant} but its type has {type.Members.Count} variants.");
                }

                return new SimSum(variant, Read(r, type.Members[variant].Type, $"{path}.{type.Members[variant].Name}"));
            default:
                throw new BsatnException($"'{path}' has an unsupported type {type}.");
        }
    }

    private static void EnsureAvailable(BinaryReader r, uint needed, string path)
    {
        if (needed > r.BaseStream.Length - r.BaseStream.Position)
        {
            throw new BsatnException($"'{path}' claims {needed} element(s) or bytes but only {r.BaseStream.Length - r.BaseStream.Position} byte(s) remain.");
        }
    }

    private static byte[] ReadExact(BinaryReader r, int size)
    {
        byte[] bytes = r.ReadBytes(size);
        if (bytes.Length != size)
        {
            throw new EndOfStreamException();
        }

        return bytes;
    }

    private static void WriteFixed(BinaryWriter w, object value, int size, string path)
    {
        if (value is not byte[] bytes || bytes.Length != size)
        {
            throw new BsatnException($"'{path}' must be a {size}-byte array.");
        }

        w.Write(bytes);
    }

    private static void WriteBig(BinaryWriter w, BigInteger value, int size, bool signed, string path)
    {
        int bits = size * 8;
        BigInteger min = signed ? -(BigInteger.One << (bits - 1)) : BigInteger.Zero;
        BigInteger max = signed ? (BigInteger.One << (bits - 1)) - 1 : (BigInteger.One << bits) - 1;
        if (value < min || value > max)
        {
            throw new BsatnException($"'{path}' = {value} does not fit in {(signed ? "i" : "u")}{bits}.");
        }

        byte[] raw = value.ToByteArray(); // little-endian two's complement
        byte fill = value.Sign < 0 ? (byte)0xFF : (byte)0;
        var buffer = new byte[size];
        for (int i = 0; i < size; i++)
        {
            buffer[i] = i < raw.Length ? raw[i] : fill;
        }

        w.Write(buffer);
    }

    private static BigInteger ReadBig(BinaryReader r, int size, bool signed)
    {
        byte[] bytes = ReadExact(r, size);
        if (!signed)
        {
            var extended = new byte[size + 1];
            Array.Copy(bytes, extended, size);
            return new BigInteger(extended);
        }

        return new BigInteger(bytes);
    }
}
