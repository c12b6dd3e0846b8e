using System;
using System.Collections.Generic;

namespace Stdb.Compat.Testing.Server;

/// <summary>
/// Direct access to a simulated database for tests. Each write through <see cref="Table"/> is its own transaction
/// without a caller (like a SQL statement); subscribers receive it as a transaction by no reducer.
/// </summary>
public sealed class SimDatabase
{
    private readonly SimulatedServer _server;
    private readonly DatabaseState _db;

    internal SimDatabase(SimulatedServer server, DatabaseState db)
    {
        _server = server;
        _db = db;
    }

    /// <summary>The database name.</summary>
    public string Name => _db.Name;

    /// <summary>The definition format of the published module.</summary>
    public ModuleDefVersion ModuleVersion => _server.Read(() => _db.ModuleVersion);

    /// <summary>The table names in module order.</summary>
    public IReadOnlyList<string> TableNames => _server.Read(() => (IReadOnlyList<string>)_db.TableOrder.ToArray());

    /// <summary>Access to one table; every write is committed and delivered at once.</summary>
    public SimTable Table(string name) => _server.Read(() => new SimTable(_server, _db, name, tx: null));

    /// <summary>Runs several writes as one transaction without a caller; an exception rolls all of them back and propagates.</summary>
    public void Transaction(Action<SimReducerContext> body)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        _server.RunSystemTransaction(_db, tx =>
        {
            body(_server.CreateSystemContext(_db, tx));
            return true;
        });
    }
}
