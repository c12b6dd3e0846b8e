using System;

namespace Stdb.Compat.Internal;

/// <summary>
/// Matches a name the app wrote against a wire name and a C# accessor name, ignoring case and underscores, so
/// "Player", "player", "deal_damage" and "DealDamage" all find their item under both wire-name policies.
/// </summary>
internal static class NameMatch
{
    public static bool Matches(string requested, string wireName, string accessorName) =>
        string.Equals(requested, wireName, StringComparison.Ordinal)
        || string.Equals(requested, accessorName, StringComparison.Ordinal)
        || Loose(requested, wireName)
        || Loose(requested, accessorName);

    public static bool IsExact(string requested, string wireName) => string.Equals(requested, wireName, StringComparison.Ordinal);

    private static bool Loose(string a, string b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && a[i] == '_')
            {
                i++;
            }

            while (j < b.Length && b[j] == '_')
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (char.ToUpperInvariant(a[i]) != char.ToUpperInvariant(b[j]))
            {
                return false;
            }

            i++;
            j++;
        }
    }
}
