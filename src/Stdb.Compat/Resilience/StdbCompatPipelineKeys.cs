namespace Stdb.Compat.Resilience;

/// <summary>Keys of the Polly pipelines a client takes from <c>CompatClientServices.Pipelines</c> (or <c>UsePipelines</c> in DI) (or builds from the standard preset).</summary>
public static class StdbCompatPipelineKeys
{
    /// <summary>The initial <c>ConnectAsync</c>: a non-generic <c>ResiliencePipeline</c>.</summary>
    public const string Connect = "stdb.compat.connect";

    /// <summary>Reconnecting after an unrequested disconnect: a non-generic <c>ResiliencePipeline</c>.</summary>
    public const string Reconnect = "stdb.compat.reconnect";

    /// <summary>Calls of idempotent reducers: a <c>ResiliencePipeline&lt;ReducerOutcome&gt;</c>.</summary>
    public const string Reducer = "stdb.compat.reducer";
}
