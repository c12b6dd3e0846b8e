using System;

namespace Stdb.Compat.Cli.Manifests;

/// <summary><c>stdb-compat manifest</c> could not write a manifest; <see cref="Failure"/> says why.</summary>
internal sealed class ManifestExtractionException : Exception
{
    public ManifestExtractionException()
    {
    }

    public ManifestExtractionException(string message)
        : base(message)
    {
    }

    public ManifestExtractionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ManifestExtractionException(ManifestExtractionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public ManifestExtractionFailure Failure { get; }
}
