using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stdb.Compat.Migrations;

/// <summary>
/// An order-independent content hash: each row's SHA-256 (over its key and canonical content) is added, wrapping,
/// into a 128-bit sum. Sums (not XOR) so two equal rows do not cancel out.
/// </summary>
internal sealed class ContentHasher : IDisposable
{
    private readonly SHA256 _sha = SHA256.Create();
    private ulong _high;
    private ulong _low;

    public long Count { get; private set; }

    public (ulong High, ulong Low) Add(string key, string content)
    {
        var row = Hash(key, content);
        var low = unchecked(_low + row.Low);
        _high = unchecked(_high + row.High + (low < _low ? 1UL : 0UL));
        _low = low;
        Count++;
        return row;
    }

    public (ulong High, ulong Low) Hash(string key, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(key + "\u0000" + content);
        var digest = _sha.ComputeHash(bytes);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest.AsSpan(0, 8)), BinaryPrimitives.ReadUInt64BigEndian(digest.AsSpan(8, 8)));
    }

    public string Hex => _high.ToString("x16", CultureInfo.InvariantCulture) + _low.ToString("x16", CultureInfo.InvariantCulture);

    public void Dispose() => _sha.Dispose();
}
