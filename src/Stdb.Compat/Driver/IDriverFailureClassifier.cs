using System;

namespace Stdb.Compat.Driver;

/// <summary>
/// Optionally implemented by a driver that knows its SDK's error shapes: classifies the errors its sessions report
/// through <see cref="IDriverSessionListener.OnConnectError"/> and <see cref="IDriverSessionListener.OnDisconnected"/>.
/// A driver without it (or answering <see cref="DriverFailureKind.Unknown"/>) gets the core's reading of the SDK's
/// known error texts.
/// </summary>
public interface IDriverFailureClassifier
{
    /// <summary>Classifies one error; <see cref="DriverFailureKind.Unknown"/> when the driver cannot tell.</summary>
    DriverFailureKind Classify(Exception error);
}
