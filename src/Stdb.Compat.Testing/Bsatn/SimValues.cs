using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;

namespace Stdb.Compat.Testing.Bsatn;

/// <summary>Structural equality, hashing, formatting and conversions of simulated values.</summary>
internal static class SimValues
{
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null)
        {
            return false;
        }

        if (a is byte[] ba && b is byte[] bb)
        {
            return ba.AsSpan().SequenceEqual(bb);
        }

        if (a is string || b is string)
        {
            return a.Equals(b);
        }

        if (a is IList la && b is IList lb)
        {
            if (la.Count != lb.Count)
            {
                return false;
            }

            for (int i = 0; i < la.Count; i++)
            {
                if (!AreEqual(la[i], lb[i]))
                {
                    return false;
                }
            }

            return true;
        }

        return a.Equals(b);
    }

    public static int HashOf(object? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case byte[] bytes:
                int h = bytes.Length;
                foreach (byte b in bytes)
                {
                    h = (h * 31) + b;
                }

                return h;
            case string s:
                return StringComparer.Ordinal.GetHashCode(s);
            case IList list:
                int lh = list.Count;
                foreach (object? item in list)
                {
                    lh = (lh * 31) ^ HashOf(item);
                }

                return lh;
            default:
                return value.GetHashCode();
        }
    }

    public static string Format(object? value) => value switch
    {
        null => "none",
        string s => "\"" + s + "\"",
        byte[] bytes => "0x" + Hex(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    public static string Hex(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (byte b in bytes)
        {
            sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Converts <paramref name="value"/> to <typeparamref name="T"/>, widening or narrowing integers when the value fits.</summary>
    public static T ConvertTo<T>(object? value, string where)
    {
        if (value is T typed)
        {
            return typed;
        }

        if (value is null)
        {
            if (default(T) is null)
            {
                return default!;
            }

            throw new InvalidCastException($"{where} is none/null and cannot be read as {typeof(T).Name}.");
        }

        Type target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (value is IConvertible && IsNumeric(value.GetType()) && IsNumeric(target))
        {
            try
            {
                return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            }
            catch (OverflowException ex)
            {
                throw new InvalidCastException($"{where} holds {Format(value)}, which does not fit in {target.Name}.", ex);
            }
        }

        throw new InvalidCastException($"{where} holds a {value.GetType().Name} ({Format(value)}), not a {typeof(T).Name}.");
    }

    public static bool IsNumeric(Type type) =>
        type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
        || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong)
        || type == typeof(float) || type == typeof(double) || type == typeof(decimal);

    public static BigInteger ToBigInteger(object value) => value switch
    {
        BigInteger b => b,
        ulong u => u,
        long l => l,
        IConvertible c when IsNumeric(value.GetType()) => new BigInteger(c.ToDecimal(CultureInfo.InvariantCulture)),
        _ => throw new InvalidCastException($"{value.GetType().Name} is not an integer."),
    };

    public static IReadOnlyList<object?> AsList(object value) => value switch
    {
        IReadOnlyList<object?> list => list,
        IEnumerable e => e.Cast<object?>().ToArray(),
        _ => throw new InvalidCastException($"{value.GetType().Name} is not a list."),
    };
}
