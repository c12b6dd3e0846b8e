using System;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Tests.Connection;

[TestClass]
public sealed class CompatClientOptionsTests
{
    [TestMethod]
    public void Validate_MissingServerUri_NamesTheOption()
    {
        var options = new CompatClientOptions { DatabaseName = "game" };
        var error = Assert.ThrowsExactly<ArgumentException>(options.Validate);
        Assert.AreEqual("ServerUri", error.ParamName);
        StringAssert.Contains(error.Message, "CompatClientOptions.ServerUri");
    }

    [TestMethod]
    public void Validate_BlankDatabaseName_NamesTheOption()
    {
        var options = new CompatClientOptions { ServerUri = new Uri("http://localhost:3000"), DatabaseName = " " };
        var error = Assert.ThrowsExactly<ArgumentException>(options.Validate);
        Assert.AreEqual("DatabaseName", error.ParamName);
    }

    [TestMethod]
    public void Validate_RelativeUri_NamesTheOptionAndValue()
    {
        var options = new CompatClientOptions { ServerUri = new Uri("/relative", UriKind.Relative), DatabaseName = "game" };
        var error = Assert.ThrowsExactly<ArgumentException>(options.Validate);
        StringAssert.Contains(error.Message, "/relative");
    }

    [TestMethod]
    public void Validate_NegativeTimeout_NamesTheOption()
    {
        var options = new CompatClientOptions { ServerUri = new Uri("http://localhost:3000"), DatabaseName = "game", ReducerTimeout = TimeSpan.FromSeconds(-1) };
        var error = Assert.ThrowsExactly<ArgumentException>(options.Validate);
        Assert.AreEqual("ReducerTimeout", error.ParamName);
    }

    [TestMethod]
    public void Validate_InfiniteTimeout_IsAccepted()
    {
        var options = new CompatClientOptions { ServerUri = new Uri("http://localhost:3000"), DatabaseName = "game", ReducerTimeout = Timeout.InfiniteTimeSpan };
        options.Validate();
        Assert.AreEqual(Timeout.InfiniteTimeSpan, options.ReducerTimeout);
    }

    [TestMethod]
    public void ReducerTimeout_Default_IsThirtySeconds() =>
        Assert.AreEqual(TimeSpan.FromSeconds(30), new CompatClientOptions().ReducerTimeout);
}
