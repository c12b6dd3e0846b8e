using Stdb.Compat.Driver;

namespace Stdb.Compat.Tests.Fakes;

/// <summary>Shorthands for the DriverEvent variants a driver produces.</summary>
public static class Ev
{
    public static DriverEvent Applied => new(DriverEventKind.SubscribeApplied);

    public static DriverEvent Unapplied => new(DriverEventKind.UnsubscribeApplied);

    public static DriverEvent Transaction => new(DriverEventKind.Transaction);

    public static DriverEvent Unknown => new(DriverEventKind.UnknownTransaction);

    public static DriverEvent Own(string reducer, object args, DriverReducerStatus status = DriverReducerStatus.Committed, string? reason = null) =>
        new(reducer, args, callerIsSelf: true, status, reason, timestampMicros: 1_700_000_000_000_000);

    public static DriverEvent Other(string reducer, object args) =>
        new(reducer, args, callerIsSelf: false, DriverReducerStatus.Committed, null, timestampMicros: 1_700_000_000_000_000);
}
