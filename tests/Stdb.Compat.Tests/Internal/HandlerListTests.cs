using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Tests.Internal;

[TestClass]
public sealed class HandlerListTests
{
    [TestMethod]
    public void Invoke_NoHandler_ReportsNothing()
    {
        var faults = new RecordingFaults();
        var list = new HandlerList<int>();

        list.Invoke(1, faults, "Inserted");

        Assert.IsTrue(list.IsEmpty);
        Assert.AreEqual(0, faults.Faults.Count);
    }

    [TestMethod]
    public void Invoke_OneHandler_ReceivesTheArgument()
    {
        var seen = new List<int>();
        var list = new HandlerList<int>();
        list.Add(seen.Add);

        list.Invoke(7, new RecordingFaults(), "Inserted");

        CollectionAssert.AreEqual(new[] { 7 }, seen);
    }

    [TestMethod]
    public void Invoke_OneHandlerThrows_FaultIsReportedWithTheCallbackName()
    {
        var faults = new RecordingFaults();
        var list = new HandlerList<int>();
        list.Add(_ => throw new InvalidOperationException("boom"));

        list.Invoke(1, faults, "Inserted");

        Assert.AreEqual(1, faults.Faults.Count);
        Assert.AreEqual("Inserted", faults.Faults[0].Callback);
        Assert.AreEqual("boom", faults.Faults[0].Exception.Message);
    }

    [TestMethod]
    public void Invoke_FirstOfTwoThrows_SecondStillRuns()
    {
        var faults = new RecordingFaults();
        var seen = new List<int>();
        var list = new HandlerList<int>();
        list.Add(_ => throw new InvalidOperationException("boom"));
        list.Add(seen.Add);

        list.Invoke(3, faults, "Updated");

        CollectionAssert.AreEqual(new[] { 3 }, seen);
        Assert.AreEqual(1, faults.Faults.Count);
    }

    [TestMethod]
    public void Remove_BackToOneHandler_OnlyTheRemainingOneRuns()
    {
        var first = new List<int>();
        var second = new List<int>();
        Action<int> removed = second.Add;
        var list = new HandlerList<int>();
        list.Add(first.Add);
        list.Add(removed);

        list.Remove(removed);
        list.Invoke(5, new RecordingFaults(), "Deleted");

        CollectionAssert.AreEqual(new[] { 5 }, first);
        Assert.AreEqual(0, second.Count);
    }

    private sealed class RecordingFaults : ICallbackFaultSink
    {
        public List<(string Callback, Exception Exception)> Faults { get; } = new();

        public void OnCallbackFault(string callback, Exception exception) => Faults.Add((callback, exception));
    }
}
