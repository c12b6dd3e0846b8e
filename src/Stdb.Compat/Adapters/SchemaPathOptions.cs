using System;
using System.Collections.Generic;
using System.Linq;
using Stdb.Compat.Driver;
using Stdb.Compat.Flags;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Adapters;

/// <summary>
/// The schema paths a client may talk to the server through, oldest first (the last one is the newest): each one a
/// bindings generation (driver), its adapters onto the app's model and optionally its own target. One path is chosen
/// per connection attempt: the flag's variant or <see cref="DefaultPath"/>, if its bindings are compatible with the
/// live module, else the newest compatible one.
/// </summary>
public sealed class SchemaPathOptions
{
    internal const int DefaultFallbackAfterConnectFailures = 3;
    internal static readonly TimeSpan DefaultRetryPreferredAfter = TimeSpan.FromMinutes(5);
    private readonly List<SchemaPathDefinition> _paths = new();

    /// <summary>The path used when no flag is set or the flag names none; null means the newest path.</summary>
    public string? DefaultPath { get; set; }

    /// <summary>The flag whose variant names the preferred path; read once per connection attempt. Default none.</summary>
    public ISchemaPathFlag? Flag { get; set; }

    /// <summary>
    /// Blue/green: after this many consecutive failed connects to the preferred path's target, the next selection
    /// falls back to the newest compatible path on another target (logged as event 6020 with the reason). Default 3;
    /// at least 1. Counted across connect and reconnect attempts; a connect that succeeds ends the streak.
    /// </summary>
    public int FallbackAfterConnectFailures { get; set; } = DefaultFallbackAfterConnectFailures;

    /// <summary>
    /// How long a target passed over for failing connects stays passed over: the first connection attempt after this
    /// (a reconnect boundary; a healthy connection is never dropped for it) tries the preferred path again. A flag
    /// change or <c>SwitchPathAsync</c> tries it again at once. Default 5 minutes; must be positive.
    /// </summary>
    public TimeSpan RetryPreferredAfter { get; set; } = DefaultRetryPreferredAfter;

    /// <summary>The paths' names, oldest first.</summary>
    public IReadOnlyList<string> Names => _paths.Select(p => p.Name).ToArray();

    internal IReadOnlyList<SchemaPathDefinition> Paths => _paths;

    /// <summary>Adds a path; declare them oldest first.</summary>
    /// <param name="name">The path's name (the flag variant that selects it).</param>
    /// <param name="driver">The bindings generation's driver.</param>
    /// <param name="configure">Its adapters, target and check.</param>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public SchemaPathOptions Add(string name, IConnectionDriver driver, Action<SchemaPathBuilder>? configure = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A schema path needs a name.", nameof(name));
        }

        if (driver is null)
        {
            throw new ArgumentNullException(nameof(driver));
        }

        if (_paths.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The schema path '{name}' is declared twice.", nameof(name));
        }

        var builder = new SchemaPathBuilder();
        configure?.Invoke(builder);
        _paths.Add(new SchemaPathDefinition(name, driver, _paths.Count, builder));
        return this;
    }

    /// <summary>Checks the declaration.</summary>
    /// <exception cref="ArgumentException">
    /// No path, <see cref="DefaultPath"/> names no path, or a fallback setting is out of range; the message names the key.
    /// </exception>
    public void Validate() => Validate("SchemaPaths");

    internal void Validate(string key)
    {
        if (_paths.Count == 0)
        {
            throw new ArgumentException($"{key}: declare at least one schema path.", nameof(SchemaPathOptions));
        }

        if (DefaultPath is not null && Find(DefaultPath) is null)
        {
            throw new ArgumentException($"{key}:DefaultPath: '{DefaultPath}' is not a declared schema path (declared: {string.Join(", ", Names)}).", nameof(DefaultPath));
        }

        if (FallbackAfterConnectFailures < 1)
        {
            throw new ArgumentException($"{key}:{nameof(FallbackAfterConnectFailures)}: must be at least 1; got {FallbackAfterConnectFailures}.", nameof(FallbackAfterConnectFailures));
        }

        if (RetryPreferredAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{key}:{nameof(RetryPreferredAfter)}: must be positive; got {RetryPreferredAfter}.", nameof(RetryPreferredAfter));
        }

        foreach (var path in _paths)
        {
            path.ValidateRowMaps(key);
        }
    }

    internal SchemaPathDefinition? Find(string name) => _paths.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One declared path (immutable once declared).</summary>
internal sealed class SchemaPathDefinition
{
    public SchemaPathDefinition(string name, IConnectionDriver driver, int index, SchemaPathBuilder builder)
    {
        Name = name;
        Driver = driver;
        Index = index;
        RowMaps = new Dictionary<Type, RowMap>(builder.RowMaps);
        CommandMaps = new Dictionary<Type, CommandMap>(builder.CommandMaps);
        ServerUri = builder.ServerUri;
        DatabaseName = builder.DatabaseName;
        Check = builder.Check;
    }

    public string Name { get; }

    public IConnectionDriver Driver { get; }

    /// <summary>Declaration order: higher is newer.</summary>
    public int Index { get; }

    public IReadOnlyDictionary<Type, RowMap> RowMaps { get; }

    public IReadOnlyDictionary<Type, CommandMap> CommandMaps { get; }

    public Uri? ServerUri { get; }

    public string? DatabaseName { get; }

    public Resilience.ICompatibilityCheck? Check { get; }

    /// <summary>
    /// The model-space row map of <typeparamref name="TModel"/> on this path: declared, or the identity when the
    /// bindings have that row type (from <paramref name="table"/> when the app named one).
    /// </summary>
    /// <exception cref="ArgumentException">The declared map reads another table than <paramref name="table"/>.</exception>
    public ModelRowMap<TModel>? RowMapOf<TModel>(string? table = null)
        where TModel : class
    {
        if (RowMaps.TryGetValue(typeof(TModel), out var map))
        {
            var declared = (ModelRowMap<TModel>)map;
            if (table is not null)
            {
                var bound = declared.FindTable(Driver);
                if (BindingLookup.FindTable(Driver.Tables, table) != bound)
                {
                    throw new ArgumentException($"On schema path '{Name}', {typeof(TModel).Name} is mapped from table '{bound.WireName}', not '{table}': name that table in Rows<TRow, {typeof(TModel).Name}>(adapter, table: ...).", nameof(table));
                }
            }

            return declared;
        }

        if (table is null)
        {
            return Driver.Tables.Any(t => !t.IsEventTable && t.RowType == typeof(TModel)) ? new RowMap<TModel, TModel>(static row => row) : null;
        }

        var found = BindingLookup.FindTable(Driver.Tables, table);
        return found is { IsEventTable: false } && found.RowType == typeof(TModel) ? new RowMap<TModel, TModel>(static row => row, found.WireName) : null;
    }

    /// <summary>Every declared row map finds its table on this path's bindings (named, or the one of its row type).</summary>
    /// <exception cref="ArgumentException">One does not; the message names the key, the path and the candidates.</exception>
    public void ValidateRowMaps(string key)
    {
        foreach (var map in RowMaps.Values)
        {
            try
            {
                _ = map.FindTable(Driver);
            }
            catch (Exception ex) when (ex is StdbCompatException or ArgumentException)
            {
                throw new ArgumentException($"{key}:{Name}: the rows of {map.RowType.Name}: {ex.Message}", nameof(RowMaps), ex);
            }
        }
    }
}

/// <summary>How a path was chosen.</summary>
public enum SchemaPathChoice
{
    /// <summary>No flag named a path: the configured default (or the newest path).</summary>
    Default = 0,

    /// <summary>The flag's variant named it.</summary>
    Flag = 1,

    /// <summary>
    /// The preferred path is not compatible with the live module, or its target failed
    /// <see cref="SchemaPathOptions.FallbackAfterConnectFailures"/> consecutive connects: the newest compatible one instead.
    /// </summary>
    Fallback = 2,

    /// <summary>The app asked for it (<c>SwitchPathAsync</c>).</summary>
    Requested = 3,
}

/// <summary>The outcome of one path selection (once per connection attempt).</summary>
/// <param name="Path">The chosen path's name, or null when none is compatible.</param>
/// <param name="Choice">How it was chosen.</param>
/// <param name="Preferred">The preferred path (flag variant or default).</param>
/// <param name="Variant">The flag's variant, or null when no flag named one.</param>
/// <param name="Reason">Why, in words (for a fallback: why the preferred path was refused).</param>
/// <param name="Checks">Every candidate's check result, by path name.</param>
public sealed record SchemaPathSelection(string? Path, SchemaPathChoice Choice, string Preferred, string? Variant, string Reason, IReadOnlyDictionary<string, Resilience.CompatibilityCheckResult> Checks);
