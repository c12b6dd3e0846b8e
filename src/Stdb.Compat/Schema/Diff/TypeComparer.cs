using System;
using System.Collections.Generic;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Schema.Naming;
using Stdb.Compat.Schema.Planner;

namespace Stdb.Compat.Schema.Diff;

/// <summary>Outcome of comparing two algebraic types structurally.</summary>
internal enum TypeMatch
{
    Same = 0,
    Renamed = 1,
    VariantsAppended = 2,
    /// <summary>Variants appended and the sum's row layout (size or alignment) changed: the planner refuses it.</summary>
    VariantsAppendedLayoutChanged = 3,
    Incompatible = 4,
}

/// <summary>
/// A comparison: <see cref="Match"/> is what an old client's decoder sees (the worst part decides);
/// <see cref="Refused"/> whether SpacetimeDB's planner refuses the change anywhere in the type (renamed fields or
/// variants, a changed sum layout, any other type change).
/// </summary>
internal readonly record struct TypeComparison(TypeMatch Match, string Detail, bool Refused)
{
    public static readonly TypeComparison Same = new(TypeMatch.Same, string.Empty, false);

    public TypeComparison(TypeMatch match, string detail)
        : this(match, detail, match is TypeMatch.Renamed or TypeMatch.VariantsAppendedLayoutChanged or TypeMatch.Incompatible)
    {
    }
}

/// <summary>
/// Compares an expected type (in the expected schema's typespace) with a live type (in the live typespace)
/// structurally: refs are resolved, never compared by number; recursion is handled coinductively.
/// </summary>
internal sealed class TypeComparer
{
    private const int MaxDepth = 200;
    private readonly IReadOnlyList<AlgebraicType> _expected;
    private readonly IReadOnlyList<AlgebraicType> _live;
    private readonly WireNamePolicy? _policy;
    private readonly HashSet<(int, int)> _assumed = new();

    public TypeComparer(ModuleSchema expected, ModuleSchema live)
    {
        _expected = expected.Typespace;
        _live = live.Typespace;
        _policy = expected.Source == SchemaSource.Manifest ? expected.NamePolicy : null;
    }

    /// <summary>Whether an expected element name matches the live one under the expected side's wire-name policy.</summary>
    public bool ElementNameMatches(string? expected, string? live) => NameMatches(expected, live, camel: false);

    public TypeComparison Compare(AlgebraicType expected, AlgebraicType live)
    {
        _assumed.Clear();
        return Compare(expected, live, 0);
    }

    private TypeComparison Compare(AlgebraicType e, AlgebraicType l, int depth)
    {
        if (depth > MaxDepth)
        {
            return TypeComparison.Same;
        }

        int? er = null, lr = null;
        e = Resolve(e, _expected, ref er);
        l = Resolve(l, _live, ref lr);
        if (er is int a && lr is int b)
        {
            if (!_assumed.Add((a, b)))
            {
                return TypeComparison.Same;
            }
        }

        if (e.Kind == AlgebraicTypeKind.Ref || l.Kind == AlgebraicTypeKind.Ref)
        {
            return e.Kind == l.Kind ? TypeComparison.Same : new(TypeMatch.Incompatible, "unresolvable type reference");
        }

        if (e.Kind != l.Kind)
        {
            return new(TypeMatch.Incompatible, $"expected {Short(e)}, found {Short(l)}");
        }

        switch (e.Kind)
        {
            case AlgebraicTypeKind.Array:
                var inner = Compare(e.ElementType!, l.ElementType!, depth + 1);
                return inner.Match == TypeMatch.Same ? inner : new(inner.Match, "array element: " + inner.Detail, inner.Refused);
            case AlgebraicTypeKind.Product:
                if (e.Members.Count != l.Members.Count)
                {
                    return new(TypeMatch.Incompatible, $"product has {l.Members.Count} elements, expected {e.Members.Count}");
                }

                return Members(e, l, e.Members.Count, "element", camel: false, depth);
            case AlgebraicTypeKind.Sum:
                if (l.Members.Count < e.Members.Count)
                {
                    return new(TypeMatch.Incompatible, $"sum has {l.Members.Count} variants, expected {e.Members.Count}");
                }

                var prefix = Members(e, l, e.Members.Count, "variant", camel: true, depth);
                if (prefix.Match == TypeMatch.Incompatible || l.Members.Count == e.Members.Count)
                {
                    return prefix;
                }

                var names = $"{l.Members.Count - e.Members.Count} variant(s) appended ({string.Join(", ", Names(l, e.Members.Count))})";
                var el = TypeLayout.Of(e, _expected);
                var ll = TypeLayout.Of(l, _live);
                var appended = el == ll
                    ? new TypeComparison(TypeMatch.VariantsAppended, names)
                    : new TypeComparison(TypeMatch.VariantsAppendedLayoutChanged,
                        $"{names}, changing the sum's row layout from {el.Size} bytes aligned at {el.Align} to {ll.Size} bytes aligned at {ll.Align}");
                return Worst(prefix, appended);
            default:
                return TypeComparison.Same;
        }
    }

    private TypeComparison Members(AlgebraicType e, AlgebraicType l, int count, string what, bool camel, int depth)
    {
        var result = TypeComparison.Same;
        for (var i = 0; i < count; i++)
        {
            var em = e.Members[i];
            var lm = l.Members[i];
            var inner = Compare(em.Type, lm.Type, depth + 1);
            if (inner.Match != TypeMatch.Same)
            {
                result = Worst(result, new(inner.Match, $"{what} {i} '{lm.Name ?? em.Name ?? "_"}': {inner.Detail}", inner.Refused));
            }

            if (inner.Match == TypeMatch.Incompatible)
            {
                return result;
            }

            if (!NameMatches(em.Name, lm.Name, camel))
            {
                result = Worst(result, new(TypeMatch.Renamed, $"{what} {i} renamed from '{em.Name}' to '{lm.Name}'"));
            }
        }

        return result;
    }

    private bool NameMatches(string? expected, string? live, bool camel)
    {
        if (string.Equals(expected, live, StringComparison.Ordinal))
        {
            return true;
        }

        if (expected is null || live is null || _policy != WireNamePolicy.SnakeCase)
        {
            return false;
        }
        // Special types (__identity__, some/none, ok/err) keep their names; everything else is converted by the server.
        var converted = camel ? WireNames.ToCamelCase(expected) : WireNames.ToSnakeCase(expected);
        return string.Equals(converted, live, StringComparison.Ordinal);
    }

    private static AlgebraicType Resolve(AlgebraicType t, IReadOnlyList<AlgebraicType> typespace, ref int? lastRef)
    {
        var guard = 0;
        while (t.Kind == AlgebraicTypeKind.Ref && t.RefIndex < typespace.Count && guard++ <= typespace.Count)
        {
            lastRef = t.RefIndex;
            t = typespace[t.RefIndex];
        }

        return t;
    }

    private static IEnumerable<string> Names(AlgebraicType sum, int from)
    {
        for (var i = from; i < sum.Members.Count; i++)
        {
            yield return sum.Members[i].Name ?? $"#{i}";
        }
    }

    private static TypeComparison Worst(TypeComparison a, TypeComparison b)
    {
        var worst = b.Match > a.Match ? b : a;
        return worst with { Refused = a.Refused || b.Refused };
    }

    internal static string Short(AlgebraicType t)
    {
        var s = t.ToString();
        return s.Length > 80 ? s.Substring(0, 77) + "..." : s;
    }
}
