using System;
using System.Collections.Generic;

namespace Stdb.Compat.Driver;

/// <summary>
/// One generated <c>DbConnection</c>, i.e. one connection attempt. The SDK cannot reconnect a connection, so the core
/// opens a new session for every attempt. Every member must be called on the pump thread.
/// </summary>
public interface IDriverSession : IDisposable
{
    /// <summary>The socket is open (the SDK's <c>IsActive</c>); true before <c>OnConnect</c>.</summary>
    bool IsActive { get; }

    /// <summary>Processes everything received since the last tick; all callbacks run inside this call.</summary>
    void FrameTick();

    /// <summary>Closes the connection. Never throws and may be repeated.</summary>
    void Disconnect();

    /// <summary>Attaches a listener to one table's row callbacks. Call before subscribing.</summary>
    /// <exception cref="ArgumentException">The table does not belong to these bindings.</exception>
    void Tap<TRow>(DriverTable<TRow> table, IDriverTableListener<TRow> listener)
        where TRow : class;

    /// <summary>Subscribes to a set of SQL queries applied together.</summary>
    IDriverSubscription Subscribe(IReadOnlyList<string> querySql, IDriverSubscriptionListener listener);

    /// <summary>
    /// Sends a reducer call with the generated argument object. The outcome arrives through
    /// <see cref="IDriverSessionListener.OnReducerEvent"/> (never for 1.x calls that asked for no notification).
    /// </summary>
    /// <exception cref="ArgumentException">The object is not an argument type of these bindings.</exception>
    void CallReducer(object reducerArgs);
}
