using System.Collections.Generic;

namespace Stdb.Compat.Testing.Server;

/// <content>The server's own log of the reducer calls it decided: what a test checks client outcomes against.</content>
public sealed partial class SimulatedServer
{
    private readonly List<SimCallRecord> _callLog = new();

    /// <summary>
    /// Every reducer call the server received on an open connection, in the order it ran them, with what became of
    /// each (committed, or failed and why). A call sent on a connection the server had already closed is not here:
    /// the server never saw it. Calls are decided synchronously inside the client's send, so the count before and
    /// after one send tells exactly which record (if any) that send produced. Returns a snapshot.
    /// </summary>
    public IReadOnlyList<SimCallRecord> CallLog => Read(() => (IReadOnlyList<SimCallRecord>)_callLog.ToArray());

    /// <summary>The number of records in <see cref="CallLog"/>, without copying it.</summary>
    public int CallLogCount => Read(() => _callLog.Count);

    /// <summary>Called under the gate by <c>HandleCall</c> once the call's outcome is decided, before any client hears of it.</summary>
    private void RecordCall(DatabaseState db, TxOutcome outcome) => _callLog.Add(new SimCallRecord(
        _callLog.Count,
        db.Name,
        outcome.ReducerName,
        outcome.RequestId,
        (byte[])(outcome.CallerConnectionId ?? new byte[16]).Clone(),
        (byte[])outcome.Args.Clone(),
        outcome.TimestampMicros,
        outcome.Failure,
        outcome.InternalError));
}
