using System;

namespace Stdb.Compat.Testing.Bsatn;

/// <summary>A value of a sum type: the variant tag and its payload.</summary>
public sealed class SimSum : IEquatable<SimSum>
{
    /// <summary>Creates a sum value.</summary>
    /// <param name="tag">The variant index.</param>
    /// <param name="payload">The payload (an empty <see cref="SimRow"/> for a unit variant).</param>
    public SimSum(byte tag, object? payload)
    {
        Tag = tag;
        Payload = payload;
    }

    /// <summary>The variant index.</summary>
    public byte Tag { get; }

    /// <summary>The payload.</summary>
    public object? Payload { get; }

    /// <inheritdoc />
    public bool Equals(SimSum? other) => other is not null && Tag == other.Tag && SimValues.AreEqual(Payload, other.Payload);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SimSum);

    /// <inheritdoc />
    public override int GetHashCode() => (Tag * 397) ^ SimValues.HashOf(Payload);

    /// <inheritdoc />
    public override string ToString() => $"#{Tag}({SimValues.Format(Payload)})";
}
