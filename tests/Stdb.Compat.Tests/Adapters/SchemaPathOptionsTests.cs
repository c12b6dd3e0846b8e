using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Adapters;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Adapters;

[TestClass]
public sealed class SchemaPathOptionsTests
{
    [TestMethod]
    public void Validate_DefaultPathNotDeclared_FailsNamingTheKey()
    {
        var paths = new SchemaPathOptions { DefaultPath = "v9" }.Add("v2", PathWorld.V2Driver());

        var error = Assert.ThrowsExactly<ArgumentException>(paths.Validate);

        StringAssert.Contains(error.Message, "SchemaPaths:DefaultPath");
        StringAssert.Contains(error.Message, "'v9'");
    }

    [TestMethod]
    public void Validate_FallbackAfterConnectFailuresBelowOne_FailsNamingTheKey()
    {
        var paths = new SchemaPathOptions { FallbackAfterConnectFailures = 0 }.Add("v2", PathWorld.V2Driver());

        var error = Assert.ThrowsExactly<ArgumentException>(paths.Validate);

        StringAssert.Contains(error.Message, "SchemaPaths:FallbackAfterConnectFailures");
    }

    [TestMethod]
    public void Validate_RetryPreferredAfterNotPositive_FailsNamingTheKey()
    {
        var paths = new SchemaPathOptions { RetryPreferredAfter = TimeSpan.Zero }.Add("v2", PathWorld.V2Driver());

        var error = Assert.ThrowsExactly<ArgumentException>(paths.Validate);

        StringAssert.Contains(error.Message, "SchemaPaths:RetryPreferredAfter");
    }

    [TestMethod]
    public void Defaults_FallbackSettings_AreThreeFailuresAndFiveMinutes()
    {
        var paths = new SchemaPathOptions();

        Assert.AreEqual(3, paths.FallbackAfterConnectFailures);
        Assert.AreEqual(TimeSpan.FromMinutes(5), paths.RetryPreferredAfter);
    }

    [TestMethod]
    public void Add_SameNameTwice_Throws()
    {
        var paths = new SchemaPathOptions().Add("v2", PathWorld.V2Driver());

        var error = Assert.ThrowsExactly<ArgumentException>(() => paths.Add("V2", PathWorld.V3Driver()));

        StringAssert.Contains(error.Message, "declared twice");
    }

    [TestMethod]
    public void Rows_SameModelTwiceOnAPath_Throws()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new SchemaPathOptions().Add("v2", PathWorld.V2Driver(), p => p
            .Rows<PlayerV2, Hero>(r => new Hero(r.Id, r.Username, r.Score))
            .Rows<PlayerV2, Hero>(r => new Hero(r.Id, r.Username, r.Score))));

        StringAssert.Contains(error.Message, "Hero");
    }

    [TestMethod]
    public void Validate_RowsOfSharedRowTypeNoneNamedAfterIt_FailsNamingPathAndCandidates()
    {
        var paths = new SchemaPathOptions().Add("v2", new SharedRowDriver(withBaseTable: false), p => p.Rows<Player, Hero>(static r => new Hero(r.Id, r.Name, r.Score)));

        var error = Assert.ThrowsExactly<ArgumentException>(paths.Validate);

        StringAssert.Contains(error.Message, "SchemaPaths:v2");
        StringAssert.Contains(error.Message, "players_named_alice, top_players");
        Assert.IsInstanceOfType<AmbiguousTableException>(error.InnerException);
    }

    [TestMethod]
    public void Validate_RowsWithTableName_BindsThatTable()
    {
        var paths = new SchemaPathOptions().Add("v2", new SharedRowDriver(withBaseTable: false), p => p.Rows<Player, Hero>(static r => new Hero(r.Id, r.Name, r.Score), table: "TopPlayers"));

        paths.Validate();

        Assert.AreEqual("top_players", paths.Paths[0].RowMaps[typeof(Hero)].FindTable(paths.Paths[0].Driver).WireName);
    }

    [TestMethod]
    public void Validate_RowsWithTableOfOtherRowType_FailsNamingBothTypes()
    {
        var paths = new SchemaPathOptions().Add("v2", new SharedRowDriver(), p => p.Rows<Player, Hero>(static r => new Hero(r.Id, r.Name, r.Score), table: "damage_log"));

        var error = Assert.ThrowsExactly<ArgumentException>(paths.Validate);

        StringAssert.Contains(error.Message, "SchemaPaths:v2");
        StringAssert.Contains(error.Message, nameof(DamageLog));
    }

    [TestMethod]
    public void Rows_EmptyTableName_Throws()
    {
        var builder = new SchemaPathOptions();

        var error = Assert.ThrowsExactly<ArgumentException>(() => builder.Add("v2", new SharedRowDriver(), p => p.Rows<Player, Hero>(static r => new Hero(r.Id, r.Name, r.Score), table: " ")));

        Assert.AreEqual("table", error.ParamName);
    }
}
