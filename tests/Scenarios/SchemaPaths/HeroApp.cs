// THE APP: its own model, commands and adapters, written once. Nothing here knows which server situation it runs
// in (v1 only, v2 only, a live publish, a phased rollout, blue/green): the suite runs this code unchanged over all of
// them. Generation v1 of the bindings has table `Player` (id, username, score); generation v2 RENAMES it to `player`
// and ADDS display_name. App code names neither generated type outside the two adapters below.
extern alias v1;
extern alias v2;

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Stdb.Compat.Adapters;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Flags;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Runtime;
using Stdb.Compat.Tables;
using V1 = v1::SpacetimeDB.Types;
using V2 = v2::SpacetimeDB.Types;

namespace Stdb.Compat.Scenarios.SchemaPaths;

/// <summary>The app's own model of a player.</summary>
public sealed record Hero(ulong Id, string Name, uint Score, string? DisplayName);

/// <summary>The app's command: create a hero.</summary>
public sealed record CreateHero(string Name);

/// <summary>The app's command: hit a hero.</summary>
public sealed record Hit(ulong Target, uint Amount);

/// <summary>Where the app's paths are served and which flag picks one: deployment configuration, not app code.</summary>
public sealed record HeroDeployment
{
    /// <summary>The server and database of paths without their own target.</summary>
    public required Uri ServerUri { get; init; }

    /// <summary>The database of paths without their own target.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>Generation v1's own target (blue/green), or null for the client's.</summary>
    public (Uri ServerUri, string DatabaseName)? V1Target { get; init; }

    /// <summary>Generation v2's own target (blue/green), or null for the client's.</summary>
    public (Uri ServerUri, string DatabaseName)? V2Target { get; init; }

    /// <summary>The flag whose variant names the preferred path; null: the newest compatible path.</summary>
    public ISchemaPathFlag? Flag { get; init; }

    /// <summary>Where a target's live schema is read (HTTP in production, the simulated server here).</summary>
    public required Func<Uri, string, IModuleSchemaSource> SchemaSource { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider TimeProvider { get; init; }
}

/// <summary>The app's adapters and path declaration.</summary>
public static class HeroPaths
{
    /// <summary>Row adapter of generation v1 (no display name yet).</summary>
    public static Hero FromV1(V1.Player row) => new(row.Id, row.Username, row.Score, null);

    /// <summary>Row adapter of generation v2.</summary>
    public static Hero FromV2(V2.Player row) => new(row.Id, row.Username, row.Score, row.DisplayName);

    /// <summary>Declares both generations (oldest first), each checked against its target's live module.</summary>
    public static SchemaPathOptions Declare(HeroDeployment deployment)
    {
        var v1Driver = new v1::Game.GameDriver();
        var v2Driver = new v2::Game.GameDriver();
        return new SchemaPathOptions { Flag = deployment.Flag }
            .Add("v1", v1Driver, p => Target(p, v1Driver, deployment.V1Target, deployment)
                .Rows<V1.Player, Hero>(FromV1)
                .Command<CreateHero, V1.Reducer.CreatePlayer>(c => new V1.Reducer.CreatePlayer(c.Name))
                .Command<Hit, V1.Reducer.DealDamage>(c => new V1.Reducer.DealDamage(c.Target, c.Amount)))
            .Add("v2", v2Driver, p => Target(p, v2Driver, deployment.V2Target, deployment)
                .Rows<V2.Player, Hero>(FromV2)
                .Command<CreateHero, V2.Reducer.CreatePlayer>(c => new V2.Reducer.CreatePlayer(c.Name))
                .Command<Hit, V2.Reducer.DealDamage>(c => new V2.Reducer.DealDamage(c.Target, c.Amount)));
    }

    /// <summary>Creates the app's client.</summary>
    public static ISchemaPathClient CreateClient(HeroDeployment deployment) => CompatClient.Create(
        Declare(deployment),
        new CompatClientOptions { ServerUri = deployment.ServerUri, DatabaseName = deployment.DatabaseName },
        new CompatClientServices { TimeProvider = deployment.TimeProvider });

    private static SchemaPathBuilder Target(SchemaPathBuilder path, IConnectionDriver driver, (Uri ServerUri, string DatabaseName)? target, HeroDeployment deployment)
    {
        var (uri, database) = target ?? (deployment.ServerUri, deployment.DatabaseName);
        if (target is not null)
        {
            path.Target(uri, database);
        }

        var manifest = ((IBindingsManifestSource)driver).Manifest;
        var checker = SchemaCompatibilityChecker.Create(
            manifest,
            new SchemaCompatibilityOptions { ServerUri = uri, DatabaseName = database },
            deployment.SchemaSource(uri, database),
            timeProvider: deployment.TimeProvider);
        return path.CheckWith(CompatibilityChecks.FromSchemaChecker(checker));
    }
}

/// <summary>The app: joins the game, shows heroes (every handler call is written down) and plays.</summary>
public sealed class HeroApp
{
    private readonly List<string> _seen = new();

    /// <summary>Creates the app over its client.</summary>
    public HeroApp(ISchemaPathClient client)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Heroes = client.Table<Hero>();
        Heroes.Inserted += c => Write($"inserted {Describe(c.Row)}");
        Heroes.Updated += c => Write($"updated {Describe(c.OldRow!)} -> {Describe(c.Row)}");
        Heroes.Deleted += c => Write($"deleted {Describe(c.Row)}");
    }

    /// <summary>The client.</summary>
    public ISchemaPathClient Client { get; }

    /// <summary>The heroes view (model space).</summary>
    public ITableView<Hero> Heroes { get; }

    /// <summary>Every row handler call so far, in order.</summary>
    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_seen)
            {
                return _seen.ToArray();
            }
        }
    }

    /// <summary>Forgets the handler calls seen so far.</summary>
    public void ClearSeen()
    {
        lock (_seen)
        {
            _seen.Clear();
        }
    }

    /// <summary>Connects and subscribes to the heroes' table (named as v2 names it; the v1 path resolves its own `Player`).</summary>
    public async Task JoinAsync()
    {
        await Client.ConnectAsync().ConfigureAwait(false);
        await Client.Subscribe(new[] { "player" }).Applied.ConfigureAwait(false);
    }

    /// <summary>Creates a hero; the outcome is the module's.</summary>
    public Task<ReducerOutcome> CreateAsync(string name) => Client.CallReducerAsync(new CreateHero(name));

    /// <summary>Hits a hero found by name.</summary>
    public Task<ReducerOutcome> HitAsync(string name, uint amount) => Client.CallReducerAsync(new Hit(Find(name).Id, amount));

    /// <summary>The hero with that name.</summary>
    public Hero Find(string name)
    {
        foreach (var hero in Heroes.Snapshot())
        {
            if (hero.Name == name)
            {
                return hero;
            }
        }

        throw new InvalidOperationException($"No hero named {name}.");
    }

    private static string Describe(Hero hero) => $"{hero.Name}:{hero.Score}";

    private void Write(string line)
    {
        lock (_seen)
        {
            _seen.Add(line);
        }
    }
}
