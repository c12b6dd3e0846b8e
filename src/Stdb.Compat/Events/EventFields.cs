using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Events;

/// <summary>
/// Named access to the fields of the row or reducer arguments an event is projected from. Only the fields the
/// projection asks for are read, so other arguments of a reducer never reach the app.
/// </summary>
public readonly struct EventFields
{
    private readonly object _source;
    private readonly IReadOnlyList<DriverField> _fields;

    internal EventFields(string sourceName, object source, IReadOnlyList<DriverField> fields)
    {
        SourceName = sourceName;
        _source = source;
        _fields = fields;
    }

    /// <summary>The table or reducer the event comes from.</summary>
    public string SourceName { get; }

    /// <summary>Reads a field by name (wire name or C# member name; case and underscores are ignored).</summary>
    /// <exception cref="EventProjectionException">The field is missing or not of type <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        if (!TryGetRaw(name, out var value))
        {
            throw new EventProjectionException(SourceName, name, "no such field");
        }

        if (value is T typed)
        {
            return typed;
        }

        if (value is null && default(T) is null)
        {
            return default!;
        }

        throw new EventProjectionException(SourceName, name, $"it is {value?.GetType().Name ?? "null"}, not {typeof(T).Name}");
    }

    /// <summary>Reads a field when it exists and has type <typeparamref name="T"/>.</summary>
    public bool TryGet<T>(string name, out T value)
    {
        if (TryGetRaw(name, out var raw) && raw is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    private bool TryGetRaw(string name, out object? value)
    {
        var fields = _fields ?? Array.Empty<DriverField>();
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (NameMatch.Matches(name, field.WireName, field.MemberName))
            {
                value = field.Read(_source);
                return true;
            }
        }

        value = null;
        return false;
    }
}
