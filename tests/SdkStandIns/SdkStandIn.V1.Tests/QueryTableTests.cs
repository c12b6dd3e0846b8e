using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;

namespace SdkStandIn.V1.Tests;

[TestClass]
public sealed class QueryTableTests
{
    [TestMethod]
    public void Build_TableSource_SelectsAllRowsOfTheQuotedTable()
    {
        var table = new Table<string, int, long>("player", 1, 2L);

        var query = table.Build();

        Assert.AreEqual("SELECT * FROM \"player\"", table.ToSql());
        Assert.AreEqual(table.ToSql(), query.ToSql());
        Assert.AreEqual(query.Sql, query.ToString());
    }
}
