using System;
using System.Threading;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Connection;

/// <summary>A path's own target (blue/green): the client's snapshots with another server and database.</summary>
internal sealed class TargetSnapshotSource : IClientSnapshotSource
{
    private readonly IClientSnapshotSource _inner;
    private readonly Uri _serverUri;
    private readonly string _databaseName;
    private ClientSnapshot? _from;
    private ClientSnapshot? _current;

    public TargetSnapshotSource(IClientSnapshotSource inner, Uri serverUri, string databaseName)
    {
        _inner = inner;
        _serverUri = serverUri;
        _databaseName = databaseName;
    }

    public ClientSnapshot Current => Retarget(_inner.Current);

    public ClientSnapshot Refresh() => Retarget(_inner.Refresh());

    public CancellationToken ReloadToken() => _inner.ReloadToken();

    private ClientSnapshot Retarget(ClientSnapshot snapshot)
    {
        if (!ReferenceEquals(snapshot, Volatile.Read(ref _from)) || Volatile.Read(ref _current) is not { } current)
        {
            current = new ClientSnapshot(_serverUri, _databaseName, snapshot.Token, snapshot.LightMode, snapshot.ConfirmedReads, snapshot.Compression, snapshot.ReducerTimeout, snapshot.Resilience);
            Volatile.Write(ref _current, current);
            Volatile.Write(ref _from, snapshot);
        }

        return current;
    }
}
