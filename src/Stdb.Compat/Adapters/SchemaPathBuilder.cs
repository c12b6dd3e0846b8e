using System;
using System.Collections.Generic;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Adapters;

/// <summary>
/// Configures one schema path: the adapters that map its bindings generation onto the app's model, and optionally
/// its own target (blue/green) and compatibility check. Adapters are plain functions, called once per row or call.
/// </summary>
public sealed class SchemaPathBuilder
{
    internal SchemaPathBuilder()
    {
    }

    internal Dictionary<Type, RowMap> RowMaps { get; } = new();

    internal Dictionary<Type, CommandMap> CommandMaps { get; } = new();

    internal Uri? ServerUri { get; private set; }

    internal string? DatabaseName { get; private set; }

    internal ICompatibilityCheck? Check { get; private set; }

    /// <summary>
    /// Maps this generation's rows of <typeparamref name="TRow"/> onto the app's <typeparamref name="TModel"/> (an upcast).
    /// The rows come from the table whose row type is <typeparamref name="TRow"/>; when several share it (a table and
    /// the views declared over it), from the one whose accessor is named after the row type, or from <paramref name="table"/>.
    /// </summary>
    /// <param name="adapter">Row → model; called once per row change, on the pump. Compose chains with <see cref="Adapter.Then{TA, TB, TC}"/>.</param>
    /// <param name="table">The table's wire or accessor name, when several tables share the row type; checked by <see cref="SchemaPathOptions.Validate()"/>.</param>
    /// <exception cref="ArgumentException">A model type is mapped twice on this path.</exception>
    public SchemaPathBuilder Rows<TRow, TModel>(Func<TRow, TModel> adapter, string? table = null)
        where TRow : class
        where TModel : class
    {
        if (table is not null && string.IsNullOrWhiteSpace(table))
        {
            throw new ArgumentException("A table name cannot be empty: pass null to bind by row type.", nameof(table));
        }

        Add(RowMaps, typeof(TModel), new RowMap<TRow, TModel>(adapter ?? throw new ArgumentNullException(nameof(adapter)), table), "model type");
        return this;
    }

    /// <summary>Maps the app's command <typeparamref name="TCommand"/> onto this generation's reducer arguments (a downcast).</summary>
    /// <param name="adapter">Command → the generated argument object.</param>
    /// <exception cref="ArgumentException">A command type is mapped twice on this path.</exception>
    public SchemaPathBuilder Command<TCommand, TArgs>(Func<TCommand, TArgs> adapter)
        where TCommand : class
        where TArgs : class
    {
        Add(CommandMaps, typeof(TCommand), new CommandMap<TCommand, TArgs>(adapter ?? throw new ArgumentNullException(nameof(adapter))), "command type");
        return this;
    }

    /// <summary>Declares that this path cannot express <typeparamref name="TCommand"/>: calls end as <see cref="ReducerOutcomeKind.NotSupportedOnPath"/>.</summary>
    /// <param name="reason">Why (shown in <see cref="ReducerOutcome.Reason"/>).</param>
    public SchemaPathBuilder NotSupported<TCommand>(string reason)
        where TCommand : class
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Say why the command is not supported on this path.", nameof(reason));
        }

        Add(CommandMaps, typeof(TCommand), new NotSupportedCommand(typeof(TCommand), reason), "command type");
        return this;
    }

    /// <summary>Connects this path to its own server and database (blue/green) instead of the client's.</summary>
    /// <exception cref="ArgumentException">The URI is not absolute or the database name is empty.</exception>
    public SchemaPathBuilder Target(Uri serverUri, string databaseName)
    {
        if (serverUri is null || !serverUri.IsAbsoluteUri)
        {
            throw new ArgumentException("A path's target needs an absolute server URI.", nameof(serverUri));
        }

        if (string.IsNullOrWhiteSpace(databaseName))
        {
            throw new ArgumentException("A path's target needs a database name.", nameof(databaseName));
        }

        ServerUri = serverUri;
        DatabaseName = databaseName;
        return this;
    }

    /// <summary>
    /// The check that says whether this path's bindings decode the live module (e.g.
    /// <c>CompatibilityChecks.FromSchemaChecker(SchemaCompatibilityChecker.Create(driver.Manifest, ...))</c>): run for
    /// every candidate at each connection attempt, and by the circuit after a disconnect retrying cannot fix.
    /// Without one, a driver that carries its generated manifest is checked by the default check (the live schema
    /// fetched from the path's target once per selection and diffed with the manifest); a driver without a manifest is
    /// assumed compatible.
    /// </summary>
    public SchemaPathBuilder CheckWith(ICompatibilityCheck check)
    {
        Check = check ?? throw new ArgumentNullException(nameof(check));
        return this;
    }

    private static void Add<T>(Dictionary<Type, T> maps, Type key, T map, string what)
    {
        if (maps.ContainsKey(key))
        {
            throw new ArgumentException($"The {what} {key.Name} is mapped twice on this path.", nameof(key));
        }

        maps.Add(key, map);
    }
}

/// <summary>Helpers for adapters.</summary>
public static class Adapter
{
    /// <summary>Composes two adapters (v1 → v2, then v2 → model): a chain of generations.</summary>
    public static Func<TA, TC> Then<TA, TB, TC>(this Func<TA, TB> first, Func<TB, TC> second)
    {
        if (first is null)
        {
            throw new ArgumentNullException(nameof(first));
        }

        if (second is null)
        {
            throw new ArgumentNullException(nameof(second));
        }

        return a => second(first(a));
    }
}
