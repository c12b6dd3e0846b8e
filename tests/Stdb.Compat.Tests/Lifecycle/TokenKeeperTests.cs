using System.Threading;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Internal;
using Stdb.Compat.Lifecycle;

namespace Stdb.Compat.Tests.Lifecycle;

[TestClass]
public sealed class TokenKeeperTests
{
    [TestMethod]
    public void Redact_SessionTokenReissued_StillRemovesThePreviousOne()
    {
        var keeper = NewKeeper(configured: "configured-secret");
        keeper.OnIssued("first-session-secret");
        keeper.OnIssued("second-session-secret");

        var redacted = keeper.Redact("late error of the old connection: first-session-secret / second-session-secret / configured-secret");

        Assert.AreEqual("late error of the old connection: [token] / [token] / [token]", redacted);
    }

    [TestMethod]
    public void Redact_ConfiguredTokenReloaded_StillRemovesThePreviousOne()
    {
        var keeper = NewKeeper(configured: "old-configured-secret");
        keeper.ForAttempt("new-configured-secret");

        Assert.AreEqual("[token] then [token]", keeper.Redact("old-configured-secret then new-configured-secret"));
    }

    [TestMethod]
    public void Redact_ManyReissuedTokens_KeepsTheNewestEightRetired()
    {
        var keeper = NewKeeper(configured: null);
        for (var i = 0; i < 12; i++)
        {
            keeper.OnIssued($"session-{i:D2}-secret");
        }

        Assert.AreEqual("session-00-secret [token] [token]", keeper.Redact("session-00-secret session-03-secret session-11-secret"));
    }

    [TestMethod]
    public void Sanitize_ErrorQuotingARetiredToken_ReturnsARedactedCopy()
    {
        var keeper = NewKeeper(configured: null);
        keeper.OnIssued("retired-secret");
        keeper.OnIssued("current-secret");

        var sanitized = keeper.Sanitize(new System.InvalidOperationException("refused retired-secret"));

        Assert.IsNotNull(sanitized);
        Assert.DoesNotContain("retired-secret", sanitized.Message);
    }

    private static TokenKeeper NewKeeper(string? configured) =>
        new(configured, store: null, new Pump(static _ => { }), NullLogger.Instance, CancellationToken.None);
}
