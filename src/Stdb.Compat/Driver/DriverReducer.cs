using System;
using System.Collections.Generic;

namespace Stdb.Compat.Driver;

/// <summary>A reducer the bindings can call: its names, argument type and parameters.</summary>
public sealed class DriverReducer
{
    /// <summary>Creates a reducer description.</summary>
    /// <param name="wireName">Name on the wire (<c>IReducerArgs.ReducerName</c>).</param>
    /// <param name="accessorName">Name of the generated call method, e.g. <c>DealDamage</c>.</param>
    /// <param name="argsType">The generated <c>Reducer.X</c> argument class.</param>
    /// <param name="parameters">Parameters in positional order.</param>
    /// <param name="isLifecycle">True for lifecycle reducers, which clients cannot call.</param>
    public DriverReducer(string wireName, string accessorName, Type argsType, IReadOnlyList<DriverField> parameters, bool isLifecycle = false)
    {
        if (string.IsNullOrEmpty(wireName))
        {
            throw new ArgumentException("A reducer needs a wire name.", nameof(wireName));
        }

        WireName = wireName;
        AccessorName = string.IsNullOrEmpty(accessorName) ? wireName : accessorName;
        ArgsType = argsType ?? throw new ArgumentNullException(nameof(argsType));
        Parameters = parameters ?? Array.Empty<DriverField>();
        IsLifecycle = isLifecycle;
    }

    /// <summary>Name on the wire.</summary>
    public string WireName { get; }

    /// <summary>Name of the generated call method.</summary>
    public string AccessorName { get; }

    /// <summary>The generated argument class.</summary>
    public Type ArgsType { get; }

    /// <summary>Parameters in positional order.</summary>
    public IReadOnlyList<DriverField> Parameters { get; }

    /// <summary>True for lifecycle reducers (init, client connected/disconnected).</summary>
    public bool IsLifecycle { get; }

    /// <inheritdoc />
    public override string ToString() => WireName;
}
