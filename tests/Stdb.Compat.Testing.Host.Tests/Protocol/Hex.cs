using System;
using System.Linq;

namespace Stdb.Compat.Testing.Host.Tests.Protocol;

/// <summary>Golden bytes written as spaced hex ("00 2a ff"), so each field can be read off in the test.</summary>
internal static class Hex
{
    public static byte[] Bytes(string spaced) => Convert.FromHexString(string.Concat(spaced.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(byte[] bytes) => string.Join(" ", bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>n bytes of value b.</summary>
    public static string Repeat(byte b, int n) => string.Join(" ", Enumerable.Repeat(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture), n));
}
