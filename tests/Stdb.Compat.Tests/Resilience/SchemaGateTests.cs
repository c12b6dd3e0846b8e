using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Resilience;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Resilience;

[TestClass]
public sealed class SchemaGateTests
{
    private static readonly FakeDriver Driver = new(2);

    private static CompatibilityReport Report(params SchemaChange[] changes) => new()
    {
        Verdict = CompatibilityVerdict.CompatibleWithWarnings,
        Changes = changes,
    };

    private static SchemaChange NewVariant(string table) => new()
    {
        Kind = SchemaChangeKind.ChangeColumns,
        Criticality = ChangeCriticality.Dangerous,
        Path = "tables/" + table + "/columns/3",
        Subject = table,
        AffectsApp = true,
        RuntimeEffect = SdkRuntimeEffect.NewVariantDecodeFailure,
        Reason = "column 3 gained a variant",
    };

    [TestMethod]
    public void Undecodable_NewVariantWithoutSeenFailure_NotGated()
    {
        var undecodable = SchemaGate.Undecodable(Report(NewVariant("player")), Driver);

        Assert.AreEqual(0, undecodable.Count);
    }

    [TestMethod]
    public void Undecodable_NewVariantOnTableWhoseFailureWasSeen_GatedWithTheChangeAsReason()
    {
        var seen = new HashSet<string>(SchemaGate.NewVariantTables(Report(NewVariant("player"), NewVariant("not_in_bindings")), Driver));

        var undecodable = SchemaGate.Undecodable(Report(NewVariant("player")), Driver, seen);

        CollectionAssert.AreEqual(new[] { "player" }, seen.ToArray());
        CollectionAssert.AreEqual(new[] { "player" }, undecodable.Keys.ToArray());
        StringAssert.Contains(undecodable["player"], "gained a variant");
    }

    [TestMethod]
    public void Undecodable_SeenFailureButVariantGoneFromReport_NotGated()
    {
        var undecodable = SchemaGate.Undecodable(Report(), Driver, new HashSet<string> { "player" });

        Assert.AreEqual(0, undecodable.Count);
    }
}
