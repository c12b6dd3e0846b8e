using System;

namespace Stdb.Compat.Testing.Bsatn;

/// <summary>A named element of a product or sum type: a table column, a reducer parameter, a field or a variant.</summary>
public sealed class SimColumn : IEquatable<SimColumn>
{
    /// <summary>Creates a named element.</summary>
    /// <param name="name">The name on the wire.</param>
    /// <param name="type">The algebraic type.</param>
    public SimColumn(string name, SimType type)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A column needs a name.", nameof(name));
        }

        Name = name;
        Type = type ?? throw new ArgumentNullException(nameof(type));
    }

    /// <summary>The name on the wire.</summary>
    public string Name { get; }

    /// <summary>The algebraic type.</summary>
    public SimType Type { get; }

    /// <summary>Shorthand for <c>new SimColumn(name, type)</c>.</summary>
    public static SimColumn Of(string name, SimType type) => new(name, type);

    /// <inheritdoc />
    public bool Equals(SimColumn? other) => other is not null && Name == other.Name && Type.Equals(other.Type);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SimColumn);

    /// <inheritdoc />
    public override int GetHashCode() => (Name.GetHashCode() * 397) ^ Type.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type}";
}
