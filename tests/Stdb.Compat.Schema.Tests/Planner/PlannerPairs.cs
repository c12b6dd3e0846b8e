using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Planner;
using Stdb.Compat.Schema.Tests.TestSupport;

namespace Stdb.Compat.Schema.Tests.Planner;

/// <summary>Loads the golden pairs under <c>TestData/Planner</c>: <c>{case}.old.json</c> and <c>{case}.new.json</c>.</summary>
internal static class PlannerPairs
{
    public static (ModuleSchema Old, ModuleSchema New) Load(string name) =>
        (ModuleDefJson.Read(TestFiles.Read("Planner/" + name + ".old.json")), ModuleDefJson.Read(TestFiles.Read("Planner/" + name + ".new.json")));

    public static MigrationPlan Plan(string name)
    {
        var (old, @new) = Load(name);
        return MigrationPlanner.Plan(old, @new);
    }

    public static string[] Steps(MigrationPlan plan) => plan.Steps.Select(s => s.ToString()).ToArray();

    public static string[] Errors(MigrationPlan plan) =>
        plan.Errors.Select(e => e.Kind + "(" + e.Subject + (e.Column is null ? string.Empty : "." + e.Column) + ")").ToArray();

    public static void AssertAccepted(MigrationPlan plan)
    {
        if (plan.Errors.Count > 0)
        {
            Assert.Fail("the planner refused: " + string.Join("; ", plan.Errors.Select(e => e.Message)));
        }
    }
}
