using System;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Adapters;

/// <summary>Sends generated reducer arguments on the path's connection.</summary>
internal interface IReducerSink
{
    Task<ReducerOutcome> CallReducerAsync<TArgs>(TArgs args, CancellationToken cancellationToken)
        where TArgs : class;
}

/// <summary>A command adapter of one path: app command → generated reducer arguments.</summary>
internal abstract class CommandMap
{
    public abstract Task<ReducerOutcome> CallAsync(IReducerSink sink, object command, CancellationToken cancellationToken);

    protected static Task<ReducerOutcome> NotSupported(Type command, string reason) =>
        Task.FromResult(new ReducerOutcome(0, command.Name, ReducerOutcomeKind.NotSupportedOnPath, reason));
}

/// <summary>The typed command adapter.</summary>
internal sealed class CommandMap<TCommand, TArgs> : CommandMap
    where TCommand : class
    where TArgs : class
{
    private readonly Func<TCommand, TArgs> _map;

    public CommandMap(Func<TCommand, TArgs> map) => _map = map;

    public override Task<ReducerOutcome> CallAsync(IReducerSink sink, object command, CancellationToken cancellationToken)
    {
        TArgs args;
        try
        {
            args = _map((TCommand)command);
        }
#pragma warning disable CA1031 // An adapter that cannot map ends the call with a typed outcome, never an exception.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return NotSupported(typeof(TCommand), $"the command adapter threw {ex.GetType().Name}: {ex.Message}");
        }

        return args is null
            ? NotSupported(typeof(TCommand), "the command adapter returned no arguments")
            : sink.CallReducerAsync(args, cancellationToken);
    }
}

/// <summary>A command the path cannot express.</summary>
internal sealed class NotSupportedCommand : CommandMap
{
    private readonly Type _command;
    private readonly string _reason;

    public NotSupportedCommand(Type command, string reason)
    {
        _command = command;
        _reason = reason;
    }

    public override Task<ReducerOutcome> CallAsync(IReducerSink sink, object command, CancellationToken cancellationToken) =>
        NotSupported(_command, _reason);
}
