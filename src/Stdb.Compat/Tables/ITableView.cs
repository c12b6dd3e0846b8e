using System;
using System.Collections.Generic;

namespace Stdb.Compat.Tables;

/// <summary>
/// The app-facing rows of one subscribed table, kept by Stdb.Compat across connections. Reads are safe from any
/// thread; change events are raised on the pump thread, outside any lock, after the view has been updated.
/// </summary>
/// <remarks>
/// Until the app first reads a view (<see cref="Count"/>, <see cref="Snapshot"/>, <see cref="TryFind{TKey}"/>), its
/// rows may live only in the SDK's cache; the first read then copies them as pump work: on the pump thread or when no
/// tick runs, immediately; from another thread while a tick runs, after that tick. Never block the pump thread (e.g.
/// inside a handler) on another thread's first read of a view.
/// </remarks>
/// <typeparam name="TRow">The generated row type.</typeparam>
public interface ITableView<TRow>
    where TRow : class
{
    /// <summary>Wire name of the table.</summary>
    string Name { get; }

    /// <summary>
    /// Why this table is not subscribed on the current connection: the latest schema check found its rows no longer
    /// decode with the bindings (see <see cref="Connection.ICompatClient.Compatibility"/>). Null while it is fine.
    /// </summary>
    TableUndecodableException? Fault { get; }

    /// <summary>Number of rows in the view.</summary>
    int Count { get; }

    /// <summary>True when the table has a primary key (updates are detected; <see cref="TryFind{TKey}"/> works).</summary>
    bool HasPrimaryKey { get; }

    /// <summary>A row was inserted.</summary>
    event Action<RowChange<TRow>>? Inserted;

    /// <summary>A row was updated (tables with a primary key).</summary>
    event Action<RowChange<TRow>>? Updated;

    /// <summary>A row was deleted.</summary>
    event Action<RowChange<TRow>>? Deleted;

    /// <summary>A snapshot copy of the rows.</summary>
    IReadOnlyList<TRow> Snapshot();

    /// <summary>Looks a row up by primary key.</summary>
    /// <exception cref="InvalidOperationException">The table has no primary key.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TKey"/> is not the primary-key type.</exception>
    bool TryFind<TKey>(TKey key, out TRow row)
        where TKey : notnull;
}
