using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Driver;
using Stdb.Compat.Tests.Fakes;

namespace Stdb.Compat.Tests.Driver;

[TestClass]
public sealed class DriverFailuresTests
{
    [TestMethod]
    public void Classify_NoError_IsANormalClose() =>
        Assert.AreEqual(DriverFailureKind.Closed, DriverFailures.Classify(new FakeDriver(2), null));

    [TestMethod]
    public void Classify_Upgrade400_IsAProtocolRefusalOnlyWhereTheCapabilitySaysSo()
    {
        var error = new InvalidOperationException("The server returned status code '400' when status code '101' was expected.");
        Assert.AreEqual(DriverFailureKind.ProtocolRefused, DriverFailures.Classify(new FakeDriver(2), error));
        Assert.AreEqual(DriverFailureKind.Lost, DriverFailures.Classify(new FakeDriver(1), error));
    }

    [TestMethod]
    public void Classify_ParseFailureText_IsAParseFailure() =>
        Assert.AreEqual(DriverFailureKind.ParseFailure, DriverFailures.Classify(new FakeDriver(2), new InvalidOperationException("Message parsing failed; connection closed.")));

    [TestMethod]
    public void Classify_DriverWithItsOwnClassifier_IsAskedFirst()
    {
        var driver = new ClassifyingDriver(new FakeDriver(2), DriverFailureKind.ParseFailure);
        Assert.AreEqual(DriverFailureKind.ParseFailure, DriverFailures.Classify(driver, new InvalidOperationException("anything")));
    }

    private sealed class ClassifyingDriver : IConnectionDriver, IDriverFailureClassifier
    {
        private readonly IConnectionDriver _inner;
        private readonly DriverFailureKind _kind;

        public ClassifyingDriver(IConnectionDriver inner, DriverFailureKind kind)
        {
            _inner = inner;
            _kind = kind;
        }

        public DriverCapabilities Capabilities => _inner.Capabilities;

        public IReadOnlyList<DriverTable> Tables => _inner.Tables;

        public IReadOnlyList<DriverReducer> Reducers => _inner.Reducers;

        public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener) => _inner.Open(options, listener);

        public DriverFailureKind Classify(Exception error) => _kind;
    }
}
