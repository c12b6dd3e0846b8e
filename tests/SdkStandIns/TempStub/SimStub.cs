// TEMPORARY until sim-server lands.
using System;
using Stdb.Compat.Testing.Wire;
namespace Stdb.Compat.Testing.Server
{
    internal static class SimulatedNetwork
    {
        public static bool TryConnect(Uri uri, WireConnectRequest request, IWireClient client, out IWireServerEndpoint? endpoint, out WireRefusal? refusal)
        {
            endpoint = null;
            refusal = null;
            return false;
        }
    }
}
