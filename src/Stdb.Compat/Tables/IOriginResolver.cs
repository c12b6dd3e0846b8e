using Stdb.Compat.Driver;

namespace Stdb.Compat.Tables;

/// <summary>Turns the SDK's event context into a normalised origin.</summary>
internal interface IOriginResolver
{
    RowOrigin Resolve(in DriverEvent driverEvent);
}
