using System;
using Stdb.Compat.Testing.Bsatn;

namespace Stdb.Compat.Testing.Server;

/// <summary>What a simulated reducer (or a test's direct transaction) sees: caller, time and the tables.</summary>
public sealed class SimReducerContext
{
    private readonly SimulatedServer _server;
    private readonly DatabaseState _db;
    private readonly Transaction _tx;

    internal SimReducerContext(SimulatedServer server, DatabaseState db, Transaction tx, string? reducerName, byte[] sender, byte[]? connectionId, long timestampMicros)
    {
        _server = server;
        _db = db;
        _tx = tx;
        ReducerName = reducerName;
        Sender = sender;
        ConnectionId = connectionId;
        TimestampMicros = timestampMicros;
    }

    /// <summary>The reducer being run, or null for a direct transaction from a test.</summary>
    public string? ReducerName { get; }

    /// <summary>The caller's identity (32 bytes, little-endian); all zero for a direct transaction.</summary>
    public byte[] Sender { get; }

    /// <summary>The caller's identity as hex, as <see cref="SimClientInfo.IdentityHex"/> prints it.</summary>
    public string SenderHex => SimHex.Of(Sender);

    /// <summary>The caller's connection id (16 bytes), or null for a direct transaction.</summary>
    public byte[]? ConnectionId { get; }

    /// <summary>The transaction's timestamp, microseconds since the Unix epoch (from the server's TimeProvider).</summary>
    public long TimestampMicros { get; }

    /// <summary>The transaction's timestamp.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks(TimestampMicros * 10);

    /// <summary>Access to a table inside this transaction.</summary>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">The database has no such table.</exception>
    public SimTable Table(string name) => new(_server, _db, name, _tx);
}

/// <summary>Hex formatting of identities and connection ids (big-endian, upper case, like the SDK's <c>ToString()</c>).</summary>
internal static class SimHex
{
    public static string Of(byte[] littleEndian)
    {
        var copy = (byte[])littleEndian.Clone();
        Array.Reverse(copy);
        return SimValues.Hex(copy);
    }
}
