using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Planner;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Testing.Tests;

[TestClass]
public sealed class PublicTypeNameTests
{
    [TestMethod]
    public void PublicTypes_TestingAndCore_ShareNoSimpleName()
    {
        var core = typeof(MigrationPlan).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        var clashes = typeof(PublishStep).Assembly.GetExportedTypes().Where(t => core.Contains(t.Name)).Select(t => t.FullName).ToArray();

        Assert.AreEqual(0, clashes.Length, "a user importing both namespaces would get an ambiguity: " + string.Join(", ", clashes));
    }

    [TestMethod]
    public void PublishStep_PlannerNamespaceImported_BothNamesResolve()
    {
        // Compiles only while the two names differ (this file imports both namespaces).
        var executed = new PublishStep(PublishStepKind.AddColumns, "player.score");
        var planned = new MigrationStep(MigrationStepKind.AddColumns, "player");

        Assert.AreEqual(executed.Kind.ToString(), planned.Kind.ToString());
    }
}
