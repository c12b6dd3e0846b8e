// Stand-in for sdks/csharp/src/RemoteTablesBase.cs and RemoteBase.
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
