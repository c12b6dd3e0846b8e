namespace Stdb.Compat.Driver;

/// <summary>Compression the server is asked to use for server-to-client messages. Mirrors the SDK's <c>Compression</c> enum.</summary>
public enum DriverCompression
{
    /// <summary>No compression.</summary>
    None = 0,

    /// <summary>Brotli, the SDK default.</summary>
    Brotli = 1,

    /// <summary>Gzip.</summary>
    Gzip = 2,
}
