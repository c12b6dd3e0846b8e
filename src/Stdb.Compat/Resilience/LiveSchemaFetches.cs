using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Schema.Fetching;

namespace Stdb.Compat.Resilience;

/// <summary>
/// The live schemas fetched during one path selection (one connection attempt): one fetch per target (server URI +
/// database), shared by every candidate's default check, each diffing its own manifest against the one schema. A
/// failed fetch is kept too: every candidate that needed it reports the same failure and nothing is fetched again. A
/// new selection starts a new set, so nothing is stale across attempts (or after a publish). Checks the app configured
/// itself (<c>CheckWith</c>) never see it. Keyed by target only: two lanes on one target (two generations) share the
/// fetch made with the first one's token (the schema route needs no token: <see cref="SchemaFetcherOptions.Token"/>).
/// </summary>
internal sealed class LiveSchemaFetches
{
    private readonly Dictionary<(Uri Server, string Database), Task<FetchedModuleSchema>> _fetches = new();

    /// <summary>How many fetches this selection started (one per target).</summary>
    public int Count
    {
        get
        {
            lock (_fetches)
            {
                return _fetches.Count;
            }
        }
    }

    /// <summary>The target's schema of this selection: fetched by the first check that needs it, shared by the others.</summary>
    public Task<FetchedModuleSchema> FetchAsync(Uri server, string database, Func<Task<FetchedModuleSchema>> fetch)
    {
        lock (_fetches)
        {
            if (!_fetches.TryGetValue((server, database), out var fetching))
            {
                try
                {
                    fetching = fetch();
                }
#pragma warning disable CA1031 // A source that fails before its task exists fails the same way for every check of this selection.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    fetching = Task.FromException<FetchedModuleSchema>(ex);
                }

                _fetches.Add((server, database), fetching);
            }

            return fetching;
        }
    }

    /// <summary>Removes and returns the target's schema when it was fetched successfully (the chosen lane's connect check takes it once).</summary>
    public Task<FetchedModuleSchema>? TryTake(Uri server, string database)
    {
        lock (_fetches)
        {
            if (_fetches.TryGetValue((server, database), out var fetched) && fetched.Status == TaskStatus.RanToCompletion)
            {
                _fetches.Remove((server, database));
                return fetched;
            }

            return null;
        }
    }
}

/// <summary>
/// Hands the schemas of the latest selection to the connect check that follows it, so a connection attempt fetches
/// each target once: the lane's check right after connecting (<see cref="CompatibilityCheckTrigger.Connected"/>) takes
/// its target's schema once; any other check fetches. A failed or dropped connection forgets them (<see cref="Forget"/>).
/// One per schema-path client, shared by its lanes' default checks.
/// </summary>
internal sealed class SchemaFetchHandover
{
    private LiveSchemaFetches? _latest;

    /// <summary>The schemas a selection just fetched (replaces the previous selection's).</summary>
    public void Offer(LiveSchemaFetches fetches) => Volatile.Write(ref _latest, fetches);

    /// <summary>The connection attempt that followed the selection failed or ended: its schemas are no longer current.</summary>
    public void Forget() => Volatile.Write(ref _latest, null);

    /// <summary>The target's schema from the latest selection, once; null when there is none.</summary>
    public Task<FetchedModuleSchema>? TryTake(Uri server, string database) => Volatile.Read(ref _latest)?.TryTake(server, database);
}
