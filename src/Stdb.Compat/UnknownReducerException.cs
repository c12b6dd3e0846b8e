using System;

namespace Stdb.Compat;

/// <summary>A reducer name or argument type that the bindings do not know.</summary>
public sealed class UnknownReducerException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public UnknownReducerException(string reducer, string knownReducers)
        : base($"The bindings have no reducer '{reducer}'. Known reducers: {knownReducers}.")
    {
        Reducer = reducer;
    }

    /// <summary>The reducer name or argument type name that was asked for.</summary>
    public string Reducer { get; }
}
