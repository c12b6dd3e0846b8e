using System.Collections.Generic;

namespace Stdb.Compat.Migrations;

/// <summary>One append-only ledger record.</summary>
/// <param name="Kind">What the record says.</param>
/// <param name="Batch">The batch number (1, 2, …) the record belongs to; 0 for rows rejected before any call.</param>
/// <param name="Keys">The source keys concerned.</param>
/// <param name="Reason">Why a row was rejected, else null.</param>
public sealed record MigrationLedgerEntry(MigrationLedgerEntryKind Kind, long Batch, IReadOnlyList<string> Keys, string? Reason = null);
