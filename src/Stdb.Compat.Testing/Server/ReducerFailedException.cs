using System;

namespace Stdb.Compat.Testing.Server;

/// <summary>Thrown by a simulated reducer to fail the call with <see cref="Exception.Message"/>; all its writes roll back.</summary>
public sealed class ReducerFailedException : Exception
{
    /// <summary>Creates the exception with the failure text the caller receives.</summary>
    public ReducerFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the failure text the caller receives and an inner cause.</summary>
    public ReducerFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic text.</summary>
    public ReducerFailedException()
        : base("The reducer failed.")
    {
    }
}
