using System;
using System.Runtime.CompilerServices;

namespace Stdb.Compat.Internal;

/// <summary>
/// Copy-on-write list of app handlers. Invoking allocates nothing, runs every handler even when one throws, and
/// never holds a lock while app code runs.
/// </summary>
internal sealed class HandlerList<T> : HandlerList<T, SharedHandlerSite>
{
}

/// <summary>The call site of every <see cref="HandlerList{T}"/> that does not name its own.</summary>
internal struct SharedHandlerSite
{
}

/// <summary>
/// <see cref="HandlerList{T}"/> for one named call site. <typeparamref name="TSite"/> is an empty struct: the runtime
/// compiles a separate body of <see cref="Invoke"/> for each struct type argument, so a hot call site that names its
/// own site gets its own JIT code and its own dynamic-PGO profile instead of sharing one with every other list whose
/// argument has the same shape (all <c>RowChange&lt;TRow&gt;</c> of row classes share one canonical body).
/// </summary>
internal abstract class HandlerList<T, TSite>
    where TSite : struct
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
