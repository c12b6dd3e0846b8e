
namespace Stdb.Compat.Events;

/// <summary>An event could not be projected from its source: a field is missing or has another type.</summary>
public sealed class EventProjectionException : StdbCompatException
{
    /// <summary>Creates the exception.</summary>
    public EventProjectionException(string source, string field, string problem)
        : base($"Cannot read field '{field}' from '{source}': {problem}")
    {
        SourceName = source;
        Field = field;
    }

    /// <summary>The table or reducer the event was read from.</summary>
    public string SourceName { get; }

    /// <summary>The field that could not be read.</summary>
    public string Field { get; }
}
