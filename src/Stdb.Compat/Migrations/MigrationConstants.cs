using System;

namespace Stdb.Compat.Migrations;

/// <summary>Defaults of the migration options (documented on each option).</summary>
internal static class MigrationConstants
{
    public const int BatchSize = 100;
    public const int MaxRejectedRows = 100;
    public const int MaxAttemptsPerBatch = 10;
    public const int MaxListedKeys = 20;
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(100);
}
