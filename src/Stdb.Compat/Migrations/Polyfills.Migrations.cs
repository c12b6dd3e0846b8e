using System;
using System.Collections.Generic;

namespace Stdb.Compat.Migrations;

/// <summary>Small helpers netstandard2.1 lacks.</summary>
internal static class MigrationExtensions
{
    public static bool TrueForAll<T>(this IReadOnlyList<T> list, Func<T, bool> predicate)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (!predicate(list[i]))
            {
                return false;
            }
        }

        return true;
    }
}
