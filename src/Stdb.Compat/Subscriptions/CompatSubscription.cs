using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Subscriptions;

/// <summary>An app subscription: remembered by the client and applied on each connection.</summary>
internal sealed class CompatSubscription : ICompatSubscription, IDriverSubscriptionListener
{
    private readonly SubscriptionEngine _client;
    private readonly TaskCompletionSource<bool> _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDriverSubscription? _current;

    public CompatSubscription(SubscriptionEngine client, IReadOnlyList<string> tables, IReadOnlyList<string> queries, Action? onApplied = null)
    {
        _client = client;
        Tables = tables;
        Queries = queries;
        OnAppliedHook = onApplied;
    }

    public IReadOnlyList<string> Tables { get; }

    public IReadOnlyList<string> Queries { get; }

    public bool IsActive => _current?.IsActive == true;

    public Task Applied => _applied.Task;

    public bool IsRemoved { get; private set; }

    /// <summary>Pump: sent on the current session (applied or not yet).</summary>
    public bool IsAttached => _current is not null;

    /// <summary>Internal subscriptions (event-stream sources) use this to learn the initial rows are in.</summary>
    public Action? OnAppliedHook { get; }

    public Task UnsubscribeAsync(CancellationToken cancellationToken = default) => _client.RemoveAsync(this, cancellationToken);

    /// <summary>Pump: sends the subscription on a session (only <paramref name="queries"/> when the schema gate left some tables out).</summary>
    public void Apply(IDriverSession session, IReadOnlyList<string>? queries = null) => _current = session.Subscribe(queries ?? Queries, this);

    /// <summary>Pump: the session ended; the subscription will be applied again on the next one.</summary>
    public void Detach() => _current = null;

    /// <summary>
    /// Pump: removes it for good. One sent but not yet applied cannot be unsubscribed yet (the SDK's rule): it is
    /// unsubscribed when it applies, so the server does not keep sending its rows.
    /// </summary>
    public void Remove()
    {
        IsRemoved = true;
        _applied.TrySetCanceled();
        var current = _current;
        if (current is { IsActive: true })
        {
            _current = null;
            current.Unsubscribe();
        }
    }

    public void OnApplied()
    {
        if (IsRemoved)
        {
            var removed = _current;
            _current = null;
            _client.OnSettled(this);
            removed?.Unsubscribe();
            return;
        }

        _applied.TrySetResult(true);
        OnAppliedHook?.Invoke();
        _client.OnSettled(this);
    }

    public void OnError(Exception error)
    {
        var failure = new SubscriptionFailedException(string.Join("; ", Queries), error);
        _applied.TrySetException(failure);
        _client.OnFailed(this, failure);
    }

    public void OnEnded()
    {
    }
}
