using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Tests.Internal;

[TestClass]
public sealed class PumpTests
{
    [TestMethod]
    public void RunQueuedWork_FailingItem_IsReportedAndTheRestRuns()
    {
        var faults = new List<Exception>();
        var ran = new List<int>();
        var pump = new Pump(faults.Add);
        pump.Enqueue(() => ran.Add(1));
        pump.Enqueue(() => throw new InvalidOperationException("boom"));
        pump.Enqueue(() => ran.Add(3));

        Assert.IsTrue(pump.TryEnter());
        pump.RunQueuedWork();
        pump.Exit();

        CollectionAssert.AreEqual(new[] { 1, 3 }, ran);
        Assert.AreEqual("boom", faults[0].Message);
    }

    [TestMethod]
    public void TryEnter_WhileRunning_IsRefused()
    {
        var pump = new Pump(_ => { });
        Assert.IsTrue(pump.TryEnter());
        Assert.IsFalse(pump.TryEnter());
        pump.Exit();
        Assert.IsTrue(pump.TryEnter());
        pump.Exit();
    }

    [TestMethod]
    public void RunIfIdle_NoPumpRunning_RunsTheWorkHere()
    {
        var pump = new Pump(_ => { });
        var ran = false;
        pump.Enqueue(() => ran = true);
        pump.RunIfIdle();
        Assert.IsTrue(ran);
        Assert.IsFalse(pump.IsRunning);
    }
}
