using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Tests.Tables;

[TestClass]
public sealed class LastOriginTests
{
    [TestMethod]
    public void Resolve_SameRawEventTwice_AsksResolverOnce()
    {
        var resolver = new CountingResolver();
        var cache = default(LastOrigin);
        var ev = new DriverEvent(DriverEventKind.Transaction, new object());

        var first = cache.Resolve(ev, resolver);
        var second = cache.Resolve(ev, resolver);

        Assert.AreEqual(1, resolver.Calls);
        Assert.AreEqual(first, second);
    }

    [TestMethod]
    public void Resolve_NewRawEvent_AsksResolverAgain()
    {
        var resolver = new CountingResolver();
        var cache = default(LastOrigin);

        cache.Resolve(new DriverEvent(DriverEventKind.Transaction, new object()), resolver);
        cache.Resolve(new DriverEvent(DriverEventKind.Transaction, new object()), resolver);

        Assert.AreEqual(2, resolver.Calls);
    }

    [TestMethod]
    public void Resolve_UnknownTransactionOrNoRaw_AsksResolverEveryTime()
    {
        var resolver = new CountingResolver();
        var cache = default(LastOrigin);
        var unknown = new DriverEvent(DriverEventKind.UnknownTransaction, new object());
        var noRaw = new DriverEvent(DriverEventKind.Transaction);

        cache.Resolve(unknown, resolver);
        cache.Resolve(unknown, resolver);
        cache.Resolve(noRaw, resolver);
        cache.Resolve(noRaw, resolver);

        Assert.AreEqual(4, resolver.Calls);
    }

    [TestMethod]
    public void Forget_ThenSameRawEvent_AsksResolverAgain()
    {
        var resolver = new CountingResolver();
        var cache = default(LastOrigin);
        var ev = new DriverEvent(DriverEventKind.Transaction, new object());

        cache.Resolve(ev, resolver);
        cache.Forget();
        cache.Resolve(ev, resolver);

        Assert.AreEqual(2, resolver.Calls);
    }

    private sealed class CountingResolver : IOriginResolver
    {
        public int Calls { get; private set; }

        public RowOrigin Resolve(in DriverEvent driverEvent)
        {
            Calls++;
            return RowOrigin.OtherClient("r" + Calls);
        }
    }
}
