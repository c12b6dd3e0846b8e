using System.Runtime.CompilerServices;
using Stdb.Compat.Driver;

namespace Stdb.Compat.Tables;

/// <summary>
/// A cache of the last event's origin, held by each view and by the view engine (across views). Every row of one
/// transaction carries the same SDK event object (<see cref="DriverEvent.Raw"/>), so only the first row of each event
/// asks the resolver (which peeks an own call's id and notices capability degradations); later rows cost a reference
/// compare. Unknown transactions (a driver may share one raw object for them, and each must be reported) and events
/// without a raw object are resolved every time. A mutable struct held in a field of its single (pump) owner: never
/// copy it.
/// </summary>
internal struct LastOrigin
{
    private object? _raw;
    private DriverEventKind _kind;
    private RowOrigin _origin;

    /// <summary>The hit (every row but the first of an event) is inlined into the view's row callback.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowOrigin Resolve(in DriverEvent context, IOriginResolver resolver)
    {
        var raw = context.Raw;
        return raw is not null && ReferenceEquals(raw, _raw) && context.Kind == _kind ? _origin : Miss(context, resolver);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RowOrigin Miss(in DriverEvent context, IOriginResolver resolver)
    {
        var raw = context.Raw;
        var origin = resolver.Resolve(context);
        if (raw is not null && context.Kind != DriverEventKind.UnknownTransaction)
        {
            _raw = raw;
            _kind = context.Kind;
            _origin = origin;
        }

        return origin;
    }

    /// <summary>Lets the last event (and its reducer arguments) go, at the end of a session.</summary>
    public void Forget() => _raw = null;
}
