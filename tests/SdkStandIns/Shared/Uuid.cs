// Mirrors SpacetimeDB.Uuid of crates/bindings-csharp/BSATN.Runtime/BSATN/Uuid.cs (identical at v1.12.0 and v2.8.0):
// a record struct over a U128, the __uuid__ special product on the wire (16 bytes, little-endian u128). Real bindings
// use it as a column / index key / procedure return type (found compiling the real 1.12 regression-test bindings).
// Reproduced: Uuid(U128), NIL, MAX, FromGuid/ToGuid/Parse/ToString (RFC 4122 text), CompareTo, < and >, the BSATN
// serializer. Not reproduced (stand-in gap): FromRandomBytesV4, FromCounterV7, GetCounter, GetVersion, UuidVersion,
// BSATN.GetAlgebraicType. Member-by-member audit: tests/SdkStandIns/AUDIT.md.
using System;
using System.IO;

namespace SpacetimeDB;

/// <summary>A 128-bit UUID carried as a <see cref="U128"/> (big-endian byte order in its text form).</summary>
public readonly record struct Uuid : IEquatable<Uuid>, IComparable, IComparable<Uuid>
{
    private readonly U128 _value;

    public Uuid(U128 val) => _value = val;

    public static readonly Uuid NIL = new(new U128(0, 0));

    public static readonly Uuid MAX = new(new U128(ulong.MaxValue, ulong.MaxValue));

    public static Uuid FromGuid(Guid guid)
    {
        // Guid's byte layout stores its first three groups little-endian; the UUID's value is the big-endian reading.
        var bytes = guid.ToByteArray();
        SwapGuidGroups(bytes);
        Array.Reverse(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return new Uuid(new U128.BSATN().Read(reader));
    }

    public static Uuid Parse(string s) => FromGuid(new Guid(s));

    public Guid ToGuid()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            new U128.BSATN().Write(writer, _value);
        }

        var bytes = stream.ToArray();
        Array.Reverse(bytes);
        SwapGuidGroups(bytes);
        return new Guid(bytes);
    }

    public override string ToString() => ToGuid().ToString();

    public int CompareTo(Uuid other) => _value.CompareTo(other._value);

    public int CompareTo(object? value) => value switch
    {
        Uuid other => CompareTo(other),
        null => 1,
        _ => throw new ArgumentException("Argument must be a Uuid", nameof(value)),
    };

    public static bool operator <(Uuid l, Uuid r) => l.CompareTo(r) < 0;

    public static bool operator >(Uuid l, Uuid r) => l.CompareTo(r) > 0;

    private static void SwapGuidGroups(byte[] bytes)
    {
        Array.Reverse(bytes, 0, 4);
        Array.Reverse(bytes, 4, 2);
        Array.Reverse(bytes, 6, 2);
    }

    public readonly partial struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<Uuid>
    {
        public Uuid Read(BinaryReader reader) => new(new U128.BSATN().Read(reader));

        public void Write(BinaryWriter writer, Uuid value) => new U128.BSATN().Write(writer, value._value);
    }
}
