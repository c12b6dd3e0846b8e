using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Testing.Driver;

/// <summary>
/// An <see cref="IConnectionDriver"/> that talks to a <see cref="Server.SimulatedServer"/> directly, reproducing the
/// SpacetimeDB C# SDK's client behaviour for one major (1.x or 2.x): everything dispatched inside
/// <see cref="IDriverSession.FrameTick"/>, the SDK's callback order, primary-key update detection, reference-counted
/// rows across overlapping subscriptions, event tables, reducer-event kinds per protocol, silent drops while not
/// connected. Create one with <see cref="Create"/>.
/// </summary>
public sealed class SimulatedDriver : IConnectionDriver
{
    private readonly Random _random;

    internal SimulatedDriver(int sdkMajor, DriverCapabilities capabilities, IReadOnlyList<TableBinding> tables, IReadOnlyList<ReducerBinding> reducers, int seed)
    {
        SdkMajor = sdkMajor;
        Capabilities = capabilities;
        TableBindings = tables;
        ReducerBindings = reducers;
        Tables = tables.Select(t => t.Table).ToArray();
        Reducers = reducers.Select(r => r.Reducer).ToArray();
        _random = new Random(seed);
    }

    /// <inheritdoc />
    public DriverCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IReadOnlyList<DriverTable> Tables { get; }

    /// <inheritdoc />
    public IReadOnlyList<DriverReducer> Reducers { get; }

    internal int SdkMajor { get; }

    internal IReadOnlyList<TableBinding> TableBindings { get; }

    internal IReadOnlyList<ReducerBinding> ReducerBindings { get; }

    /// <summary>Starts configuring a driver that behaves like SpacetimeDB C# SDK <paramref name="sdkMajor"/>.x (1 or 2).</summary>
    public static SimulatedDriverBuilder Create(int sdkMajor) => new(sdkMajor);

    /// <inheritdoc />
    public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (listener is null)
        {
            throw new ArgumentNullException(nameof(listener));
        }

        var connectionId = new byte[16];
        lock (_random)
        {
            _random.NextBytes(connectionId);
        }

        var session = new SimulatedDriverSession(this, options, listener, connectionId);
        session.Connect();
        return session;
    }
}
