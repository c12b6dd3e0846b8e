namespace Stdb.Compat.Migrations;

/// <summary>Options of <see cref="MigrationVerifier"/>.</summary>
public sealed class VerificationOptions
{
    /// <summary>How many differing keys each list holds at most. Default 20.</summary>
    public int MaxListedKeys { get; set; } = MigrationConstants.MaxListedKeys;

    /// <summary>Keys ignored on the source side (e.g. rows the target rejected, from <see cref="MigrationReport.Rejected"/>).</summary>
    public System.Collections.Generic.ISet<string>? IgnoreSourceKeys { get; set; }
}
