using Stdb.Compat.Internal;

namespace Stdb.Compat.Adapters;

/// <summary>
/// The model views' handler list: <see cref="HandlerList{T}"/> at its own call site (same rules: copy-on-write,
/// invoking allocates nothing, every handler runs even when one throws, no lock while app code runs).
/// </summary>
/// <remarks>
/// Its own site on purpose, for speed: <c>RowChange&lt;TRow&gt;</c> of any row class
/// shares one JIT body of <c>HandlerList.Invoke</c>, so an adapted row was dispatched twice through the same call site
/// (generated view → row adapter, then model view → app handler) and its dynamic-PGO profile mixed both targets. With
/// its own site (a separate JIT body) the model dispatch gets its own profile (the app's handlers): measured 1.17× → 1.12× of a hand-written
/// mapping (interleaved medians, benchmarks/results/AdapterBenchmarks.md "After (h11a)").
/// </remarks>
internal sealed class ModelHandlers<T> : HandlerList<T, ModelDispatchSite>
{
}

/// <summary>The model views' dispatch site (see <see cref="ModelHandlers{T}"/>).</summary>
internal struct ModelDispatchSite
{
}
