// Mirrors the Uuid of crates/bindings-csharp/BSATN.Runtime/BSATN/Uuid.cs (present at v1.12.0 and v2.x; 2.x bindings
// use it for `Uuid` columns, procedure returns and primary keys). A UUID stored as a U128 (BSATN: the U128's 16 bytes).
// Guessed / simplified: only construction, NIL / MAX, ordering, ToString (hyphenated lower-case hex, as Guid prints the
// big-endian value) and the BSATN serializer; the v4/v7 factories, Guid conversions, Parse and GetVersion are absent
// (no fixture or driver uses them). Member-by-member audit: tests/SdkStandIns/AUDIT.md.
using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace SpacetimeDB;

/// <summary>A 128-bit UUID.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Uuid : IEquatable<Uuid>, IComparable, IComparable<Uuid>
{
    private readonly U128 _value;

    public Uuid(U128 val) => _value = val;

    public static readonly Uuid NIL = new(new U128(0, 0));

    public static readonly Uuid MAX = new(new U128(ulong.MaxValue, ulong.MaxValue));

    public int CompareTo(Uuid other) => _value.CompareTo(other._value);

    public int CompareTo(object? value) => value switch
    {
        Uuid other => CompareTo(other),
        null => 1,
        _ => throw new ArgumentException("Argument must be a Uuid", nameof(value)),
    };

    public static bool operator <(Uuid l, Uuid r) => l.CompareTo(r) < 0;

    public static bool operator >(Uuid l, Uuid r) => l.CompareTo(r) > 0;

    public override string ToString()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            new U128.BSATN().Write(writer, _value);
        }

        // The U128 is written little-endian; the textual form is the big-endian hex.
        var bytes = stream.ToArray();
        Array.Reverse(bytes);
        var hex = string.Concat(Array.ConvertAll(bytes, b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return $"{hex.Substring(0, 8)}-{hex.Substring(8, 4)}-{hex.Substring(12, 4)}-{hex.Substring(16, 4)}-{hex.Substring(20)}";
    }

    public readonly partial struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<Uuid>
    {
        public Uuid Read(BinaryReader reader) => new(new U128.BSATN().Read(reader));

        public void Write(BinaryWriter writer, Uuid value) => new U128.BSATN().Write(writer, value._value);
    }
}
