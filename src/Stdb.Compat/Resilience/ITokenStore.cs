using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Resilience;

/// <summary>
/// Keeps the auth token the server issued, so the identity survives restarts of the app (the client always reuses it
/// across reconnects of one run). Back it with the app's own secure storage. Tokens are secrets: Stdb.Compat never
/// logs, measures or traces them.
/// </summary>
public interface ITokenStore
{
    /// <summary>The stored token, or null for none (the server then issues a new identity). Called before the first connect.</summary>
    ValueTask<string?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the token the server issued. Called on the pump's behalf after a connect whose token changed.</summary>
    ValueTask SaveAsync(string token, CancellationToken cancellationToken = default);
}
