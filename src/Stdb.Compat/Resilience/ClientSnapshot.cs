using System;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Resilience;

/// <summary>
/// One validated copy of the client's settings. A connection attempt takes the newest valid snapshot when it starts
/// and keeps it to its end; everything the engines read of the options comes from here.
/// </summary>
internal sealed class ClientSnapshot
{
    public ClientSnapshot(Uri serverUri, string databaseName, string? token, bool lightMode, bool? confirmedReads, DriverCompression? compression, TimeSpan reducerTimeout, CompatResilienceOptions resilience)
    {
        ServerUri = serverUri;
        DatabaseName = databaseName;
        Token = token;
        LightMode = lightMode;
        ConfirmedReads = confirmedReads;
        Compression = compression;
        ReducerTimeout = reducerTimeout;
        Resilience = resilience;
    }

    public Uri ServerUri { get; }

    public string DatabaseName { get; }

    /// <summary>The token configured for the first connect, or null. A secret.</summary>
    public string? Token { get; }

    public bool LightMode { get; }

    public bool? ConfirmedReads { get; }

    public DriverCompression? Compression { get; }

    public TimeSpan ReducerTimeout { get; }

    public CompatResilienceOptions Resilience { get; }
}

/// <summary>Where the snapshots come from: fixed options, or a configuration that may reload.</summary>
internal interface IClientSnapshotSource
{
    /// <summary>The snapshot in force.</summary>
    ClientSnapshot Current { get; }

    /// <summary>
    /// Called when a connection attempt starts: takes the newest options if they validate, otherwise logs why and
    /// keeps the snapshot in force. Returns the snapshot the attempt runs with.
    /// </summary>
    ClientSnapshot Refresh();

    /// <summary>A token cancelled when a new snapshot comes into force (the standard pipelines are rebuilt).</summary>
    System.Threading.CancellationToken ReloadToken();
}

/// <summary>Options given once, in code: one snapshot for the client's whole life.</summary>
internal sealed class FixedSnapshotSource : IClientSnapshotSource
{
    public FixedSnapshotSource(ClientSnapshot snapshot) => Current = snapshot;

    public ClientSnapshot Current { get; }

    public ClientSnapshot Refresh() => Current;

    public System.Threading.CancellationToken ReloadToken() => System.Threading.CancellationToken.None;
}

/// <summary>The services the client uses (from DI or <c>CompatClientServices</c>), never part of the options.</summary>
internal sealed class ClientServices
{
    public ICompatibilityCheck? CompatibilityCheck { get; init; }

    public ITokenStore? TokenStore { get; init; }

    public Polly.Registry.ResiliencePipelineProvider<string>? Pipelines { get; init; }

    /// <summary>Wraps the default check as the circuit runs it (a schema-path client selects again when it says incompatible).</summary>
    public System.Func<ICompatibilityCheck, ICompatibilityCheck>? ObserveDefaultCheck { get; init; }

    /// <summary>The latest path selection's schemas, handed to the default check after connecting (a schema-path client's lanes).</summary>
    public SchemaFetchHandover? SchemaFetches { get; init; }

    /// <summary>Where the default check fetches the live schema (tests); HTTP when null.</summary>
    public System.Func<Schema.Fetching.SchemaFetcherOptions, Schema.Fetching.IModuleSchemaSource>? SchemaSources { get; init; }
}
