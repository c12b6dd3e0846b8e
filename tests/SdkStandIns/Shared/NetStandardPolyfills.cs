// Stand-in only: BCL calls missing from netstandard2.1, so the stand-ins also build for netstandard2.1 (the generator
// tests compile generated drivers as a Unity-style netstandard2.1 library against that build).
using System;

namespace SpacetimeDB;

internal static class NetStandardPolyfills
{
    public static byte[] FromHexString(string hex)
    {
#if NET5_0_OR_GREATER
        return Convert.FromHexString(hex);
#else
        if (hex.Length % 2 != 0)
        {
            throw new FormatException("The hex string has an odd length.");
        }

        var bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(hex.Substring(i * 2, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        }

        return bytes;
#endif
    }

    public static string ToHexString(ReadOnlySpan<byte> bytes)
    {
#if NET5_0_OR_GREATER
        return Convert.ToHexString(bytes);
#else
        var text = new System.Text.StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
#endif
    }

    public static bool AllZero(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }

    public static void AddBytes(ref HashCode hash, ReadOnlySpan<byte> bytes)
    {
#if NET6_0_OR_GREATER
        hash.AddBytes(bytes);
#else
        foreach (var b in bytes)
        {
            hash.Add(b);
        }
#endif
    }
}
