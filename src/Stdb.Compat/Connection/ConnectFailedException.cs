using System;

namespace Stdb.Compat.Connection;

/// <summary>The connection could not be established.</summary>
public class ConnectFailedException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public ConnectFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
