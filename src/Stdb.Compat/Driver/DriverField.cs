using System;

namespace Stdb.Compat.Driver;

/// <summary>One field of a row type or of a reducer's argument type, as the bindings declare it.</summary>
public sealed class DriverField
{
    private readonly Func<object, object?> _read;

    /// <summary>Creates a field description.</summary>
    /// <param name="wireName">Name on the wire (the <c>DataMember</c> name).</param>
    /// <param name="memberName">C# member name in the bindings.</param>
    /// <param name="clrType">C# type of the member.</param>
    /// <param name="read">Reads the member from an instance of the declaring type.</param>
    public DriverField(string wireName, string memberName, Type clrType, Func<object, object?> read)
    {
        WireName = wireName ?? throw new ArgumentNullException(nameof(wireName));
        MemberName = memberName ?? throw new ArgumentNullException(nameof(memberName));
        ClrType = clrType ?? throw new ArgumentNullException(nameof(clrType));
        _read = read ?? throw new ArgumentNullException(nameof(read));
    }

    /// <summary>Name on the wire.</summary>
    public string WireName { get; }

    /// <summary>C# member name.</summary>
    public string MemberName { get; }

    /// <summary>C# type of the member.</summary>
    public Type ClrType { get; }

    /// <summary>Reads the field's value from a row or argument object (boxes value types).</summary>
    public object? Read(object instance) => _read(instance);
}
