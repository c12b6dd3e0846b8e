using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Stdb.Compat.Schema.Json;

/// <summary>An immutable JSON path, built as a linked list so that paths cost one small object per level.</summary>
internal sealed class JsonPathNode
{
    public static readonly JsonPathNode Root = new(null, null, -1);

    private readonly JsonPathNode? _parent;
    private readonly string? _property;
    private readonly int _index;

    private JsonPathNode(JsonPathNode? parent, string? property, int index)
    {
        _parent = parent;
        _property = property;
        _index = index;
    }

    public JsonPathNode Prop(string name) => new(this, name, -1);

    public JsonPathNode Index(int index) => new(this, null, index);

    public override string ToString()
    {
        var stack = new Stack<JsonPathNode>();
        for (var n = this; n is not null && n._parent is not null; n = n._parent) stack.Push(n);
        var sb = new StringBuilder("$");
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n._property is not null) sb.Append('.').Append(n._property);
            else sb.Append('[').Append(n._index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        return sb.ToString();
    }
}
