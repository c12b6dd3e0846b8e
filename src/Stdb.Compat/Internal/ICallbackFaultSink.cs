using System;

namespace Stdb.Compat.Internal;

/// <summary>Receives exceptions thrown by app callbacks so that they never reach the pump.</summary>
internal interface ICallbackFaultSink
{
    void OnCallbackFault(string callback, Exception exception);
}
