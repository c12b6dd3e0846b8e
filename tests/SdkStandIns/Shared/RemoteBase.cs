// Mirrors RemoteBase (sdks/csharp/src/Table.cs) and RemoteTablesBase (sdks/csharp/src/RemoteTablesBase.cs) at v1.12.0
// and v2.8.0: the protected IDbConnection field generated RemoteReducers/RemoteProcedures call through, AddTable and
// the internal name lookup.
// Guessed: the duplicate-table exception type and message.
using System;
using System.Collections.Generic;

namespace SpacetimeDB;

public abstract class RemoteBase
{
    protected readonly IDbConnection conn;

    protected RemoteBase(IDbConnection conn)
    {
        this.conn = conn;
    }
}

public abstract class RemoteTablesBase
{
    private readonly Dictionary<string, IRemoteTableHandle> _tables = new(StringComparer.Ordinal);

    protected void AddTable(IRemoteTableHandle table)
    {
        var name = table.RemoteTableNameInternal;
        if (!_tables.TryAdd(name, table))
        {
            throw new InvalidOperationException($"Table with name {name} already exists.");
        }
    }

    internal IRemoteTableHandle? GetTable(string name) => _tables.TryGetValue(name, out var table) ? table : null;

    internal IEnumerable<IRemoteTableHandle> GetTables() => _tables.Values;
}
