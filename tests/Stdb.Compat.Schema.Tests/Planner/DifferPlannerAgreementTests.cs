using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Diff;
using static Stdb.Compat.Schema.Tests.Planner.PlannerPairs;

namespace Stdb.Compat.Schema.Tests.Planner;

/// <summary>
/// The differ's per-change planner outcome follows the planner: over every golden pair, the worst outcome of the
/// changes equals the plan's outcome. Client impact is its own dimension and may disagree with it.
/// </summary>
[TestClass]
public sealed class DifferPlannerAgreementTests
{
    [TestMethod]
    public void Diff_EveryGoldenPair_WorstChangeOutcomeEqualsThePlanOutcome()
    {
        var names = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Planner"), "*.old.json")
            .Select(f => Path.GetFileName(f).Replace(".old.json", string.Empty, StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        Assert.IsTrue(names.Count >= 35, "golden pairs found: " + names.Count);

        var disagreements = (from name in names
                             let pair = Load(name)
                             let report = SchemaCompatibility.Check(pair.Old, pair.New)
                             let worst = report.Changes.Count == 0 ? MigrationOutcome.Automatic : report.Changes.Max(c => c.Migration)
                             where worst != report.Plan!.Outcome
                             select $"{name}: changes say {worst}, the planner {report.Plan!.Outcome}").ToList();

        Assert.AreEqual(0, disagreements.Count, string.Join("\n", disagreements));
    }

    [TestMethod]
    public void Check_ServerSchemas_ReportCarriesThePlanAndItsOutcome()
    {
        var (old, @new) = Load("auto_migration_errors");

        var report = SchemaCompatibility.Check(old, @new);

        Assert.IsNotNull(report.Plan);
        Assert.AreEqual(MigrationOutcome.ManualMigration, report.Migration);
        Assert.IsTrue(report.MigrationRequired);
    }

    [TestMethod]
    public void Diff_TableMadePrivate_AutomaticForThePlannerButBreakingForOldClients()
    {
        var (old, @new) = Load("rule_table_access_changed");

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(SchemaChangeKind.ChangeAccess, change.Kind);
        Assert.AreEqual(MigrationOutcome.Automatic, change.Migration);
        Assert.AreEqual(ChangeCriticality.Breaking, change.Criticality);
        Assert.AreEqual(SdkRuntimeEffect.RowsNoLongerDelivered, change.RuntimeEffect);
    }

    [TestMethod]
    public void Diff_ColumnRenamedInPlace_RefusedByThePlannerButOldClientsStillDecode()
    {
        var (old, @new) = Load("rule_column_renamed");

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(MigrationOutcome.ManualMigration, change.Migration);
        Assert.AreNotEqual(ChangeCriticality.Breaking, change.Criticality);
        Assert.AreNotEqual(SdkRuntimeEffect.RowDecodeFailureDisconnects, change.RuntimeEffect);
    }

    [TestMethod]
    public void Diff_SumGainsPayloadVariant_RefusedAndNewVariantsFailToDecode()
    {
        var (old, @new) = Load("rule_sum_variant_with_payload_changes_layout");

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(MigrationOutcome.ManualMigration, change.Migration);
        Assert.AreEqual(SdkRuntimeEffect.NewVariantDecodeFailure, change.RuntimeEffect);
        StringAssert.Contains(change.Reason, "row layout");
    }

    [TestMethod]
    public void Diff_SumGainsUnitVariant_AutomaticButDangerousForOldClients()
    {
        var (old, @new) = Load("rule_sum_variant_appended_same_layout");

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(SchemaChangeKind.ChangeColumns, change.Kind);
        Assert.AreEqual(MigrationOutcome.Automatic, change.Migration);
        Assert.AreEqual(ChangeCriticality.Dangerous, change.Criticality);
    }

    [TestMethod]
    public void Diff_EventTableColumnRenamed_ReschemaThatDisconnects()
    {
        var (old, @new) = Load("rule_event_table_column_renamed");

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(SchemaChangeKind.ReschemaEventTable, change.Kind);
        Assert.AreEqual(MigrationOutcome.AutomaticDisconnectsClients, change.Migration);
    }

    [TestMethod]
    public void Diff_UniqueConstraintMoved_RemovalPlusAdditionBothAutomatic()
    {
        var (old, @new) = Load("rule_unique_constraint_moved");

        var kinds = SchemaCompatibility.Diff(old, @new).Select(c => c.Kind + ":" + c.Migration).ToArray();

        CollectionAssert.AreEquivalent(new[] { "AddConstraint:Automatic", "RemoveConstraint:Automatic" }, kinds);
    }

    [TestMethod]
    public void Diff_ViewVisibilityChanged_ChangeAccessWithoutRecreate()
    {
        var (old, @new) = Load("change_view_visibility_is_a_cheap_access_change");

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(SchemaChangeKind.ChangeAccess, change.Kind);
        Assert.AreEqual(MigrationOutcome.Automatic, change.Migration);
    }

    [TestMethod]
    public void Diff_ViewReturnsVecInsteadOfOption_UpdateViewAutomatic()
    {
        var (old, @new) = Load("migrate_view_recompute.return_vec_instead_of_option");

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(SchemaChangeKind.UpdateView, change.Kind);
        Assert.AreEqual(MigrationOutcome.Automatic, change.Migration);
    }

    [TestMethod]
    [DataRow("rule_schedule_added", MigrationExecution.AlwaysFails)]
    [DataRow("remove_table_produces_step", MigrationExecution.FailsWhenTableHasRows)]
    public void Diff_AcceptedButEngineFails_ExecutionReportedWithReason(string pair, MigrationExecution execution)
    {
        var (old, @new) = Load(pair);

        var change = SchemaCompatibility.Diff(old, @new).Single();

        Assert.AreEqual(execution, change.Execution);
        StringAssert.Contains(change.Reason, "engine");
    }
}
