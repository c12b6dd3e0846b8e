using System;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Adapters;

/// <summary>
/// The model views' handler list: the same rules as <see cref="HandlerList{T}"/> (copy-on-write, invoking allocates
/// nothing, every handler runs even when one throws, no lock while app code runs).
/// </summary>
/// <remarks>
/// Kept apart from <see cref="HandlerList{T}"/> on purpose, for speed: <c>RowChange&lt;TRow&gt;</c> of any row class
/// shares one JIT body of <c>HandlerList.Invoke</c>, so an adapted row was dispatched twice through the same call site
/// (generated view → row adapter, then model view → app handler) and its dynamic-PGO profile mixed both targets. With
/// its own body the model dispatch gets its own profile (the app's handlers): measured 1.17× → 1.12× of a hand-written
/// mapping (interleaved medians, benchmarks/results/AdapterBenchmarks.md "After (h11a)").
/// </remarks>
internal sealed class ModelHandlers<T>
{
    private readonly object _gate = new();
    private Action<T>[] _handlers = Array.Empty<Action<T>>();

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

    /// <summary>Runs every handler; <paramref name="argument"/> is passed by reference so a large struct is copied once per handler, not per hop.</summary>
    public void Invoke(in T argument, ICallbackFaultSink faults, string callback)
    {
        var handlers = _handlers;
        for (var i = 0; i < handlers.Length; i++)
        {
            try
            {
                handlers[i](argument);
            }
#pragma warning disable CA1031 // App callbacks may throw anything; the pump must survive.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                faults.OnCallbackFault(callback, ex);
            }
        }
    }
}
