using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Stdb.Compat.Driver;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Driver;

/// <summary>
/// Configures a <see cref="SimulatedDriver"/> with the app's row and argument types, the way generated bindings
/// would: each table's wire name, columns (BSATN layout) and a decoder to the app's row type; each reducer's
/// parameters with an encoder (and a decoder for events). Single use: <see cref="Build"/> once.
/// </summary>
public sealed class SimulatedDriverBuilder
{
    private readonly int _sdkMajor;
    private readonly List<TableBinding> _tables = new();
    private readonly List<ReducerBinding> _reducers = new();
    private Func<DriverCapabilities, DriverCapabilities>? _capabilities;
    private int _seed = SimulatedDriverDefaults.Seed;
    private bool _built;

    internal SimulatedDriverBuilder(int sdkMajor)
    {
        if (sdkMajor is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(sdkMajor), sdkMajor, "The simulated driver reproduces SDK majors 1 and 2.");
        }

        _sdkMajor = sdkMajor;
    }

    /// <summary>Adds a table with a primary key.</summary>
    /// <param name="wireName">The table's name on the wire.</param>
    /// <param name="columns">The columns in BSATN order.</param>
    /// <param name="decode">Builds the app's row from a decoded row.</param>
    /// <param name="key">Reads the primary key from the app's row.</param>
    /// <param name="primaryKey">The primary-key column; default the first column.</param>
    /// <param name="encode">Optional: turns the app's row back into values (feeds <see cref="DriverField.Read"/>).</param>
    /// <param name="accessorName">The handle name; default the wire name in PascalCase.</param>
    public SimulatedDriverBuilder Table<TRow, TKey>(string wireName, IReadOnlyList<SimColumn> columns, Func<SimRow, TRow> decode, Func<TRow, TKey> key, string? primaryKey = null, Func<TRow, SimRow>? encode = null, string? accessorName = null)
        where TRow : class
        where TKey : notnull
    {
        ThrowIfBuilt();
        Check(wireName, columns, decode);
        string pk = primaryKey ?? columns[0].Name;
        int pkIndex = columns.ToList().FindIndex(c => c.Name == pk);
        if (pkIndex < 0)
        {
            throw new ArgumentException($"Table '{wireName}' has no column '{pk}' for its primary key.", nameof(primaryKey));
        }

        var table = new DriverTable<TRow, TKey>(wireName, accessorName ?? Pascal(wireName), Fields(columns, encode), pk, key ?? throw new ArgumentNullException(nameof(key)));
        _tables.Add(new TableBinding<TRow>(table, columns.ToArray(), decode, pkIndex));
        return this;
    }

    /// <summary>Adds a table without a primary key (rows are identified by value).</summary>
    public SimulatedDriverBuilder Table<TRow>(string wireName, IReadOnlyList<SimColumn> columns, Func<SimRow, TRow> decode, Func<TRow, SimRow>? encode = null, string? accessorName = null)
        where TRow : class
    {
        ThrowIfBuilt();
        Check(wireName, columns, decode);
        var table = new DriverTable<TRow>(wireName, accessorName ?? Pascal(wireName), isEventTable: false, Fields(columns, encode));
        _tables.Add(new TableBinding<TRow>(table, columns.ToArray(), decode, -1));
        return this;
    }

    /// <summary>Adds an event table (2.x bindings only): insert callbacks only, never cached.</summary>
    /// <exception cref="InvalidOperationException">The driver simulates SDK 1.x, which has no event tables.</exception>
    public SimulatedDriverBuilder EventTable<TRow>(string wireName, IReadOnlyList<SimColumn> columns, Func<SimRow, TRow> decode, Func<TRow, SimRow>? encode = null, string? accessorName = null)
        where TRow : class
    {
        ThrowIfBuilt();
        if (_sdkMajor < 2)
        {
            throw new InvalidOperationException($"Event table '{wireName}': SDK 1.x bindings have no event tables (RemoteEventTableHandle is 2.x only).");
        }

        Check(wireName, columns, decode);
        var table = new DriverTable<TRow>(wireName, accessorName ?? Pascal(wireName), isEventTable: true, Fields(columns, encode));
        _tables.Add(new TableBinding<TRow>(table, columns.ToArray(), decode, -1));
        return this;
    }

    /// <summary>Adds a reducer the app can call with <typeparamref name="TArgs"/> objects.</summary>
    /// <param name="wireName">The reducer's name on the wire.</param>
    /// <param name="parameters">The parameters in BSATN order.</param>
    /// <param name="encode">Turns an argument object into positional values.</param>
    /// <param name="decode">Builds an argument object from decoded values (1.x reducer events carry the arguments).</param>
    /// <param name="noSuccessNotify">1.x only: call with <c>CallReducerFlags.NoSuccessNotify</c> (no outcome is delivered).</param>
    /// <param name="accessorName">The call method's name; default the wire name in PascalCase.</param>
    public SimulatedDriverBuilder Reducer<TArgs>(string wireName, IReadOnlyList<SimColumn> parameters, Func<TArgs, SimRow> encode, Func<SimRow, TArgs> decode, bool noSuccessNotify = false, string? accessorName = null)
        where TArgs : class
    {
        ThrowIfBuilt();
        if (string.IsNullOrEmpty(wireName))
        {
            throw new ArgumentException("A reducer needs a wire name.", nameof(wireName));
        }

        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        if (_reducers.Any(r => r.Reducer.ArgsType == typeof(TArgs)))
        {
            throw new ArgumentException($"Argument type {typeof(TArgs).Name} is already bound to reducer '{_reducers.First(r => r.Reducer.ArgsType == typeof(TArgs)).Reducer.WireName}'.", nameof(wireName));
        }

        if (noSuccessNotify && _sdkMajor >= 2)
        {
            throw new ArgumentException("CallReducerFlags exist only in SDK 1.x.", nameof(noSuccessNotify));
        }

        Func<TArgs, SimRow> enc = encode ?? throw new ArgumentNullException(nameof(encode));
        IReadOnlyList<DriverField> fields = parameters.Select((p, i) => new DriverField(p.Name, Pascal(p.Name), p.Type.ClrType, o => enc((TArgs)o)[i])).ToArray();
        var reducer = new DriverReducer(wireName, accessorName ?? Pascal(wireName), typeof(TArgs), fields);
        _reducers.Add(new ReducerBinding(reducer, parameters.ToArray(), o => enc((TArgs)o), r => decode(r), noSuccessNotify));
        return this;
    }

    /// <summary>Adjusts the capabilities (defaults follow the SDK major, e.g. for a 1.x version without confirmed reads).</summary>
    public SimulatedDriverBuilder WithCapabilities(Func<DriverCapabilities, DriverCapabilities> adjust)
    {
        ThrowIfBuilt();
        _capabilities = adjust ?? throw new ArgumentNullException(nameof(adjust));
        return this;
    }

    /// <summary>Seed for the random connection ids of the sessions. Default 1.</summary>
    public SimulatedDriverBuilder WithSeed(int seed)
    {
        ThrowIfBuilt();
        _seed = seed;
        return this;
    }

    /// <summary>Builds the driver.</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public SimulatedDriver Build()
    {
        ThrowIfBuilt();
        _built = true;
        DriverCapabilities capabilities = SimulatedDriverDefaults.CapabilitiesFor(_sdkMajor);
        if (_capabilities is not null)
        {
            capabilities = _capabilities(capabilities);
        }

        return new SimulatedDriver(_sdkMajor, capabilities, _tables.ToArray(), _reducers.ToArray(), _seed);
    }

    internal static string Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return sb.ToString();
    }

    private static IReadOnlyList<DriverField> Fields<TRow>(IReadOnlyList<SimColumn> columns, Func<TRow, SimRow>? encode) =>
        columns.Select((c, i) => new DriverField(c.Name, Pascal(c.Name), c.Type.ClrType, o => encode is null
            ? throw new NotSupportedException($"Column '{c.Name}' cannot be read: the table was bound without an encode function.")
            : encode((TRow)o)[i])).ToArray();

    private void Check<TRow>(string wireName, IReadOnlyList<SimColumn> columns, Func<SimRow, TRow> decode)
    {
        if (string.IsNullOrEmpty(wireName))
        {
            throw new ArgumentException("A table needs a wire name.", nameof(wireName));
        }

        if (columns is null || columns.Count == 0)
        {
            throw new ArgumentException($"Table '{wireName}' needs its columns.", nameof(columns));
        }

        if (decode is null)
        {
            throw new ArgumentNullException(nameof(decode));
        }

        if (_tables.Any(t => t.Table.WireName == wireName))
        {
            throw new ArgumentException($"Table '{wireName}' is already bound.", nameof(wireName));
        }
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This builder has already built its driver; create a new one with SimulatedDriver.Create.");
        }
    }
}

/// <summary>Defaults of the simulated driver.</summary>
internal static class SimulatedDriverDefaults
{
    public const int Seed = 1;

    public static DriverCapabilities CapabilitiesFor(int major) => major == 1
        ? new DriverCapabilities
        {
            SdkMajor = 1,
            Protocol = Wire.WireSubprotocols.V1,
            EventTables = false,
            ReducerCallbacksForOtherClients = true,
            LightMode = true,
            ConfirmedReads = true,
            TypedQueries = true,
            ReducerFlags = true,
            WireNames = WireNamePolicy.Declared,
            BindingsVersion = "1.12.0",
        }
        : new DriverCapabilities
        {
            SdkMajor = 2,
            Protocol = Wire.WireSubprotocols.V2,
            EventTables = true,
            ReducerCallbacksForOtherClients = false,
            LightMode = false,
            ConfirmedReads = true,
            TypedQueries = true,
            ReducerFlags = false,
            WireNames = WireNamePolicy.SnakeCase,
            BindingsVersion = "2.8.3",
        };
}
