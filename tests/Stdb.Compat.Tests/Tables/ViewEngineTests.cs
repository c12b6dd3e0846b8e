using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;
using Stdb.Compat.Tables;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Tables;

[TestClass]
public sealed class ViewEngineTests
{
    [TestMethod]
    public void Resolve_RowsOfOneTransaction_PeeksTheOwnCallOnce()
    {
        var peeks = 0;
        var engine = new ViewEngine(new FakeDriver(2, withEventTable: false), new NoFaults(), (_, _) => ++peeks, () => { }, new Pump(_ => { }));
        var transaction = new object();
        var args = new DealDamage(1, 5, "s");
        var first = new DriverEvent("deal_damage", args, callerIsSelf: true, DriverReducerStatus.Committed, null, 1, transaction);
        var second = new DriverEvent("deal_damage", args, callerIsSelf: true, DriverReducerStatus.Committed, null, 1, transaction);

        var a = engine.Resolve(first);
        var b = engine.Resolve(second);
        var next = engine.Resolve(new DriverEvent("deal_damage", args, callerIsSelf: true, DriverReducerStatus.Committed, null, 2, new object()));

        Assert.AreEqual(RowOrigin.OwnCall(1, "deal_damage"), a);
        Assert.AreEqual(a, b);
        Assert.AreEqual(RowOrigin.OwnCall(2, "deal_damage"), next, "another transaction is resolved afresh");
        Assert.AreEqual(2, peeks);
    }

    [TestMethod]
    public void Resolve_EventsWithoutRawObject_AreResolvedEachTime()
    {
        var peeks = 0;
        var engine = new ViewEngine(new FakeDriver(2, withEventTable: false), new NoFaults(), (_, _) => ++peeks, () => { }, new Pump(_ => { }));
        var args = new DealDamage(1, 5, "s");
        var ev = new DriverEvent("deal_damage", args, callerIsSelf: true, DriverReducerStatus.Committed, null, 1);

        engine.Resolve(ev);
        var again = engine.Resolve(ev);

        Assert.AreEqual(RowOrigin.OwnCall(2, "deal_damage"), again);
    }

    [TestMethod]
    public void Resolve_UnknownTransactionsSharingARawObject_AreEachReported()
    {
        var unknown = 0;
        var engine = new ViewEngine(new FakeDriver(2, withEventTable: false), new NoFaults(), (_, _) => 0, () => unknown++, new Pump(_ => { }));
        var shared = new object();

        engine.Resolve(new DriverEvent(DriverEventKind.UnknownTransaction, shared));
        var origin = engine.Resolve(new DriverEvent(DriverEventKind.UnknownTransaction, shared));

        Assert.AreEqual(RowOrigin.Unknown, origin);
        Assert.AreEqual(2, unknown);
    }

    private sealed class NoFaults : ICallbackFaultSink
    {
        public void OnCallbackFault(string callback, Exception exception) => throw new AssertFailedException(callback, exception);
    }
}
