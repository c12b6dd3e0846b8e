using System;

namespace Stdb.Compat.Testing.Server;

/// <content>Hooks for the loopback host (Stdb.Compat.Testing.Host): additive, internal.</content>
public sealed partial class SimulatedServer
{
    /// <summary>
    /// Issues a new identity and token as <c>POST /v1/identity</c> does: the token is accepted by later connects,
    /// exactly like one issued to a client that connected without a token.
    /// </summary>
    internal (byte[] Identity, string Token) IssueIdentity()
    {
        lock (_gate)
        {
            var identity = new byte[32];
            _random.NextBytes(identity);
            var secret = new byte[24];
            _random.NextBytes(secret);
            string token = "sim." + Convert.ToBase64String(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            _tokens[token] = identity;
            return (identity, token);
        }
    }
}
