using System;

namespace Stdb.Compat.Testing.Host;

/// <summary>Options of a <see cref="SimulatedHost"/>.</summary>
public sealed class SimulatedHostOptions
{
    /// <summary>
    /// Clock for <see cref="SendDelay"/>. Default <see cref="TimeProvider.System"/>; pass a
    /// <c>FakeTimeProvider</c> to release delayed messages by advancing it.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Simulated latency ("slow" fault): every server message waits this long on <see cref="TimeProvider"/> before it
    /// is written to its socket; order is kept. Default <see cref="TimeSpan.Zero"/> (no delay).
    /// </summary>
    public TimeSpan SendDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Seed for connection ids the host makes up when a client sends none, so runs are deterministic. Default 7.</summary>
    public int Seed { get; init; } = SimulatedHostDefaults.Seed;

    /// <summary>
    /// Serves <c>POST /v1/database/{name}/sql</c>: called with the database name and the SQL text of the body, returns
    /// the HTTP status, content type and body. Default null: the simulator's own SQL subset
    /// (<see cref="Stdb.Compat.Testing.Sql.SimulatedSqlEndpoint"/>) answers.
    /// </summary>
    public Func<string, string, (int StatusCode, string ContentType, string Body)>? SqlHandler { get; init; }
}

/// <summary>Defaults of <see cref="SimulatedHostOptions"/>.</summary>
internal static class SimulatedHostDefaults
{
    public const int Seed = 7;

    /// <summary>Largest message the host reads from a client (the real server's <c>max_message_size</c> is 0x2000000).</summary>
    public const int MaxClientMessageBytes = 0x2000000;
}
