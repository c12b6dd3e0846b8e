using System;
using System.Collections.Generic;

namespace Stdb.Compat.Calls;

/// <summary>
/// Sent calls in send order, for exact correlation of results. A server runs one connection's calls in order, so
/// the first pending call of the same reducer whose arguments match is the one a result belongs to: in 2.x the
/// SDK hands back the very argument object (matched by reference); in 1.x it decodes a new one (matched by value).
/// Calls that timed out or were cancelled stay here until their result or the disconnect, keeping the order exact.
/// </summary>
internal sealed class PendingCallTable
{
    private readonly object _gate = new();
    private readonly List<PendingCall> _calls = new();

    /// <summary>False for SDK 2.x, whose results carry the very argument object: no match by value then.</summary>
    public bool MatchByValue { get; set; } = true;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    public void Add(PendingCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

    public void Remove(PendingCall call)
    {
        lock (_gate)
        {
            _calls.Remove(call);
        }
    }

    /// <summary>The call a reducer event belongs to, without removing it (row callbacks come before the result).</summary>
    public PendingCall? Peek(string reducer, object args)
    {
        lock (_gate)
        {
            var index = IndexOf(reducer, args);
            return index < 0 ? null : _calls[index];
        }
    }

    /// <summary>Removes and returns the call a result belongs to.</summary>
    public PendingCall? Take(string reducer, object args)
    {
        lock (_gate)
        {
            var index = IndexOf(reducer, args);
            if (index < 0)
            {
                return null;
            }

            var call = _calls[index];
            _calls.RemoveAt(index);
            return call;
        }
    }

    public List<PendingCall> TakeAll()
    {
        lock (_gate)
        {
            var all = new List<PendingCall>(_calls);
            _calls.Clear();
            return all;
        }
    }

    private int IndexOf(string reducer, object args)
    {
        // Prefer the exact object (2.x), then the first equal one in send order (1.x).
        for (var i = 0; i < _calls.Count; i++)
        {
            if (ReferenceEquals(_calls[i].Args, args))
            {
                return i;
            }
        }

        if (!MatchByValue)
        {
            return -1;
        }

        for (var i = 0; i < _calls.Count; i++)
        {
            var call = _calls[i];
            if (string.Equals(call.Reducer, reducer, StringComparison.Ordinal) && call.Args.Equals(args))
            {
                return i;
            }
        }

        return -1;
    }
}
