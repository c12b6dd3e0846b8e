using System;

namespace Stdb.Compat;

/// <summary>Base type of every error Stdb.Compat raises on purpose. Messages never contain auth tokens.</summary>
public class StdbCompatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StdbCompatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public StdbCompatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
