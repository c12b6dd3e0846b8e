using System;

namespace Stdb.Compat.Driver;

/// <summary>
/// The port-side reading of SDK errors: recognises the SDK's and server's error texts (spacetimedb-csharp-sdk
/// reference §3.2, §3.9) so that failures retrying cannot fix are told apart from transient ones. The core never
/// parses error texts; it asks <see cref="Classify"/>, which prefers the driver's own answer
/// (<see cref="IDriverFailureClassifier"/>) and falls back to these texts. All known texts live here.
/// </summary>
internal static class DriverFailures
{
    /// <summary>What kind of failure <paramref name="error"/> is, as the driver (or, failing that, the known texts) says.</summary>
    public static DriverFailureKind Classify(IConnectionDriver driver, Exception? error)
    {
        if (error is null)
        {
            return DriverFailureKind.Closed;
        }

        if (driver is IDriverFailureClassifier own && own.Classify(error) is var kind && kind != DriverFailureKind.Unknown)
        {
            return kind;
        }

        if (IsProtocolRefusal(error, driver.Capabilities.UpgradeRefusalIsProtocolMismatch))
        {
            return DriverFailureKind.ProtocolRefused;
        }

        return IsParseFailure(error) ? DriverFailureKind.ParseFailure : DriverFailureKind.Lost;
    }

    /// <summary>HTTP 400 body of a server that supports none of the requested subprotocols.</summary>
    public const string ProtocolRefusalText = "no valid protocol selected";

    /// <summary>2.x: pending operations fail with this text when a message cannot be parsed.</summary>
    public const string ParseFailureText = "Message parsing failed";

    /// <summary>How .NET's ClientWebSocket reports a refused upgrade (the HTTP body is not visible to the SDK).</summary>
    public const string UpgradeRefused400Text = "status code '400'";

    /// <summary>
    /// True when the server refused the WebSocket upgrade because it speaks none of the SDK's subprotocols. The body
    /// "no valid protocol selected" is only visible to HTTP clients; through the SDK a 2.x client sees a 400 on the
    /// upgrade (a malformed token also gives 400, which the caller reports alongside).
    /// </summary>
    public static bool IsProtocolRefusal(Exception error, bool upgradeRefusalIsProtocolMismatch) =>
        Contains(error, ProtocolRefusalText) || (upgradeRefusalIsProtocolMismatch && (Contains(error, UpgradeRefused400Text) || HasStatusCode(error, 400)));

    public static bool IsParseFailure(Exception error) => Contains(error, ParseFailureText) || HasDecodeFailure(error);

    private static bool HasStatusCode(Exception error, int status)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e.Data.Contains("StatusCode") && e.Data["StatusCode"] is int code && code == status)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDecodeFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is System.IO.EndOfStreamException or System.IO.InvalidDataException)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(Exception error, string text)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e.Message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
