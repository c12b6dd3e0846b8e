using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Model;
using static Stdb.Compat.Schema.Tests.TestSupport.Schemas;

namespace Stdb.Compat.Schema.Tests.Compatibility;

[TestClass]
public sealed class SchemaCompatibilityTests
{
    private static readonly ModuleSchema V1 = Module(new[] { Table("player", ("id", U64), ("name", Str)) });
    private static readonly ModuleSchema V2AddTable = Module(new[] { Table("player", ("id", U64), ("name", Str)), Table("guild", ("id", U64)) });
    private static readonly ModuleSchema V3RemovePlayer = Module(new[] { Table("guild", ("id", U64)) });

    [TestMethod]
    public void CheckMode_ForwardAddTable_IsCompatible() =>
        Assert.IsTrue(SchemaCompatibility.CheckMode(CompatibilityMode.Forward, new[] { V1 }, V2AddTable).IsCompatible);

    [TestMethod]
    public void CheckMode_BackwardAddTable_IsIncompatible()
    {
        // A client built from V2 subscribes to 'guild', which the V1 module lacks.
        var result = SchemaCompatibility.CheckMode(CompatibilityMode.Backward, new[] { V1 }, V2AddTable);

        Assert.IsFalse(result.IsCompatible);
        Assert.AreEqual(CompatibilityDirection.Backward, result.Violations.Single().Direction);
    }

    [TestMethod]
    public void CheckMode_ForwardNonTransitive_OnlyChecksLatest()
    {
        // V1 -> V3 removes 'player' (breaks V1 clients); V2 -> V3 also removes it. Use V2AddTable history with a V3 that keeps player:
        var v3 = Module(new[] { Table("player", ("id", U64), ("name", Str)), Table("guild", ("id", U64)), Table("bank", ("id", U64)) });
        var v1WithExtra = Module(new[] { Table("player", ("id", U64), ("name", Str)), Table("legacy", ("id", U64)) });

        Assert.IsTrue(SchemaCompatibility.CheckMode(CompatibilityMode.Forward, new[] { v1WithExtra, V2AddTable }, v3).IsCompatible);
        Assert.IsFalse(SchemaCompatibility.CheckMode(CompatibilityMode.ForwardTransitive, new[] { v1WithExtra, V2AddTable }, v3).IsCompatible);
    }

    [TestMethod]
    public void CheckMode_Full_ChecksBothDirections()
    {
        var result = SchemaCompatibility.CheckMode(CompatibilityMode.Full, new[] { V2AddTable }, V3RemovePlayer);

        Assert.IsTrue(result.Violations.Any(v => v.Direction == CompatibilityDirection.Forward));
    }

    [TestMethod]
    public void Check_NoneMode_IsAlwaysCompatible() =>
        Assert.AreEqual(CompatibilityVerdict.Compatible, SchemaCompatibility.Check(V1, V3RemovePlayer, CompatibilityMode.None).Verdict);

    [TestMethod]
    public void Matrix_ThreeVersions_AnswersEveryPair()
    {
        var matrix = CompatibilityMatrix.Build(new[]
        {
            new VersionedSchema(new SchemaVersion(1, 0, 0), V1),
            new VersionedSchema(new SchemaVersion(1, 1, 0), V2AddTable),
            new VersionedSchema(new SchemaVersion(2, 0, 0), V3RemovePlayer),
        });

        Assert.AreEqual(CompatibilityVerdict.Compatible, matrix[new(1, 0, 0), new(1, 1, 0)].Verdict);
        Assert.AreEqual(CompatibilityVerdict.Incompatible, matrix[new(1, 1, 0), new(1, 0, 0)].Verdict);
        Assert.IsTrue(matrix[new(1, 0, 0), new(2, 0, 0)].ClientUpgradeRequired);
        StringAssert.Contains(matrix.ToMarkdown(), "| 1.0.0 | ok | ok | no |");
    }

    [TestMethod]
    public void Matrix_ColumnTypeChange_RequiresMigration()
    {
        var changed = Module(new[] { Table("player", ("id", U32), ("name", Str)) });

        var matrix = CompatibilityMatrix.Build(new[] { new VersionedSchema(new(1, 0, 0), V1), new VersionedSchema(new(2, 0, 0), changed) });

        Assert.IsTrue(matrix[new(1, 0, 0), new(2, 0, 0)].MigrationRequired);
    }
}
