using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Diff;
using Stdb.Compat.Schema.Planner;
using static Stdb.Compat.Schema.Tests.Planner.PlannerPairs;

namespace Stdb.Compat.Schema.Tests.Planner;

/// <summary>
/// The unit tests of SpacetimeDB's planner (<c>crates/schema/src/auto_migrate.rs</c>, v2.8.0), one test per case,
/// each a golden pair of module definitions under <c>TestData/Planner</c> named after the planner's test.
/// </summary>
[TestClass]
public sealed class MigrationPlannerGoldenTests
{
    [TestMethod]
    public void SuccessfulAutoMigration_InitialToUpdatedModule_ExactlyTheAssertedSteps()
    {
        var plan = Plan("successful_auto_migration");

        AssertAccepted(plan);
        CollectionAssert.AreEqual(new[] { "Bananas_id_seq" }, plan.SequencePrechecks.ToArray());
        CollectionAssert.AreEqual(
            new[]
            {
                // Removals first, in the planner's step order, then additions.
                "RemoveIndex(Apples_id_name_idx_btree)",
                "RemoveConstraint(Apples_id_key)",
                "RemoveSequence(Apples_id_seq)",
                "RemoveSchedule(Deliveries_sched)",
                "RemoveView(my_view)",
                "RemoveRowLevelSecurity(SELECT * FROM Apples)",
                "ChangeColumns(Apples)",
                "ChangeColumns(Deliveries)", // Array<sum> whose sum gained a variant of the same layout
                "AddColumns(Bananas)", // replaces ChangeColumns(Bananas)
                "AddTable(Oranges)", // its index, sequence and constraint need no steps of their own
                "AddIndex(Apples_id_count_idx_btree)",
                "AddSequence(Bananas_id_seq)",
                "AddSchedule(Inspections_sched)",
                "AddView(my_view)",
                "AddRowLevelSecurity(SELECT * FROM Bananas)",
                "ChangeAccess(Bananas)",
                "DisconnectAllUsers",
            },
            Steps(plan));
        Assert.AreEqual(MigrationOutcome.AutomaticDisconnectsClients, plan.Outcome);
    }

    [TestMethod]
    public void SuccessfulAutoMigration_ScheduleSteps_AcceptedButTheEngineFailsThem()
    {
        var plan = Plan("successful_auto_migration");

        var risks = plan.ExecutionRisks.Select(r => r.Step + (r.Always ? " always" : " maybe")).ToArray();
        CollectionAssert.AreEqual(new[] { "RemoveSchedule(Deliveries_sched) always", "AddSchedule(Inspections_sched) always" }, risks);
        StringAssert.Contains(plan.ExecutionRisks[0].Reason, "not yet implemented");
    }

    [TestMethod]
    public void AutoMigrationErrors_BrokenModule_RefusedWithEveryAssertedError()
    {
        var plan = Plan("auto_migration_errors");

        Assert.AreEqual(MigrationOutcome.ManualMigration, plan.Outcome);
        Assert.AreEqual(0, plan.Steps.Count);
        var errors = Errors(plan);
        string[] asserted =
        {
            "AddColumn(Apples.weight)", // no default value
            "RemoveColumn(Apples.count)",
            "ReorderTable(Apples)",
            "ChangeColumnType(Apples.name)", // String -> U32
            "ChangeWithinColumnTypeRenamedVariant(Apples.sum1)", // foo21 -> bad
            "ChangeWithinColumnType(Apples.sum1)", // foo22: U32 -> U64
            "ChangeWithinColumnTypeFewerVariants(Apples.sum1)", // foo23 removed
            "ChangeWithinColumnTypeSizeMismatch(Apples.sum1)", // foo2: 8 -> 16 bytes
            "ChangeWithinColumnTypeAlignMismatch(Apples.sum1)", // foo2: 4 -> 8
            "ChangeWithinColumnTypeRenamedField(Apples.sum1)", // foo1 -> bad
            "ChangeWithinColumnTypeFewerFields(Apples.sum1)", // foo3 removed
            "ChangeColumnTypeRenamedVariant(Apples.sum1)", // foo -> bad
            "ChangeColumnTypeFewerVariants(Apples.sum1)", // bar removed
            "ChangeColumnTypeSizeMismatch(Apples.sum1)", // 32 -> 6 bytes
            "ChangeColumnTypeAlignMismatch(Apples.sum1)", // 16 -> 2
            "ChangeColumnTypeRenamedField(Apples.prod1)", // baz -> bad
            "ChangeColumnTypeFewerFields(Apples.prod1)", // qux removed
            "ChangeTableType(Apples)", // User -> System
            "ChangeIndexAccessor(Apples_id_idx_btree)", // id_index -> id_index_new_accessor
        };
        foreach (var e in asserted)
        {
            CollectionAssert.Contains(errors, e, "missing " + e + " in " + string.Join(", ", errors));
        }

        // Nothing else: the second ReorderTable is for `name`, which moved too. Removing Bananas and adding a unique
        // constraint are no longer errors (both planned; the engine checks rows).
        CollectionAssert.AreEquivalent(asserted.Append("ReorderTable(Apples)").ToArray(), errors);
        Assert.IsFalse(plan.Errors.Any(e => e.Kind == MigrationErrorKind.ChangeUniqueConstraint));
        var fooTypes = plan.Errors.Single(e => e.Kind == MigrationErrorKind.ChangeWithinColumnTypeSizeMismatch).Message;
        StringAssert.Contains(fooTypes, "8 → 16");
    }

    [TestMethod]
    public void AddView_NewView_AddedWithoutDisconnect()
    {
        var plan = Plan("add_view");

        CollectionAssert.AreEqual(new[] { "AddView(my_view)" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.Automatic, plan.Outcome);
    }

    [TestMethod]
    public void ChangeViewVisibilityIsACheapAccessChange_PrivateToPublic_ChangeAccessWithoutRecreate()
    {
        var plan = Plan("change_view_visibility_is_a_cheap_access_change");

        CollectionAssert.AreEqual(new[] { "ChangeAccess(my_view)", "UpdateView(my_view)" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.Automatic, plan.Outcome);
    }

    [TestMethod]
    public void RemoveView_ViewGone_RemovedAndClientsDisconnected()
    {
        var plan = Plan("remove_view");

        CollectionAssert.AreEqual(new[] { "RemoveView(my_view)", "DisconnectAllUsers" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.AutomaticDisconnectsClients, plan.Outcome);
    }

    [TestMethod]
    [DataRow("return_vec_instead_of_option")]
    [DataRow("no_change")]
    public void MigrateViewRecompute_SameRowShape_UpdateViewOnly(string testCase)
    {
        var plan = Plan("migrate_view_recompute." + testCase);

        CollectionAssert.AreEqual(new[] { "UpdateView(my_view)" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.Automatic, plan.Outcome);
    }

    [TestMethod]
    public void MigrateViewWithExplicitName_SameModule_UpdatesTheCanonicalName()
    {
        var plan = Plan("migrate_view_with_explicit_name");

        CollectionAssert.AreEqual(new[] { "UpdateView(Level2Person)" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.Automatic, plan.Outcome);
    }

    [TestMethod]
    [DataRow("change_context_parameter")]
    [DataRow("add_parameter")]
    [DataRow("remove_parameter")]
    [DataRow("reorder_parameters")]
    [DataRow("change_parameter_type")]
    [DataRow("add_column")]
    [DataRow("remove_column")]
    [DataRow("reorder_columns")]
    [DataRow("change_column_type")]
    public void MigrateViewDisconnectClients_ShapeChanged_RecreatedAndClientsDisconnected(string testCase)
    {
        var plan = Plan("migrate_view_disconnect_clients." + testCase);

        CollectionAssert.AreEqual(new[] { "RemoveView(my_view)", "AddView(my_view)", "DisconnectAllUsers" }, Steps(plan));
        Assert.AreEqual(MigrationOutcome.AutomaticDisconnectsClients, plan.Outcome);
    }

    [TestMethod]
    [DataRow("none_to_none", false)]
    [DataRow("changed", true)]
    [DataRow("removed", true)]
    [DataRow("added", true)]
    [DataRow("unchanged", false)]
    public void ChangeRlsDisconnectClients_Filters_DisconnectOnlyWhenTheSetChanges(string testCase, bool disconnects)
    {
        var plan = Plan("change_rls_disconnect_clients." + testCase);

        AssertAccepted(plan);
        Assert.AreEqual(disconnects, plan.DisconnectsClients);
    }

    [TestMethod]
    public void ChangeRlsDisconnectClients_UnchangedFilter_StillDroppedAndReAdded()
    {
        var plan = Plan("change_rls_disconnect_clients.unchanged");

        CollectionAssert.AreEqual(new[] { "RemoveRowLevelSecurity(SELECT true;)", "AddRowLevelSecurity(SELECT true;)" }, Steps(plan));
    }

    [TestMethod]
    public void TestChangeEventFlagRejected_BothDirections_Refused()
    {
        var (table, events) = Load("test_change_event_flag_rejected");

        CollectionAssert.AreEqual(new[] { "ChangeTableEventFlag(events)" }, Errors(MigrationPlanner.Plan(table, events)));
        CollectionAssert.AreEqual(new[] { "ChangeTableEventFlag(events)" }, Errors(MigrationPlanner.Plan(events, table)));
    }

    [TestMethod]
    public void TestSameEventFlagAccepted_EventToEvent_AcceptedWithoutSteps()
    {
        var plan = Plan("test_same_event_flag_accepted");

        AssertAccepted(plan);
        Assert.AreEqual(0, plan.Steps.Count);
    }

    [TestMethod]
    public void RemoveTableProducesStep_OneTableDropped_RemoveTableAndDisconnect()
    {
        var plan = Plan("remove_table_produces_step");

        CollectionAssert.AreEqual(new[] { "RemoveTable(Drop)", "DisconnectAllUsers" }, Steps(plan));
        var risk = plan.ExecutionRisks.Single();
        Assert.IsFalse(risk.Always);
        StringAssert.Contains(risk.Reason, "no rows");
    }

    [TestMethod]
    public void RemoveTableDoesNotProduceOrphanSubObjectSteps_TableWithIndexAndConstraint_OnlyTheTableStep()
    {
        var plan = Plan("remove_table_does_not_produce_orphan_sub_object_steps");

        CollectionAssert.AreEqual(new[] { "RemoveTable(Drop)", "DisconnectAllUsers" }, Steps(plan));
    }
}
