using System;

namespace Stdb.Compat.Testing.Server;

/// <summary>
/// One reducer call the simulated server received and decided, from its own call log (<see cref="SimulatedServer.CallLog"/>):
/// the ground truth a test compares a client's reported outcome with.
/// </summary>
public sealed class SimCallRecord
{
    internal SimCallRecord(int sequence, string database, string reducer, uint requestId, byte[] connectionId, byte[] args, long timestampMicros, string? failure, bool internalError)
    {
        Sequence = sequence;
        Database = database;
        Reducer = reducer;
        RequestId = requestId;
        ConnectionId = connectionId;
        Args = args;
        TimestampMicros = timestampMicros;
        Failure = failure;
        InternalError = internalError;
    }

    /// <summary>Position in the server's call log (0 for the first call), i.e. the order in which the server ran calls.</summary>
    public int Sequence { get; }

    /// <summary>The database the call ran in.</summary>
    public string Database { get; }

    /// <summary>Wire name of the reducer the client asked for.</summary>
    public string Reducer { get; }

    /// <summary>The request id the client's SDK put on the call (unique per connection).</summary>
    public uint RequestId { get; }

    /// <summary>The caller's connection id (16 bytes).</summary>
    public ReadOnlyMemory<byte> ConnectionId { get; }

    /// <summary>The BSATN-encoded arguments as received.</summary>
    public ReadOnlyMemory<byte> Args { get; }

    /// <summary>Server timestamp of the run, microseconds since the Unix epoch.</summary>
    public long TimestampMicros { get; }

    /// <summary>True when the reducer ran and its transaction committed.</summary>
    public bool Committed => Failure is null;

    /// <summary>
    /// Why the call failed (null when it committed): the reducer's error, an injected failure
    /// (<see cref="SimFaults.FailNextCall"/>), an unknown reducer or undecodable arguments.
    /// </summary>
    public string? Failure { get; }

    /// <summary>True when the failure is a host error (v2 <c>InternalError</c>) rather than the reducer's own error.</summary>
    public bool InternalError { get; }

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Reducer} request {RequestId}: {(Committed ? "committed" : "failed: " + Failure)}";
}
