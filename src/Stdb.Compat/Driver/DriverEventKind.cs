namespace Stdb.Compat.Driver;

/// <summary>Which variant of the SDK's <c>Event&lt;Reducer&gt;</c> caused a callback.</summary>
public enum DriverEventKind
{
    /// <summary>A variant this driver does not know (a newer SDK).</summary>
    Unknown = 0,

    /// <summary><c>Event.SubscribeApplied</c>: rows arrived because a subscription was applied.</summary>
    SubscribeApplied = 1,

    /// <summary><c>Event.UnsubscribeApplied</c>: rows left because a subscription ended.</summary>
    UnsubscribeApplied = 2,

    /// <summary><c>Event.Reducer</c>: a reducer call whose details the SDK knows (own calls; 1.x full mode: others' too).</summary>
    Reducer = 3,

    /// <summary><c>Event.Transaction</c> (2.x): a transaction by another client, a scheduled reducer or SQL.</summary>
    Transaction = 4,

    /// <summary><c>Event.UnknownTransaction</c>: a transaction without reducer details (1.x light mode, V10 modules on a 2.x server).</summary>
    UnknownTransaction = 5,

    /// <summary><c>Event.SubscribeError</c>.</summary>
    SubscribeError = 6,
}
