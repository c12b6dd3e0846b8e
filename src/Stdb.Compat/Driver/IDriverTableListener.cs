namespace Stdb.Compat.Driver;

/// <summary>Receives one table's row callbacks. Called on the pump thread inside <c>FrameTick</c>.</summary>
/// <typeparam name="TRow">The generated row type.</typeparam>
public interface IDriverTableListener<in TRow>
    where TRow : class
{
    /// <summary>The SDK's <c>OnInsert</c> (the only callback of an event table).</summary>
    void OnInsert(in DriverEvent context, TRow row);

    /// <summary>The SDK's <c>OnUpdate</c> (tables with a primary key).</summary>
    void OnUpdate(in DriverEvent context, TRow oldRow, TRow newRow);

    /// <summary>The SDK's <c>OnBeforeDelete</c>: fires before any cache is mutated.</summary>
    void OnBeforeDelete(in DriverEvent context, TRow row);

    /// <summary>The SDK's <c>OnDelete</c>.</summary>
    void OnDelete(in DriverEvent context, TRow row);
}
