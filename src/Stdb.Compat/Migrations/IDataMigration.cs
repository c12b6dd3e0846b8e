using System;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Migrations;

/// <summary>
/// A copy-with-transform migration bound to a client and a ledger (see <see cref="DataMigration.Create{TSource,TTarget}"/>).
/// Every method is resumable: a run killed at any point and run again writes every row exactly once. Calls go through
/// <c>ICompatClient.CallReducerAsync</c>; the client's pump must be running (the hosted service, or the app's frame loop).
/// </summary>
public interface IDataMigration
{
    /// <summary>Copies every source row not yet in the ledger, in batches; rejected rows are recorded and skipped.</summary>
    Task<MigrationReport> RunAsync(IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Transforms and validates every row, writes nothing (neither the target nor the ledger).</summary>
    Task<MigrationReport> DryRunAsync(IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes, through <c>RollbackCall</c>, exactly the rows the ledger holds as written.</summary>
    Task<MigrationReport> RollbackAsync(IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default);
}
