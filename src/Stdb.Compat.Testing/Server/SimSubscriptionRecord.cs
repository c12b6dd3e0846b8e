using System.Collections.Generic;

namespace Stdb.Compat.Testing.Server;

/// <summary>One subscription the simulated server applied, from its own log (<see cref="SimulatedServer.SubscriptionLog"/>).</summary>
public sealed class SimSubscriptionRecord
{
    internal SimSubscriptionRecord(int sequence, string database, string connectionIdHex, IReadOnlyList<string> tables, bool isLegacy)
    {
        Sequence = sequence;
        Database = database;
        ConnectionIdHex = connectionIdHex;
        Tables = tables;
        IsLegacy = isLegacy;
    }

    /// <summary>Position in the server's subscription log (0 for the first).</summary>
    public int Sequence { get; }

    /// <summary>The database subscribed to.</summary>
    public string Database { get; }

    /// <summary>The subscriber's connection id as big-endian upper-case hex.</summary>
    public string ConnectionIdHex { get; }

    /// <summary>The tables the subscription covers, by the module's table names.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>True for the v1 legacy <c>SELECT * FROM *</c> subscribe-all.</summary>
    public bool IsLegacy { get; }

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {(IsLegacy ? "legacy " : string.Empty)}subscribe {string.Join(", ", Tables)} on '{Database}'";
}
