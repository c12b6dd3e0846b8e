using System;
using System.Runtime.CompilerServices;

namespace Stdb.Compat.Internal;

/// <summary>
/// Copy-on-write list of app handlers. Invoking allocates nothing, runs every handler even when one throws, and
/// never holds a lock while app code runs.
/// </summary>
internal sealed class HandlerList<T>
{
    private readonly object _gate = new();
    private Action<T>[] _handlers = Array.Empty<Action<T>>();

    public bool IsEmpty => _handlers.Length == 0;

    public void Add(Action<T>? handler)
    {
        if (handler is null)
        {
            return;
        }

        lock (_gate)
        {
            var next = new Action<T>[_handlers.Length + 1];
            Array.Copy(_handlers, next, _handlers.Length);
            next[^1] = handler;
            _handlers = next;
        }
    }

    public void Remove(Action<T>? handler)
    {
        if (handler is null)
        {
            return;
        }

        lock (_gate)
        {
            var index = Array.LastIndexOf(_handlers, handler);
            if (index < 0)
            {
                return;
            }

            var next = new Action<T>[_handlers.Length - 1];
            Array.Copy(_handlers, 0, next, 0, index);
            Array.Copy(_handlers, index + 1, next, index, _handlers.Length - index - 1);
            _handlers = next;
        }
    }

    /// <summary>
    /// Runs every handler; <paramref name="argument"/> is passed by reference so a large struct is copied once per
    /// handler, not per hop. No handler costs a length check and one handler a direct call (the row hot path: a view
    /// usually has one app handler per event); the loop is for two or more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(in T argument, ICallbackFaultSink faults, string callback)
    {
        var handlers = _handlers;
        if (handlers.Length == 1)
        {
            InvokeOne(handlers[0], argument, faults, callback);
        }
        else if (handlers.Length != 0)
        {
            InvokeAll(handlers, argument, faults, callback);
        }
    }

    private static void InvokeAll(Action<T>[] handlers, in T argument, ICallbackFaultSink faults, string callback)
    {
        for (var i = 0; i < handlers.Length; i++)
        {
            InvokeOne(handlers[i], argument, faults, callback);
        }
    }

    private static void InvokeOne(Action<T> handler, in T argument, ICallbackFaultSink faults, string callback)
    {
        try
        {
            handler(argument);
        }
#pragma warning disable CA1031 // App callbacks may throw anything; the pump must survive.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            faults.OnCallbackFault(callback, ex);
        }
    }
}
