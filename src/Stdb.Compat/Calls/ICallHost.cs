using Polly;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Calls;

/// <summary>What the call engine needs of the client around it (implemented by the router).</summary>
internal interface ICallHost
{
    CompatConnectionState State { get; }

    bool IsClosed { get; }

    /// <summary>The session, when the client is connected; null otherwise.</summary>
    IDriverSession? ConnectedSession { get; }

    /// <summary>The settings in force.</summary>
    ClientSnapshot Settings { get; }

    /// <summary>The reducer pipeline (custom or standard).</summary>
    ResiliencePipeline<ReducerOutcome> ReducerPipeline();

    /// <summary>Removes every token the client knows from a text.</summary>
    string Redact(string? text);
}
