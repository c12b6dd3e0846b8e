using System;
using System.Linq;
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

    [TestMethod]
    public void Table_TableAndViewsShareRowType_ReturnsTheTableNamedAfterIt()
    {
        var engine = SharedRowEngine(withBaseTable: true);

        var view = (TableView<Player>)engine.Table<Player>();

        Assert.AreEqual("player", view.Table.WireName);
    }

    [TestMethod]
    public void Table_SharedRowTypeNoneNamedAfterIt_ThrowsAmbiguousNamingCandidates()
    {
        var engine = SharedRowEngine(withBaseTable: false);

        var error = Assert.ThrowsExactly<AmbiguousTableException>(() => engine.Table<Player>());

        CollectionAssert.AreEqual(new[] { "players_named_alice", "top_players" }, error.Candidates.ToArray());
    }

    [TestMethod]
    public void TableByName_WireAndAccessorName_ReturnTheSameView()
    {
        var engine = SharedRowEngine(withBaseTable: true);

        var byWire = engine.Table<Player>("players_named_alice");
        var byAccessor = engine.Table<Player>("PlayersNamedAlice");

        Assert.AreEqual("players_named_alice", ((TableView<Player>)byWire).Table.WireName);
        Assert.AreSame(byWire, byAccessor);
        Assert.AreNotSame(engine.Table<Player>(), byWire);
    }

    [TestMethod]
    public void TableByName_WrongRowType_ThrowsArgumentNamingBoth()
    {
        var engine = SharedRowEngine(withBaseTable: true);

        var error = Assert.ThrowsExactly<ArgumentException>(() => engine.Table<Player>("damage_log"));

        StringAssert.Contains(error.Message, nameof(DamageLog));
        StringAssert.Contains(error.Message, nameof(Player));
    }

    [TestMethod]
    public void TableByName_UnknownName_ThrowsUnknownTable()
    {
        var engine = SharedRowEngine(withBaseTable: true);

        var error = Assert.ThrowsExactly<UnknownTableException>(() => engine.Table<Player>("nope"));

        Assert.AreEqual("nope", error.Table);
    }

    [TestMethod]
    public void TableByName_EventTable_ThrowsPointingToEvents()
    {
        var engine = SharedRowEngine(withBaseTable: true);

        var error = Assert.ThrowsExactly<UnknownTableException>(() => engine.Table<Player>("player_seen"));

        StringAssert.Contains(error.Message, "is an event table");
    }

    private static ViewEngine SharedRowEngine(bool withBaseTable) =>
        new(new SharedRowDriver(withBaseTable), new NoFaults(), (_, _) => 0, () => { }, new Pump(_ => { }));

    private sealed class NoFaults : ICallbackFaultSink
    {
        public void OnCallbackFault(string callback, Exception exception) => throw new AssertFailedException(callback, exception);
    }
}
