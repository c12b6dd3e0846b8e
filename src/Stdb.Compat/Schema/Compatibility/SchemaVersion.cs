using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Stdb.Compat.Schema.Diff;

namespace Stdb.Compat.Schema.Compatibility;

/// <summary>A semantic schema version, MAJOR.MINOR.PATCH: MAJOR for breaking changes, MINOR for additive or dangerous ones, PATCH for the rest.</summary>
public readonly record struct SchemaVersion(int Major, int Minor, int Patch) : IComparable<SchemaVersion>
{
    /// <summary>Parses <c>MAJOR.MINOR.PATCH</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException">Not a version.</exception>
    public static SchemaVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a schema version (MAJOR.MINOR.PATCH).");

    /// <summary>Tries to parse <c>MAJOR.MINOR.PATCH</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="version">The version.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string? text, out SchemaVersion version)
    {
        version = default;
        var parts = text?.Split('.');
        if (parts is null || parts.Length != 3)
        {
            return false;
        }

        var n = new int[3];
        for (var i = 0; i < 3; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out n[i]))
            {
                return false;
            }
        }

        version = new SchemaVersion(n[0], n[1], n[2]);
        return true;
    }

    /// <summary>The version that follows this one, given the changes from this version's schema to the next.</summary>
    /// <param name="changes">Changes from <c>SchemaCompatibility.Diff(previous, next)</c>.</param>
    /// <returns>The next version (unchanged when there are no changes).</returns>
    public SchemaVersion Next(IEnumerable<SchemaChange> changes)
    {
        var list = (changes ?? throw new ArgumentNullException(nameof(changes))).ToList();
        if (list.Count == 0)
        {
            return this;
        }

        if (list.Any(c => c.Criticality == ChangeCriticality.Breaking))
        {
            return new SchemaVersion(Major + 1, 0, 0);
        }

        if (list.Any(c => c.Criticality == ChangeCriticality.Dangerous || c.Kind.ToString().StartsWith("Add", StringComparison.Ordinal)))
        {
            return new SchemaVersion(Major, Minor + 1, 0);
        }

        return new SchemaVersion(Major, Minor, Patch + 1);
    }

    /// <inheritdoc/>
    public int CompareTo(SchemaVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0)
        {
            return c;
        }

        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    /// <summary>Compares two versions.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator <(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) < 0;

    /// <summary>Compares two versions.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator >(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) > 0;

    /// <summary>Compares two versions.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator <=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two versions.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The result.</returns>
    public static bool operator >=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Renders <c>MAJOR.MINOR.PATCH</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture) + "." + Patch.ToString(CultureInfo.InvariantCulture);
}
