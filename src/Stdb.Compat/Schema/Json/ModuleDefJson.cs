using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Schema.Json;

// ModuleDefJson: the public entry points and format detection.
/// <summary>
/// Reads SpacetimeDB module-definition JSON (<c>RawModuleDefV9</c> and <c>RawModuleDefV10</c>, as served by
/// <c>GET /v1/database/{name}/schema</c> and printed by <c>spacetime describe --json</c>) into a <see cref="ModuleSchema"/>.
/// Strict where the format is fixed, tolerant of sections and variants added by newer servers. Malformed input
/// throws <see cref="SchemaFormatException"/> and nothing else.
/// </summary>
public static partial class ModuleDefJson
{
    /// <summary>Reads V9 or V10, detected from the shape; also accepts the wrapped <c>{"V9": …}</c> / <c>{"V10": …}</c> form.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="SchemaFormatException">The JSON is malformed or not a module definition.</exception>
    public static ModuleSchema Read(string json) => Run(json, (root, path) => ReadDetected(root, path));

    /// <summary>Reads a bare <c>RawModuleDefV9</c>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="SchemaFormatException">The JSON is malformed.</exception>
    public static ModuleSchema ReadV9(string json) => Run(json, (root, path) => new V9Reader().Read(root, path));

    /// <summary>Reads a bare <c>RawModuleDefV10</c>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="SchemaFormatException">The JSON is malformed.</exception>
    public static ModuleSchema ReadV10(string json) => Run(json, (root, path) => new V10Reader().Read(root, path));

    internal static T Run<T>(string json, Func<JsonElement, JsonPathNode, T> read)
    {
        if (json is null)
        {
            throw new SchemaFormatException("$", "no JSON text was given");
        }

        try
        {
            using var doc = JsonDocument.Parse(json, JsonRead.DocumentOptions);
            try
            {
                return read(doc.RootElement, JsonPathNode.Untracked); // the common case: no path objects at all
            }
            catch (SchemaFormatException)
            {
                // Read again, tracking paths, so that the same error names where it is; reading is deterministic.
                return read(doc.RootElement, JsonPathNode.Root);
            }
        }
        catch (SchemaFormatException)
        {
            throw;
        }
        catch (JsonException ex)
        {
            var where = ex.Path ?? "$";
            throw new SchemaFormatException(where, $"not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", ex);
        }
#pragma warning disable CA1031 // The contract is: no exception other than SchemaFormatException escapes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new SchemaFormatException("$", $"unreadable schema JSON ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    private static ModuleSchema ReadDetected(JsonElement root, JsonPathNode path)
    {
        JsonRead.RequireObject(root, path);
        if (root.TryGetProperty("sections", out _))
        {
            return new V10Reader().Read(root, path);
        }

        if (root.TryGetProperty("typespace", out _))
        {
            return new V9Reader().Read(root, path);
        }

        if (root.TryGetProperty("V10", out var v10))
        {
            return new V10Reader().Read(v10, path.Prop("V10"));
        }

        if (root.TryGetProperty("V9", out var v9))
        {
            return new V9Reader().Read(v9, path.Prop("V9"));
        }

        if (root.TryGetProperty("V8BackCompat", out _))
        {
            throw JsonRead.Error(path.Prop("V8BackCompat"), "V8 module definitions are not supported");
        }

        throw JsonRead.Error(path, "not a module definition: expected 'sections' (V10) or 'typespace' (V9)");
    }
}
