using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Internal;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Internal;

[TestClass]
public sealed class BindingLookupTests
{
    [TestMethod]
    public void FindTableByRowType_TableAndViewsShareRowType_PicksTheTableNamedAfterIt()
    {
        var table = BindingLookup.FindTableByRowType(new SharedRowDriver().Tables, typeof(Player));

        Assert.AreEqual("player", table?.WireName);
    }

    [TestMethod]
    public void FindTableByRowType_NoneNamedAfterRowType_ThrowsNamingEveryCandidate()
    {
        var error = Assert.ThrowsExactly<AmbiguousTableException>(() => BindingLookup.FindTableByRowType(new SharedRowDriver(withBaseTable: false).Tables, typeof(Player)));

        CollectionAssert.AreEqual(new[] { "players_named_alice", "top_players" }, error.Candidates.ToArray());
        StringAssert.Contains(error.Message, typeof(Player).FullName);
        StringAssert.Contains(error.Message, "players_named_alice, top_players");
        StringAssert.Contains(error.Message, "Table<TRow>(\"players_named_alice\")");
    }

    [TestMethod]
    public void FindTableByRowType_OneTableOfThatRowType_ReturnsIt()
    {
        var table = BindingLookup.FindTableByRowType(new SharedRowDriver().Tables, typeof(DamageLog));

        Assert.AreEqual("damage_log", table?.WireName);
    }

    [TestMethod]
    public void FindTableByRowType_NoTableOfThatRowType_ReturnsNull()
    {
        Assert.IsNull(BindingLookup.FindTableByRowType(new SharedRowDriver().Tables, typeof(DamageEvent)));
    }

    [TestMethod]
    public void FindTableOfRowType_WireOrAccessorName_FindsTheView()
    {
        var tables = new SharedRowDriver().Tables;

        Assert.AreEqual("top_players", BindingLookup.FindTableOfRowType(tables, "top_players", typeof(Player)).WireName);
        Assert.AreEqual("top_players", BindingLookup.FindTableOfRowType(tables, "TopPlayers", typeof(Player)).WireName);
    }

    [TestMethod]
    public void FindTableOfRowType_OtherRowType_ThrowsNamingBothTypes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => BindingLookup.FindTableOfRowType(new SharedRowDriver().Tables, "damage_log", typeof(Player)));

        StringAssert.Contains(error.Message, "'damage_log'");
        StringAssert.Contains(error.Message, typeof(DamageLog).FullName);
        StringAssert.Contains(error.Message, typeof(Player).FullName);
    }

    [TestMethod]
    public void FindTableOfRowType_UnknownName_ThrowsUnknownTableListingTheTables()
    {
        var error = Assert.ThrowsExactly<UnknownTableException>(() => BindingLookup.FindTableOfRowType(new SharedRowDriver().Tables, "players_named_bob", typeof(Player)));

        Assert.AreEqual("players_named_bob", error.Table);
        StringAssert.Contains(error.Message, "top_players");
    }

    [TestMethod]
    public void FindTableOfRowType_EventTable_ThrowsPointingToEvents()
    {
        var error = Assert.ThrowsExactly<UnknownTableException>(() => BindingLookup.FindTableOfRowType(new SharedRowDriver().Tables, "player_seen", typeof(Player)));

        StringAssert.Contains(error.Message, "is an event table");
        StringAssert.Contains(error.Message, "FromEventTable(\"player_seen\")");
    }
}
