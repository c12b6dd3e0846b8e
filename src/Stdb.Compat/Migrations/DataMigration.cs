using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Migrations;

/// <summary>Creates client-side data migrations.</summary>
public static class DataMigration
{
    /// <summary>Creates a copy-with-transform migration through <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentException">The options are incomplete or out of range (the message names the option).</exception>
    public static IDataMigration Create<TSource, TTarget>(
        ICompatClient client,
        MigrationOptions<TSource, TTarget> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        var ledger = options.Ledger ?? new FileMigrationLedger(options.LedgerPath ?? options.Name + ".ledger.jsonl");
        return new CopyMigrationEngine<TSource, TTarget>(
            client,
            options,
            ledger,
            timeProvider ?? TimeProvider.System,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stdb.Compat.Migrations"));
    }
}
