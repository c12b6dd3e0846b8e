using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Driver;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Testing.Schema;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Tests.Fakes;

/// <summary>Where the default schema checks fetch in tests: the simulated servers' live schemas, every fetch counted per target.</summary>
public sealed class CountingSchemaSources
{
    private readonly Dictionary<Uri, SimulatedServer> _servers;
    private readonly ConcurrentDictionary<(Uri Server, string Database), int> _fetches = new();

    public CountingSchemaSources(params SimulatedServer[] servers) => _servers = servers.ToDictionary(s => s.Uri);

    /// <summary>Fetches across every target.</summary>
    public int Total => _fetches.Values.Sum();

    /// <summary>Tokens the fetches carried (the lane's).</summary>
    public ConcurrentQueue<string?> Tokens { get; } = new();

    public int Of(SimulatedServer server, string database) => _fetches.TryGetValue((server.Uri, database), out var n) ? n : 0;

    public IModuleSchemaSource Create(SchemaFetcherOptions options) => new Counting(this, options);

    private sealed class Counting : IModuleSchemaSource
    {
        private readonly CountingSchemaSources _owner;
        private readonly SchemaFetcherOptions _options;

        public Counting(CountingSchemaSources owner, SchemaFetcherOptions options)
        {
            _owner = owner;
            _options = options;
        }

        public Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default)
        {
            _owner._fetches.AddOrUpdate((_options.ServerUri!, _options.DatabaseName), 1, (_, n) => n + 1);
            _owner.Tokens.Enqueue(_options.Token);
            return new SimulatedModuleSchemaSource(_owner._servers[_options.ServerUri!], _options.DatabaseName).FetchAsync(cancellationToken);
        }
    }
}

/// <summary>A simulated driver that carries its generation's manifest (as generated bindings do): its lane builds the default schema check.</summary>
public sealed class ManifestedDriver : IConnectionDriver, IBindingsManifestSource
{
    private readonly IConnectionDriver _inner;

    public ManifestedDriver(IConnectionDriver inner, BindingsManifest manifest)
    {
        _inner = inner;
        Manifest = manifest;
    }

    public BindingsManifest Manifest { get; }

    public DriverCapabilities Capabilities => _inner.Capabilities;

    public IReadOnlyList<DriverTable> Tables => _inner.Tables;

    public IReadOnlyList<DriverReducer> Reducers => _inner.Reducers;

    public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener) => _inner.Open(options, listener);
}
