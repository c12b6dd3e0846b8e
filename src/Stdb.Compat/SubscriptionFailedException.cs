using System;

namespace Stdb.Compat;

/// <summary>The server refused a subscription.</summary>
public sealed class SubscriptionFailedException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public SubscriptionFailedException(string queries, Exception? innerException)
        : base($"The server refused the subscription [{queries}]: {innerException?.Message}", innerException)
    {
        Queries = queries;
    }

    /// <summary>The queries of the refused subscription.</summary>
    public string Queries { get; }
}
