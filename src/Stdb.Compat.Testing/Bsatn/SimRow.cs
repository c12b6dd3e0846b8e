using System;
using System.Collections.Generic;
using System.Linq;

namespace Stdb.Compat.Testing.Bsatn;

/// <summary>
/// A row (or any product value): positional values, plus column names when the row came from a table, a reducer's
/// parameters or a decoder that knows them. Equality is structural over the values.
/// </summary>
public sealed class SimRow : IEquatable<SimRow>
{
    private readonly object?[] _values;

    /// <summary>Creates a row from positional values.</summary>
    public SimRow(params object?[] values)
    {
        _values = values is null ? new object?[] { null } : (object?[])values.Clone();
    }

    internal SimRow(object?[] values, IReadOnlyList<SimColumn>? columns)
    {
        _values = values;
        Columns = columns;
    }

    /// <summary>Number of values.</summary>
    public int Count => _values.Length;

    /// <summary>The columns the values belong to, when known.</summary>
    public IReadOnlyList<SimColumn>? Columns { get; }

    /// <summary>The values in order.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>The value at <paramref name="index"/>.</summary>
    public object? this[int index] => _values[index];

    /// <summary>The value of the named column (the row must carry its columns).</summary>
    public object? this[string column] => _values[IndexOf(column)];

    /// <summary>Reads the value at <paramref name="index"/> as <typeparamref name="T"/> (integers convert when they fit).</summary>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(int index)
    {
        if (index < 0 || index >= _values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The row has {_values.Length} values.");
        }

        return SimValues.ConvertTo<T>(_values[index], $"Value {index} ({NameAt(index)})");
    }

    /// <summary>Reads the named column as <typeparamref name="T"/>.</summary>
    public T Get<T>(string column) => Get<T>(IndexOf(column));

    /// <summary>A copy of this row with the value at <paramref name="index"/> replaced.</summary>
    public SimRow With(int index, object? value)
    {
        var copy = (object?[])_values.Clone();
        copy[index] = value;
        return new SimRow(copy, Columns);
    }

    /// <summary>A copy of this row with the named column replaced.</summary>
    public SimRow With(string column, object? value) => With(IndexOf(column), value);

    /// <summary>The index of a column by name.</summary>
    /// <exception cref="KeyNotFoundException">The row has no such column (or does not know its columns).</exception>
    public int IndexOf(string column)
    {
        if (Columns is null)
        {
            throw new KeyNotFoundException($"This row does not know its columns; read '{column}' by index, or read rows through a table.");
        }

        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"No column '{column}'; the columns are {string.Join(", ", Columns.Select(c => c.Name))}.");
    }

    internal object?[] RawValues => _values;

    internal SimRow WithColumns(IReadOnlyList<SimColumn> columns) => new(_values, columns);

    /// <inheritdoc />
    public bool Equals(SimRow? other)
    {
        if (other is null || other._values.Length != _values.Length)
        {
            return false;
        }

        for (int i = 0; i < _values.Length; i++)
        {
            if (!SimValues.AreEqual(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SimRow);

    /// <inheritdoc />
    public override int GetHashCode() => SimValues.HashOf(_values);

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new string[_values.Length];
        for (int i = 0; i < _values.Length; i++)
        {
            parts[i] = Columns is null ? SimValues.Format(_values[i]) : $"{Columns[i].Name}: {SimValues.Format(_values[i])}";
        }

        return "(" + string.Join(", ", parts) + ")";
    }

    private string NameAt(int index) => Columns is not null && index < Columns.Count ? Columns[index].Name : "unnamed";
}
