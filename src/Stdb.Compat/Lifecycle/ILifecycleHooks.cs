using Polly;
using Stdb.Compat.Driver;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Lifecycle;

/// <summary>
/// What the lifecycle tells the other engines, through the router (which implements it). All calls happen on the pump.
/// </summary>
internal interface ILifecycleHooks
{
    /// <summary>A connection attempt starts with <paramref name="settings"/>; no session exists yet.</summary>
    void OnAttemptStarting(ClientSnapshot settings);

    /// <summary>A session was opened for the attempt: tap it before anything arrives.</summary>
    void OnSessionOpened(IDriverSession session);

    /// <summary>The server accepted the client; <paramref name="session"/> is the connected session.</summary>
    void OnConnected(IDriverSession session);

    /// <summary>The session ended (any reason); what depended on it is settled.</summary>
    void OnSessionEnded(string why);

    /// <summary>No connection will come for the calls waiting for one (disconnect, fault, failed connect).</summary>
    void OnGaveUp(string why);

    /// <summary>A reducer event arrived on the current session.</summary>
    void OnReducerEvent(in DriverEvent reducerEvent);

    /// <summary>The connect or reconnect pipeline (custom or standard).</summary>
    ResiliencePipeline ConnectPipeline(bool reconnect);
}
