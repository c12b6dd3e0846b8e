using System;

namespace Stdb.Compat.Testing.Server;

/// <summary>
/// A publish was refused: the module is invalid, or SpacetimeDB's auto-migration planner would refuse the change
/// (the <see cref="Rule"/> is named after the planner's error, e.g. <c>ChangeColumnType</c>), or the plan
/// disconnects clients and <see cref="PublishOptions.BreakClients"/> was not set (rule <c>BreakClients</c>).
/// </summary>
public sealed class ModulePublishException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModulePublishException(string rule, string path, string message)
        : base($"{rule} at '{path}': {message}")
    {
        Rule = rule;
        Path = path;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ModulePublishException(string message)
        : this("Invalid", string.Empty, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ModulePublishException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rule = "Invalid";
        Path = string.Empty;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModulePublishException()
        : this("The module could not be published.")
    {
    }

    /// <summary>The refused rule, e.g. <c>ChangeColumnType</c>, <c>AddColumn</c>, <c>RemoveColumn</c>, <c>BreakClients</c>, <c>Invalid</c>.</summary>
    public string Rule { get; } = string.Empty;

    /// <summary>Where: <c>table</c> or <c>table.column</c>.</summary>
    public string Path { get; } = string.Empty;
}
