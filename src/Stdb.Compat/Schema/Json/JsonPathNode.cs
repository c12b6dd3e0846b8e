using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Stdb.Compat.Schema.Json;

/// <summary>
/// An immutable JSON path, built as a linked list so that paths cost one small object per level. Readers first run
/// with <see cref="Untracked"/>, which records nothing and allocates nothing on the success path; only when that run
/// fails is the input read again from <see cref="Root"/> to name the exact place of the error.
/// </summary>
internal sealed class JsonPathNode
{
    public static readonly JsonPathNode Root = new(null, null, -1);

    /// <summary>A root whose descendants are itself: no path is tracked.</summary>
    public static readonly JsonPathNode Untracked = new(null, "(untracked)", -1);

    private readonly JsonPathNode? _parent;
    private readonly string? _property;
    private readonly int _index;

    private JsonPathNode(JsonPathNode? parent, string? property, int index)
    {
        _parent = parent;
        _property = property;
        _index = index;
    }

    public bool IsTracked => !ReferenceEquals(this, Untracked);

    public JsonPathNode Prop(string name) => IsTracked ? new(this, name, -1) : this;

    public JsonPathNode Index(int index) => IsTracked ? new(this, null, index) : this;

    public override string ToString()
    {
        var stack = new Stack<JsonPathNode>();
        for (var n = this; n is not null && n._parent is not null; n = n._parent)
        {
            stack.Push(n);
        }

        var sb = new StringBuilder("$");
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n._property is not null)
            {
                sb.Append('.').Append(n._property);
            }
            else
            {
                sb.Append('[').Append(n._index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return sb.ToString();
    }
}
