using System;

namespace Stdb.Compat.Driver;

/// <summary>What one connection attempt needs: where to connect and how.</summary>
public sealed class DriverSessionOptions
{
    /// <summary>Creates session options.</summary>
    /// <param name="uri">Server URI, e.g. <c>http://localhost:3000</c>.</param>
    /// <param name="databaseName">Database name or address.</param>
    public DriverSessionOptions(Uri uri, string databaseName)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        if (string.IsNullOrWhiteSpace(databaseName))
        {
            throw new ArgumentException("A database name is required.", nameof(databaseName));
        }

        DatabaseName = databaseName;
    }

    /// <summary>Server URI.</summary>
    public Uri Uri { get; }

    /// <summary>Database name or address (1.x <c>WithModuleName</c>, 2.x <c>WithDatabaseName</c>).</summary>
    public string DatabaseName { get; }

    /// <summary>Auth token to present, or null for a new anonymous identity. A secret.</summary>
    public string? Token { get; init; }

    /// <summary>Ask for light mode (honoured by 1.x only).</summary>
    public bool LightMode { get; init; }

    /// <summary>Confirmed reads, or null to leave the server default.</summary>
    public bool? ConfirmedReads { get; init; }

    /// <summary>Compression to request, or null for the SDK default (Brotli).</summary>
    public DriverCompression? Compression { get; init; }

    /// <summary>Formats the target without the token.</summary>
    public override string ToString() => $"{Uri} / {DatabaseName}";
}
