using System.IO;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Model;

namespace Stdb.Compat.Cli.Commands;

/// <summary>Loads a schema from a file: a bindings manifest, or V9/V10 module-definition JSON (detected).</summary>
internal static class SchemaFiles
{
    public static ModuleSchema Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new CliUsageException($"Cannot read '{path}': {ex.Message}", ex);
        }
        catch (System.UnauthorizedAccessException ex)
        {
            throw new CliUsageException($"Cannot read '{path}': {ex.Message}", ex);
        }

        try
        {
            return BindingsManifestJson.LooksLikeManifest(json) ? BindingsManifestJson.Read(json).ToModuleSchema() : ModuleDefJson.Read(json);
        }
        catch (SchemaFormatException ex)
        {
            throw new CliUsageException($"'{path}' is not a valid manifest or module definition: {ex.Message}", ex);
        }
    }

    public static BindingsManifest LoadManifest(string path)
    {
        try
        {
            return BindingsManifestJson.Read(File.ReadAllText(path));
        }
        catch (IOException ex)
        {
            throw new CliUsageException($"Cannot read '{path}': {ex.Message}", ex);
        }
        catch (SchemaFormatException ex)
        {
            throw new CliUsageException($"'{path}' is not a valid bindings manifest: {ex.Message}", ex);
        }
    }
}
