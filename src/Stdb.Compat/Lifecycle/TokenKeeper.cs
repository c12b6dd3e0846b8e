using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Internal;
using Stdb.Compat.Resilience;

namespace Stdb.Compat.Lifecycle;

/// <summary>
/// The auth tokens a client knows (configured, stored, issued by the server), the token store, and redaction: no
/// token ever reaches a log, a trace or an exception handed to the app. Tokens are set on the pump.
/// </summary>
internal sealed partial class TokenKeeper
{
    private readonly ITokenStore? _store;
    private readonly Pump _pump;
    private readonly ILogger _logger;
    private readonly CancellationToken _lifetime;
    private string? _configured;
    private string? _session;
    private string? _stored;
    private string? _saved;
    private bool _loaded;

    /// <summary>Tokens replaced by newer ones (a re-issued session token, a reloaded configured one), newest last,
    /// at most <see cref="RetiredLimit"/>: a late error of an old connection may still quote one. Swapped whole, so
    /// redaction off the pump reads a consistent array.</summary>
    private string[] _retired = Array.Empty<string>();

    private const int RetiredLimit = 8;

    public TokenKeeper(string? configured, ITokenStore? store, Pump pump, ILogger logger, CancellationToken lifetime)
    {
        _configured = configured;
        _store = store;
        _pump = pump;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>True when some token would be presented (a malformed one is also refused with HTTP 400).</summary>
    public bool AnySent => _configured is not null || _session is not null || _stored is not null;

    /// <summary>Pump: the token to present on the next attempt.</summary>
    public string? ForAttempt(string? configured)
    {
        Retire(_configured, configured);
        _configured = configured;
        return _session ?? configured ?? _stored;
    }

    /// <summary>The store to load from before the first connect, once, when no token is configured; else null.</summary>
    public ITokenStore? TakeStoreToLoad(string? configured)
    {
        _configured ??= configured;
        var load = !_loaded && configured is null ? _store : null;
        _loaded = true;
        return load;
    }

    /// <summary>Off the pump: loads the stored token; the result is applied on the pump.</summary>
    public async Task LoadAsync(ITokenStore store, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            _pump.Enqueue(() =>
            {
                _stored = string.IsNullOrEmpty(stored) ? null : stored;
                _saved = stored;
            });
        }
#pragma warning disable CA1031 // A failing token store must not stop the connect; the app's store reports its own errors.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.TokenStoreFailed(_logger, "load", ex.GetType().Name);
        }
    }

    /// <summary>Pump: the server issued <paramref name="token"/>; keep it for reconnects and save it.</summary>
    public void OnIssued(string token)
    {
        Retire(_session, token);
        _session = token;
        if (_store is null || string.Equals(token, _saved, StringComparison.Ordinal))
        {
            return;
        }

        _saved = token;
        _ = SaveAsync(_store, token);
    }

    /// <summary>Removes every token this client knows from a text that may end up in a log, trace or exception.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var token in new[] { _session, _configured, _stored })
        {
            text = Without(text!, token);
        }

        foreach (var token in Volatile.Read(ref _retired))
        {
            text = Without(text!, token);
        }

        return text!;
    }

    /// <summary>Keeps tokens out of errors handed to the app: an error whose chain mentions one is replaced by a redacted copy.</summary>
    public Exception? Sanitize(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (!string.Equals(Redact(e.Message), e.Message, StringComparison.Ordinal))
            {
                return error is ConnectFailedException failed
                    ? new ConnectFailedException(Redact(error.Message), null, failed.IsTransient)
                    : new StdbCompatException($"{error!.GetType().Name}: {Redact(error.Message)}");
            }
        }

        return error;
    }

    private static string Without(string text, string? token) =>
        !string.IsNullOrEmpty(token) && text.IndexOf(token, StringComparison.Ordinal) >= 0 ? text.Replace(token, "[token]") : text;

    private void Retire(string? old, string? replacement)
    {
        if (string.IsNullOrEmpty(old) || string.Equals(old, replacement, StringComparison.Ordinal))
        {
            return;
        }

        var retired = Volatile.Read(ref _retired);
        if (Array.IndexOf(retired, old) >= 0)
        {
            return;
        }

        var skip = retired.Length >= RetiredLimit ? 1 : 0;
        var next = new string[retired.Length - skip + 1];
        Array.Copy(retired, skip, next, 0, retired.Length - skip);
        next[next.Length - 1] = old!;
        Volatile.Write(ref _retired, next);
    }

    private async Task SaveAsync(ITokenStore store, string token)
    {
        try
        {
            await store.SaveAsync(token, _lifetime).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The app's store failing must not break the connection; the error is logged without the token.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.TokenStoreFailed(_logger, "save", ex.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1007, LogLevel.Warning, "The token store failed to {Operation} the token ({ErrorType}); continuing without it")]
        public static partial void TokenStoreFailed(ILogger logger, string operation, string errorType);
    }
}
