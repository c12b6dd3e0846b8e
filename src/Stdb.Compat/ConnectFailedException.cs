using System;

namespace Stdb.Compat;

/// <summary>The connection could not be established.</summary>
public class ConnectFailedException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public ConnectFailedException(string message, Exception? innerException)
        : this(message, innerException, isTransient: true)
    {
    }

    /// <summary>Creates the exception, saying whether another attempt may succeed.</summary>
    public ConnectFailedException(string message, Exception? innerException, bool isTransient)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when another attempt may succeed (refused, unreachable, timed out); false when retrying cannot fix it.</summary>
    public bool IsTransient { get; }
}
