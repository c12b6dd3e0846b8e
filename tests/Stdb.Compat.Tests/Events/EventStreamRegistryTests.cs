using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Events;

namespace Stdb.Compat.Tests.Events;

[TestClass]
public sealed class EventStreamRegistryTests
{
    [TestMethod]
    public void Add_NoSource_ThrowsNamingTheStream()
    {
        var registry = new EventStreamRegistry();
        var error = Assert.ThrowsExactly<ArgumentException>(() => registry.Add<DamageDealt>(e => e.Project(_ => new DamageDealt(0, 0))));
        StringAssert.Contains(error.Message, "Events[DamageDealt]");
    }

    [TestMethod]
    public void Add_NoProjection_Throws()
    {
        var registry = new EventStreamRegistry();
        var error = Assert.ThrowsExactly<ArgumentException>(() => registry.Add<DamageDealt>(e => e.FromReducer("deal_damage")));
        StringAssert.Contains(error.Message, "Project");
    }

    [TestMethod]
    public void Add_SameTypeTwice_Throws()
    {
        var registry = new EventStreamRegistry();
        registry.Add<DamageDealt>(e => e.FromReducer("deal_damage").Project(_ => new DamageDealt(0, 0)));
        Assert.ThrowsExactly<ArgumentException>(() => registry.Add<DamageDealt>(e => e.FromReducer("x").Project(_ => new DamageDealt(0, 0))));
    }

    [TestMethod]
    public void FromLogTable_BlankSequenceField_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => new EventStreamBuilder<DamageDealt>().FromLogTable("log", " "));
}
