namespace Stdb.Compat.Migrations;

/// <summary>A source row that was not migrated, and why (the reducer's failure text, or the transform's/validator's).</summary>
/// <param name="Key">The source key.</param>
/// <param name="Reason">Why.</param>
public sealed record MigrationRejectedRow(string Key, string Reason);
