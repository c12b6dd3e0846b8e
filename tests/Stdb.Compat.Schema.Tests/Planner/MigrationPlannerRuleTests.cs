using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Planner;
using static Stdb.Compat.Schema.Tests.Planner.PlannerPairs;

namespace Stdb.Compat.Schema.Tests.Planner;

/// <summary>Rules of the planner's code that its own tests do not isolate, as golden pairs (<c>TestData/Planner/rule_*</c>).</summary>
[TestClass]
public sealed class MigrationPlannerRuleTests
{
    [TestMethod]
    public void Plan_SumGainsUnitVariantSameLayout_ChangeColumns()
    {
        var plan = Plan("rule_sum_variant_appended_same_layout");

        CollectionAssert.AreEqual(new[] { "ChangeColumns(Player)" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.Automatic, plan.Outcome);
    }

    [TestMethod]
    public void Plan_SumGainsVariantWithPayload_RefusedForSizeAndAlignment()
    {
        var plan = Plan("rule_sum_variant_with_payload_changes_layout");

        CollectionAssert.AreEquivalent(new[] { "ChangeColumnTypeSizeMismatch(Player.status)", "ChangeColumnTypeAlignMismatch(Player.status)" }, Errors(plan));
        Assert.AreEqual(MigrationOutcome.ManualMigration, plan.Outcome);
    }

    [TestMethod]
    public void Plan_SumGainsSmallerPayloadVariant_LayoutKeptSoChangeColumns()
    {
        var plan = Plan("rule_sum_variant_with_smaller_payload_keeps_layout");

        CollectionAssert.AreEqual(new[] { "ChangeColumns(Player)" }, Steps(plan));
    }

    [TestMethod]
    [DataRow("rule_event_table_column_renamed")]
    [DataRow("rule_event_table_column_type_changed")]
    public void Plan_EventTableColumnsChanged_ReschemaAndDisconnect(string pair)
    {
        var plan = Plan(pair);

        CollectionAssert.AreEqual(new[] { "ReschemaEventTable(Player)", "DisconnectAllUsers" }, Steps(plan));
    }

    [TestMethod]
    public void Plan_ColumnRenamed_RemovePlusAddRefused()
    {
        var plan = Plan("rule_column_renamed");

        CollectionAssert.AreEquivalent(new[] { "RemoveColumn(Player.name)", "AddColumn(Player.nickname)" }, Errors(plan));
    }

    [TestMethod]
    public void Plan_TableAccessChanged_ChangeAccessWithoutDisconnect()
    {
        var plan = Plan("rule_table_access_changed");

        CollectionAssert.AreEqual(new[] { "ChangeAccess(Player)" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.Automatic, plan.Outcome);
    }

    [TestMethod]
    public void Plan_PrimaryKeyChanged_ChangePrimaryKey()
    {
        CollectionAssert.AreEqual(new[] { "ChangePrimaryKey(Player)" }, Steps(Plan("rule_primary_key_changed")));
    }

    [TestMethod]
    public void Plan_UniqueConstraintRemoved_Automatic()
    {
        CollectionAssert.AreEqual(new[] { "RemoveConstraint(Player_name_key)" }, Steps(Plan("rule_unique_constraint_removed")));
    }

    [TestMethod]
    public void Plan_UniqueConstraintMovedToAnotherColumn_RemovePlusAdd()
    {
        var plan = Plan("rule_unique_constraint_moved");

        CollectionAssert.AreEqual(new[] { "RemoveConstraint(Player_name_key)", "AddConstraint(Player_id_key)" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.Automatic, plan.Outcome);
    }

    [TestMethod]
    public void Plan_SequenceIncrementChanged_PrecheckThenRemoveAndAdd()
    {
        var plan = Plan("rule_sequence_changed");

        CollectionAssert.AreEqual(new[] { "RemoveSequence(Player_id_seq)", "AddSequence(Player_id_seq)" }, Steps(plan));
        CollectionAssert.AreEqual(new[] { "Player_id_seq" }, plan.SequencePrechecks.ToArray());
    }

    [TestMethod]
    public void Plan_NamedIndexChangedColumns_RemoveThenAddSameName()
    {
        CollectionAssert.AreEqual(new[] { "RemoveIndex(Player_lookup)", "AddIndex(Player_lookup)" }, Steps(Plan("rule_index_algorithm_changed_by_name")));
    }

    [TestMethod]
    public void Plan_ScheduleAdded_AcceptedButAlwaysFailsToExecute()
    {
        var plan = Plan("rule_schedule_added");

        CollectionAssert.AreEqual(new[] { "AddSchedule(Player_sched)" }, Steps(plan));
        Assert.IsTrue(plan.ExecutionRisks.Single().Always);
    }
}
