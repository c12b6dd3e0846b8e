// Mirrors EventListeners<T> of sdks/csharp/src/EventHandling/EventListeners.cs (1.2.0+ and 2.x, v1.12.0 / v2.8.0): a
// duplicate add is ignored, listeners run last-registered first, removal swaps the last listener into the freed slot.
// Read from the source, not guessed; AbstractEventHandler and ListExtensions are folded in. Internal class with Add /
// Remove as in the real source; the stand-in's parameters are `T?` (null ignored) where the real ones take `T`.
using System;
using System.Collections.Generic;

namespace SpacetimeDB;

internal class EventListeners<T>
    where T : Delegate
{
    private readonly List<T> _listeners = new();

    public int Count => _listeners.Count;

    public void Add(T? listener)
    {
        if (listener is null || _listeners.Contains(listener))
        {
            return;
        }

        _listeners.Add(listener);
    }

    public void Remove(T? listener)
    {
        if (listener is null)
        {
            return;
        }

        var index = _listeners.IndexOf(listener);
        if (index < 0)
        {
            return;
        }

        var last = _listeners.Count - 1;
        _listeners[index] = _listeners[last];
        _listeners.RemoveAt(last);
    }

    /// <summary>The listener at position <paramref name="index"/>, iterated from <c>Count - 1</c> down to 0.</summary>
    public T this[int index] => _listeners[index];
}
