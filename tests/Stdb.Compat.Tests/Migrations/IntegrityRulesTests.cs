using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Migrations;

namespace Stdb.Compat.Tests.Migrations;

[TestClass]
public sealed class IntegrityRulesTests
{
    private sealed record Order(string Id, string? Customer, string? Note);

    [TestMethod]
    public void Check_BrokenRules_ReportsEachWithItsOffendingKeys()
    {
        var orders = new[] { new Order("1", "c1", "x"), new Order("2", "c9", "y"), new Order("2", null, ""), new Order("4", "c1", null) };
        var rules = new IntegrityRules<Order>()
            .Unique("order.id unique", o => o.Id)
            .References("order.customer -> customer.id", o => o.Customer, new[] { "c1", "c2" })
            .Required("order.note required", o => o.Note);

        var report = rules.Check("order", orders, o => o.Id);

        Assert.IsFalse(report.Passed);
        Assert.AreEqual(3, report.RulesChecked);
        CollectionAssert.AreEqual(new[] { "2" }, report.Violations.Single(v => v.Rule == "order.id unique").Keys.ToArray());
        CollectionAssert.AreEqual(new[] { "2" }, report.Violations.Single(v => v.Rule == "order.customer -> customer.id").Keys.ToArray());
        Assert.AreEqual(2, report.Violations.Single(v => v.Rule == "order.note required").Count);
    }

    [TestMethod]
    public void Check_CleanRows_Passes()
    {
        var report = new IntegrityRules<Order>().Unique("id", o => o.Id).Check("order", new[] { new Order("1", null, "n") }, o => o.Id);

        Assert.IsTrue(report.Passed);
        Assert.AreEqual(1, report.Rows);
    }
}
