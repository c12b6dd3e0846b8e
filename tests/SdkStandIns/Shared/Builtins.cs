// Mirrors crates/bindings-csharp/BSATN.Runtime/Builtins.cs at v1.12.0 and v2.8.0 (same shape in both): Unit, U128,
// Identity, ConnectionId, Timestamp, TimeDuration, ScheduleAt, Result<T, E>.
// Guessed / simplified: only the members the fixtures, the SDK stand-in and the generated drivers touch; parsing and
// formatting helpers (FromHexString, ToString formats) follow the real ones by reading, not by test; I128/I256/U256
// and Uuid are absent.
// Timestamp and TimeDuration implement IStructuralReadWrite as the real ones do; U128 has no conversions the real one
// lacks. GUESS: Unit's equality members (IEquatable<Unit>, ==, !=) stand for what the BSATN source generator emits for
// the real `readonly partial struct Unit`. Member-by-member audit: tests/SdkStandIns/AUDIT.md.
using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace SpacetimeDB;

/// <summary>The unit type (empty product).</summary>
public readonly struct Unit : IEquatable<Unit>
{
    public bool Equals(Unit other) => true;

    public override bool Equals(object? obj) => obj is Unit;

    public override int GetHashCode() => 0;

    public override string ToString() => "()";

    public static bool operator ==(Unit left, Unit right) => true;

    public static bool operator !=(Unit left, Unit right) => false;

    public readonly struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<Unit>
    {
        public Unit Read(BinaryReader reader) => default;

        public void Write(BinaryWriter writer, Unit value)
        {
        }
    }
}

/// <summary>Unsigned 128-bit integer.</summary>
public readonly record struct U128 : IEquatable<U128>, IComparable<U128>, IComparable
{
    private readonly ulong _upper;
    private readonly ulong _lower;

    public U128(ulong upper, ulong lower)
    {
        _upper = upper;
        _lower = lower;
    }

    public int CompareTo(U128 value) => _upper != value._upper ? _upper.CompareTo(value._upper) : _lower.CompareTo(value._lower);

    public int CompareTo(object? value) => value is U128 other ? CompareTo(other) : 1;

#if NET7_0_OR_GREATER
    public override string ToString() => new UInt128(_upper, _lower).ToString(CultureInfo.InvariantCulture);
#else
    // netstandard2.1 build (used only to compile generated drivers as a Unity-style library): no System.UInt128.
    public override string ToString() => "0x" + _upper.ToString("x16", CultureInfo.InvariantCulture) + _lower.ToString("x16", CultureInfo.InvariantCulture);
#endif

    public readonly struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<U128>
    {
        public U128 Read(BinaryReader reader)
        {
            var lower = reader.ReadUInt64();
            var upper = reader.ReadUInt64();
            return new U128(upper, lower);
        }

        public void Write(BinaryWriter writer, U128 value)
        {
            writer.Write(value._lower);
            writer.Write(value._upper);
        }
    }
}

/// <summary>A 256-bit client identity. Bytes are little-endian; the hex form is big-endian upper case.</summary>
public readonly record struct Identity : IEquatable<Identity>, IComparable, IComparable<Identity>
{
    private const int Size = 32;
    private readonly ulong _w0; // least significant
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3; // most significant

    /// <summary>Reads 32 little-endian bytes.</summary>
    public Identity(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"Identity must be {Size} bytes long, got {bytes.Length}.", nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[..8]);
        _w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..16]);
        _w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..24]);
        _w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..32]);
    }

    public static Identity From(ReadOnlySpan<byte> bytes) => new(bytes);

    public static Identity FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Array.Reverse(copy);
        return new Identity(copy);
    }

    public static Identity FromHexString(string hex)
    {
        if (hex is null || hex.Length != Size * 2)
        {
            throw new ArgumentException($"Expected a {Size * 2}-character hex string, got {hex?.Length ?? 0} characters.", nameof(hex));
        }

        return FromBigEndian(NetStandardPolyfills.FromHexString(hex));
    }

    internal byte[] ToByteArray()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0, 8), _w0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8, 8), _w1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16, 8), _w2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24, 8), _w3);
        return bytes;
    }

    public int CompareTo(Identity other)
    {
        if (_w3 != other._w3)
        {
            return _w3.CompareTo(other._w3);
        }

        if (_w2 != other._w2)
        {
            return _w2.CompareTo(other._w2);
        }

        return _w1 != other._w1 ? _w1.CompareTo(other._w1) : _w0.CompareTo(other._w0);
    }

    public int CompareTo(object? obj) => obj is Identity other ? CompareTo(other) : 1;

    public override string ToString()
    {
        var bytes = ToByteArray();
        Array.Reverse(bytes);
        return NetStandardPolyfills.ToHexString(bytes);
    }

    public readonly struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<Identity>
    {
        public Identity Read(BinaryReader reader) => new(reader.ReadBytes(Size));

        public void Write(BinaryWriter writer, Identity value) => writer.Write(value.ToByteArray());
    }
}

/// <summary>A 128-bit connection id. No public constructor takes data; the factories return null for all-zero.</summary>
public readonly record struct ConnectionId : IEquatable<ConnectionId>, IComparable, IComparable<ConnectionId>
{
    private const int Size = 16;
    private readonly ulong _lower;
    private readonly ulong _upper;

    private ConnectionId(ulong lower, ulong upper)
    {
        _lower = lower;
        _upper = upper;
    }

    public static ConnectionId? From(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"ConnectionId must be {Size} bytes long, got {bytes.Length}.", nameof(bytes));
        }

        var id = new ConnectionId(BinaryPrimitives.ReadUInt64LittleEndian(bytes[..8]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..16]));
        return id._lower == 0 && id._upper == 0 ? null : id;
    }

    public static ConnectionId? FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Array.Reverse(copy);
        return From(copy);
    }

    public static ConnectionId? FromHexString(string hex)
    {
        if (hex is null || hex.Length != Size * 2)
        {
            throw new ArgumentException($"Expected a {Size * 2}-character hex string, got {hex?.Length ?? 0} characters.", nameof(hex));
        }

        return FromBigEndian(NetStandardPolyfills.FromHexString(hex));
    }

    public static ConnectionId Random()
    {
        Span<byte> bytes = stackalloc byte[Size];
        do
        {
            RandomNumberGenerator.Fill(bytes);
        }
        while (NetStandardPolyfills.AllZero(bytes));

        return From(bytes)!.Value;
    }

    internal byte[] ToByteArray()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0, 8), _lower);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8, 8), _upper);
        return bytes;
    }

    public int CompareTo(ConnectionId other) => _upper != other._upper ? _upper.CompareTo(other._upper) : _lower.CompareTo(other._lower);

    public int CompareTo(object? obj) => obj is ConnectionId other ? CompareTo(other) : 1;

    public override string ToString()
    {
        var bytes = ToByteArray();
        Array.Reverse(bytes);
        return NetStandardPolyfills.ToHexString(bytes);
    }

    public readonly struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<ConnectionId>
    {
        public ConnectionId Read(BinaryReader reader)
        {
            var lower = reader.ReadUInt64();
            var upper = reader.ReadUInt64();
            return new ConnectionId(lower, upper);
        }

        public void Write(BinaryWriter writer, ConnectionId value) => writer.Write(value.ToByteArray());
    }
}

/// <summary>Microseconds since the Unix epoch.</summary>
public record struct Timestamp(long MicrosecondsSinceUnixEpoch) : global::SpacetimeDB.BSATN.IStructuralReadWrite, IComparable<Timestamp>
{
    public static implicit operator DateTimeOffset(Timestamp t) => DateTimeOffset.UnixEpoch.AddTicks(t.MicrosecondsSinceUnixEpoch * 10);

    public static implicit operator Timestamp(DateTimeOffset offset) => new((offset.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);

    public readonly int CompareTo(Timestamp other) => MicrosecondsSinceUnixEpoch.CompareTo(other.MicrosecondsSinceUnixEpoch);

    public void ReadFields(BinaryReader reader) => MicrosecondsSinceUnixEpoch = reader.ReadInt64();

    public readonly void WriteFields(BinaryWriter writer) => writer.Write(MicrosecondsSinceUnixEpoch);

    readonly object global::SpacetimeDB.BSATN.IStructuralReadWrite.GetSerializer() => new BSATN();

    public readonly struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<Timestamp>
    {
        public Timestamp Read(BinaryReader reader) => new(reader.ReadInt64());

        public void Write(BinaryWriter writer, Timestamp value) => writer.Write(value.MicrosecondsSinceUnixEpoch);
    }
}

/// <summary>A duration in microseconds.</summary>
public record struct TimeDuration(long Microseconds) : global::SpacetimeDB.BSATN.IStructuralReadWrite
{
    public void ReadFields(BinaryReader reader) => Microseconds = reader.ReadInt64();

    public readonly void WriteFields(BinaryWriter writer) => writer.Write(Microseconds);

    readonly object global::SpacetimeDB.BSATN.IStructuralReadWrite.GetSerializer() => new BSATN();

    public readonly struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<TimeDuration>
    {
        public TimeDuration Read(BinaryReader reader) => new(reader.ReadInt64());

        public void Write(BinaryWriter writer, TimeDuration value) => writer.Write(value.Microseconds);
    }
}

// Mirrors ScheduleAt and Result<T, E> of crates/bindings-csharp/BSATN.Runtime/Builtins.cs (v1.12.0 and v2.8.0): sum
// types over TaggedEnum. The variant records and implicit conversions are reproduced; the BSATN serializers the real
// source generator adds (and Result's Match/Unwrap helpers) are not (stand-in gap: no fixture sends them on the wire).
public partial record ScheduleAt : TaggedEnum<(TimeDuration Interval, Timestamp Time)>
{
    public static implicit operator ScheduleAt(TimeDuration duration) => new Interval(duration);

    public static implicit operator ScheduleAt(Timestamp time) => new Time(time);

    public sealed record Interval(TimeDuration Interval_) : ScheduleAt;

    public sealed record Time(Timestamp Time_) : ScheduleAt;
}

public partial record Result<T, E> : TaggedEnum<(T Ok, E Err)>
{
    public static implicit operator Result<T, E>(T value) => new OkR(value);

    public static implicit operator Result<T, E>(E error) => new ErrR(error);

    public static Result<T, E> Ok(T value) => new OkR(value);

    public static Result<T, E> Err(E error) => new ErrR(error);

    public sealed record OkR(T Value) : Result<T, E>;

    public sealed record ErrR(E Error) : Result<T, E>;
}
