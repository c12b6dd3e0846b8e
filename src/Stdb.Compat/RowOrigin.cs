using System;

namespace Stdb.Compat;

/// <summary>Normalised origin of a row change or event.</summary>
public readonly struct RowOrigin : IEquatable<RowOrigin>
{
    /// <summary>Creates an origin.</summary>
    public RowOrigin(RowOriginKind kind, long callId = 0, string? reducer = null)
    {
        Kind = kind;
        CallId = callId;
        Reducer = reducer;
    }

    /// <summary>Origin of rows delivered by a subscription.</summary>
    public static RowOrigin Subscription => new(RowOriginKind.Subscription);

    /// <summary>Origin of changes whose cause is unknown.</summary>
    public static RowOrigin Unknown => new(RowOriginKind.Unknown);

    /// <summary>What caused the change.</summary>
    public RowOriginKind Kind { get; }

    /// <summary>
    /// For <see cref="RowOriginKind.OwnCall"/>: the id of the call (as in <c>ReducerOutcome.CallId</c>), or 0 when the
    /// call was made outside Stdb.Compat.
    /// </summary>
    public long CallId { get; }

    /// <summary>Wire name of the reducer, when known.</summary>
    public string? Reducer { get; }

    /// <summary>Creates the origin of an own call.</summary>
    public static RowOrigin OwnCall(long callId, string? reducer) => new(RowOriginKind.OwnCall, callId, reducer);

    /// <summary>Creates the origin of another client's action.</summary>
    public static RowOrigin OtherClient(string? reducer) => new(RowOriginKind.OtherClient, 0, reducer);

    /// <inheritdoc />
    public bool Equals(RowOrigin other) => Kind == other.Kind && CallId == other.CallId && string.Equals(Reducer, other.Reducer, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RowOrigin other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ((int)Kind * 397) ^ CallId.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(RowOrigin left, RowOrigin right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RowOrigin left, RowOrigin right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RowOriginKind.OwnCall => $"OwnCall(#{CallId} {Reducer})",
        RowOriginKind.OtherClient when Reducer is not null => $"OtherClient({Reducer})",
        _ => Kind.ToString(),
    };
}
