using Stdb.Compat.Driver;
using Stdb.Compat.Tables;

namespace Stdb.Compat.Events;

/// <summary>Feeds the inserted rows of an event table or log table to the event stream that uses it.</summary>
internal sealed class EventSourceTap<TRow> : IDriverTableListener<TRow>
    where TRow : class
{
    private readonly DriverTable _table;
    private readonly EventStreamEngine _stream;
    private readonly IOriginResolver _origins;

    public EventSourceTap(DriverTable table, EventStreamEngine stream, IOriginResolver origins)
    {
        _table = table;
        _stream = stream;
        _origins = origins;
    }

    public void OnInsert(in DriverEvent context, TRow row) => _stream.OnSourceRow(_table, context, row, _origins.Resolve(context));

    public void OnUpdate(in DriverEvent context, TRow oldRow, TRow newRow)
    {
    }

    public void OnBeforeDelete(in DriverEvent context, TRow row)
    {
    }

    public void OnDelete(in DriverEvent context, TRow row)
    {
    }
}
