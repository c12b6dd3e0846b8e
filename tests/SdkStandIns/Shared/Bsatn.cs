// Mirrors the serialization surface of SpacetimeDB.BSATN.Runtime (crates/bindings-csharp/BSATN.Runtime/BSATN/Runtime.cs
// and Attrs.cs, v1.12.0 and v2.8.0): IStructuralReadWrite, IReadWrite<T>, the primitive/option/list serializers the
// fixtures use, [SpacetimeDB.Type], TaggedEnum<>, and BSATNHelpers (sdks/csharp/src/BSATNHelpers.cs). BSATN is
// little-endian; strings are a u32 byte length + UTF-8; sums are a u8 tag + payload.
// Guessed / simplified: IStructuralReadWrite.Read/ToBytes as static interface members here (the real runtime has
// them, with more overloads); only the serializers the fixtures need exist (no I8/I16/U16.., no F32/F64 structs, no
// AlgebraicType reflection); BSATNHelpers.Decode's trailing-bytes check is the stand-in's own strictness;
// BSATNHelpers.Encode is internal (stand-in send path; no such public member in the real SDK).
// Also mirrors sdks/csharp/src/Exceptions.cs (same at v1.12.0 and v2.8.0): SpacetimeDBException,
// SpacetimeDBArgumentException, SpacetimeDBEmptyReducerNameException, without [Serializable] and the serialization
// constructors. Member-by-member audit: tests/SdkStandIns/AUDIT.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace SpacetimeDB.BSATN
{
    /// <summary>A product type that reads and writes its fields in declaration order.</summary>
    public interface IStructuralReadWrite
    {
        void ReadFields(BinaryReader reader);

        void WriteFields(BinaryWriter writer);

        object GetSerializer();

        static T Read<T>(BinaryReader reader)
            where T : IStructuralReadWrite, new()
        {
            var value = new T();
            value.ReadFields(reader);
            return value;
        }

        static byte[] ToBytes<T>(T value)
            where T : IStructuralReadWrite
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                value.WriteFields(writer);
            }

            return stream.ToArray();
        }
    }

    /// <summary>A serializer for <typeparamref name="T"/>.</summary>
    public interface IReadWrite<T>
    {
        T Read(BinaryReader reader);

        void Write(BinaryWriter writer, T value);
    }

    public readonly struct Bool : IReadWrite<bool>
    {
        public bool Read(BinaryReader reader) => reader.ReadByte() switch
        {
            0 => false,
            1 => true,
            var b => throw new InvalidDataException($"Invalid BSATN bool byte {b}."),
        };

        public void Write(BinaryWriter writer, bool value) => writer.Write(value ? (byte)1 : (byte)0);
    }

    public readonly struct U8 : IReadWrite<byte>
    {
        public byte Read(BinaryReader reader) => reader.ReadByte();

        public void Write(BinaryWriter writer, byte value) => writer.Write(value);
    }

    public readonly struct U16 : IReadWrite<ushort>
    {
        public ushort Read(BinaryReader reader) => reader.ReadUInt16();

        public void Write(BinaryWriter writer, ushort value) => writer.Write(value);
    }

    public readonly struct U32 : IReadWrite<uint>
    {
        public uint Read(BinaryReader reader) => reader.ReadUInt32();

        public void Write(BinaryWriter writer, uint value) => writer.Write(value);
    }

    public readonly struct U64 : IReadWrite<ulong>
    {
        public ulong Read(BinaryReader reader) => reader.ReadUInt64();

        public void Write(BinaryWriter writer, ulong value) => writer.Write(value);
    }

    public readonly struct I32 : IReadWrite<int>
    {
        public int Read(BinaryReader reader) => reader.ReadInt32();

        public void Write(BinaryWriter writer, int value) => writer.Write(value);
    }

    public readonly struct I64 : IReadWrite<long>
    {
        public long Read(BinaryReader reader) => reader.ReadInt64();

        public void Write(BinaryWriter writer, long value) => writer.Write(value);
    }

    public readonly struct String : IReadWrite<string>
    {
        public string Read(BinaryReader reader)
        {
            var length = reader.ReadUInt32();
            if (length > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new EndOfStreamException($"BSATN string of {length} bytes runs past the end of the buffer.");
            }

            return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
        }

        public void Write(BinaryWriter writer, string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            writer.Write((uint)bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>Option of a reference type: tag 0 = some, tag 1 = none.</summary>
    public readonly struct RefOption<Inner, InnerRW> : IReadWrite<Inner?>
        where Inner : class
        where InnerRW : IReadWrite<Inner>, new()
    {
        private static readonly InnerRW InnerSerializer = new();

        public Inner? Read(BinaryReader reader) => reader.ReadByte() switch
        {
            0 => InnerSerializer.Read(reader),
            1 => null,
            var tag => throw new InvalidDataException($"Invalid BSATN option tag {tag}."),
        };

        public void Write(BinaryWriter writer, Inner? value)
        {
            if (value is null)
            {
                writer.Write((byte)1);
            }
            else
            {
                writer.Write((byte)0);
                InnerSerializer.Write(writer, value);
            }
        }
    }

    /// <summary>Option of a value type: tag 0 = some, tag 1 = none.</summary>
    public readonly struct ValueOption<Inner, InnerRW> : IReadWrite<Inner?>
        where Inner : struct
        where InnerRW : IReadWrite<Inner>, new()
    {
        private static readonly InnerRW InnerSerializer = new();

        public Inner? Read(BinaryReader reader) => reader.ReadByte() switch
        {
            0 => InnerSerializer.Read(reader),
            1 => null,
            var tag => throw new InvalidDataException($"Invalid BSATN option tag {tag}."),
        };

        public void Write(BinaryWriter writer, Inner? value)
        {
            if (value is { } some)
            {
                writer.Write((byte)0);
                InnerSerializer.Write(writer, some);
            }
            else
            {
                writer.Write((byte)1);
            }
        }
    }

    /// <summary>Array: u32 count + elements.</summary>
    public readonly struct List<Element, ElementRW> : IReadWrite<System.Collections.Generic.List<Element>>
        where ElementRW : IReadWrite<Element>, new()
    {
        private static readonly ElementRW ElementSerializer = new();

        public System.Collections.Generic.List<Element> Read(BinaryReader reader)
        {
            var count = reader.ReadUInt32();
            var list = new System.Collections.Generic.List<Element>();
            for (var i = 0u; i < count; i++)
            {
                list.Add(ElementSerializer.Read(reader));
            }

            return list;
        }

        public void Write(BinaryWriter writer, System.Collections.Generic.List<Element> value)
        {
            writer.Write((uint)value.Count);
            foreach (var element in value)
            {
                ElementSerializer.Write(writer, element);
            }
        }
    }
}

namespace SpacetimeDB
{
    /// <summary>Marks a type for the BSATN source generator (here: its output is written by hand).</summary>
    [AttributeUsage(AttributeTargets.Struct | AttributeTargets.Class | AttributeTargets.Enum, Inherited = false, AllowMultiple = false)]
    public sealed class TypeAttribute : Attribute
    {
    }

    /// <summary>Base of sum types; the variants are nested records generated by the BSATN source generator.</summary>
    public abstract record TaggedEnum<Variants>
        where Variants : struct, ITuple
    {
    }

    /// <summary>BSATN helpers used by generated bindings.</summary>
    public static class BSATNHelpers
    {
        public static T Decode<T>(byte[] bsatn)
            where T : BSATN.IStructuralReadWrite, new()
        {
            using var stream = new MemoryStream(bsatn, writable: false);
            using var reader = new BinaryReader(stream);
            var value = BSATN.IStructuralReadWrite.Read<T>(reader);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{typeof(T).Name}: {stream.Length - stream.Position} trailing bytes after decoding.");
            }

            return value;
        }

        public static T Decode<T>(List<byte> bsatn)
            where T : BSATN.IStructuralReadWrite, new() => Decode<T>(bsatn.ToArray());

        internal static byte[] Encode<T>(T value)
            where T : BSATN.IStructuralReadWrite => BSATN.IStructuralReadWrite.ToBytes(value);
    }

    /// <summary>Base of the SDK's own exceptions (sdks/csharp/src/Exceptions.cs).</summary>
    public class SpacetimeDBException : Exception
    {
        public const int SPACETIMEDB_EMPTY_REDUCER_NAME = unchecked((int)0x8A000000) + 1;

        public SpacetimeDBException()
            : base()
        {
            HResult = unchecked((int)0x8A000000);
        }

        public SpacetimeDBException(string? message)
            : base(message)
        {
            HResult = unchecked((int)0x8A000000);
        }

        public SpacetimeDBException(string? message, Exception? innerException)
            : base(message, innerException)
        {
            HResult = unchecked((int)0x8A000000);
        }
    }

    /// <summary>An invalid argument (sdks/csharp/src/Exceptions.cs).</summary>
    public class SpacetimeDBArgumentException : SpacetimeDBException
    {
        private readonly string? _paramName;

        public SpacetimeDBArgumentException()
            : base("Value does not fall within the expected range.")
        {
        }

        public SpacetimeDBArgumentException(string? message)
            : base(message)
        {
        }

        public SpacetimeDBArgumentException(string? message, Exception? innerException)
            : base(message, innerException)
        {
        }

        public SpacetimeDBArgumentException(string? message, string? paramName)
            : base(message)
        {
            _paramName = paramName;
        }

        public SpacetimeDBArgumentException(string? message, string? paramName, Exception? innerException)
            : base(message, innerException)
        {
            _paramName = paramName;
        }

        public virtual string? ParamName => _paramName;
    }

    /// <summary>Thrown by generated <c>ToReducer</c> when a transaction carries an empty reducer name.</summary>
    public class SpacetimeDBEmptyReducerNameException : SpacetimeDBArgumentException
    {
        private const string DefaultMessage = "Empty reducer name received from server";

        public SpacetimeDBEmptyReducerNameException()
            : base(DefaultMessage, (string?)null)
        {
            HResult = SPACETIMEDB_EMPTY_REDUCER_NAME;
        }

        public SpacetimeDBEmptyReducerNameException(string? paramName)
            : base(DefaultMessage, paramName)
        {
            HResult = SPACETIMEDB_EMPTY_REDUCER_NAME;
        }

        public SpacetimeDBEmptyReducerNameException(string? message, string? paramName)
            : base(message, paramName)
        {
            HResult = SPACETIMEDB_EMPTY_REDUCER_NAME;
        }

        public SpacetimeDBEmptyReducerNameException(string? message, Exception? innerException)
            : base(message, null, innerException)
        {
            HResult = SPACETIMEDB_EMPTY_REDUCER_NAME;
        }

        public SpacetimeDBEmptyReducerNameException(string? message, string? paramName, Exception? innerException)
            : base(message, paramName, innerException)
        {
            HResult = SPACETIMEDB_EMPTY_REDUCER_NAME;
        }
    }
}
