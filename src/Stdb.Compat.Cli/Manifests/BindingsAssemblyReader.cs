using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Stdb.Compat.Cli.Manifests;

/// <summary>One generated driver's manifest JSON, read out of a built bindings assembly.</summary>
/// <param name="DriverName">The driver type's full name.</param>
/// <param name="Json">The manifest JSON, as the bindings' own Stdb.Compat writes it.</param>
internal sealed record ExtractedManifest(string DriverName, string Json);

/// <summary>
/// Reads the schema manifest the Stdb.Compat generator compiled into a bindings assembly. The assembly is loaded into a
/// collectible <see cref="BindingsLoadContext"/> and unloaded afterwards. Drivers are found by the NAME of the
/// interface <c>Stdb.Compat.Driver.IBindingsManifestSource</c>, and the manifest is serialised by the
/// <c>BindingsManifestJson.Write</c> of the Stdb.Compat the bindings loaded: no type identity with the tool's own copy is
/// needed, so a tool of another Stdb.Compat version reads them too. The driver instance is created without running its
/// constructor: only the generated manifest builder (and the driver type's static initialisers) run.
/// </summary>
internal static class BindingsAssemblyReader
{
    internal const string ManifestSourceInterface = "Stdb.Compat.Driver.IBindingsManifestSource";
    internal const string ManifestJsonType = "Stdb.Compat.Schema.Manifest.BindingsManifestJson";

    /// <summary>Full names of the generated drivers in the assembly, sorted.</summary>
    public static IReadOnlyList<string> ListDrivers(string assemblyPath) => WithAssembly(assemblyPath, assembly =>
    {
        var (drivers, loadErrors) = FindDrivers(assembly);
        return drivers.Count == 0 ? throw NoDriver(assemblyPath, loadErrors) : drivers.Select(d => d.FullName!).ToArray();
    });

    /// <summary>The manifest of the assembly's only driver, or of the one <paramref name="driver"/> names (full or simple name).</summary>
    public static ExtractedManifest Read(string assemblyPath, string? driver) => WithAssembly(assemblyPath, assembly =>
    {
        var (drivers, loadErrors) = FindDrivers(assembly);
        var chosen = Choose(assemblyPath, drivers, driver, loadErrors);
        return new ExtractedManifest(chosen.FullName!, WriteManifest(chosen));
    });

    private static T WithAssembly<T>(string assemblyPath, Func<Assembly, T> read)
    {
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath))
        {
            throw new ManifestExtractionException(ManifestExtractionFailure.FileNotFound, $"The assembly '{assemblyPath}' does not exist (build the bindings project first).");
        }

        try
        {
            AssemblyName.GetAssemblyName(fullPath);
        }
        catch (BadImageFormatException ex)
        {
            throw new ManifestExtractionException(ManifestExtractionFailure.NotAnAssembly, $"'{assemblyPath}' is not a .NET assembly.", ex);
        }
        catch (IOException ex)
        {
            throw new ManifestExtractionException(ManifestExtractionFailure.FileNotFound, $"Cannot read '{assemblyPath}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ManifestExtractionException(ManifestExtractionFailure.FileNotFound, $"Cannot read '{assemblyPath}': {ex.Message}", ex);
        }

        var context = new BindingsLoadContext(fullPath);
        try
        {
            Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(fullPath);
            }
            catch (BadImageFormatException ex)
            {
                throw new ManifestExtractionException(ManifestExtractionFailure.NotAnAssembly, $"'{assemblyPath}' cannot be loaded as a .NET assembly: {ex.Message}", ex);
            }
            catch (FileLoadException ex)
            {
                throw new ManifestExtractionException(ManifestExtractionFailure.NotAnAssembly, $"'{assemblyPath}' cannot be loaded: {ex.Message}", ex);
            }

            return read(assembly);
        }
        finally
        {
            context.Unload();
        }
    }

    private static (IReadOnlyList<Type> Drivers, IReadOnlyList<string> LoadErrors) FindDrivers(Assembly assembly)
    {
        Type?[] types;
        var errors = new List<string>();
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
            errors.AddRange(ex.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct(StringComparer.Ordinal));
        }

        var drivers = new List<Type>();
        foreach (var type in types)
        {
            if (type is null || !type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
            {
                continue;
            }

            try
            {
                if (ManifestInterface(type) is not null)
                {
                    drivers.Add(type);
                }
            }
            catch (TypeLoadException ex)
            {
                errors.Add(ex.Message);
            }
            catch (FileNotFoundException ex)
            {
                errors.Add(ex.Message);
            }
        }

        drivers.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return (drivers, errors);
    }

    private static Type? ManifestInterface(Type type) => Array.Find(type.GetInterfaces(), i => string.Equals(i.FullName, ManifestSourceInterface, StringComparison.Ordinal));

    private static Type Choose(string assemblyPath, IReadOnlyList<Type> drivers, string? driver, IReadOnlyList<string> loadErrors)
    {
        if (drivers.Count == 0)
        {
            throw NoDriver(assemblyPath, loadErrors);
        }

        var names = string.Join(", ", drivers.Select(d => d.FullName));
        if (driver is null)
        {
            return drivers.Count == 1
                ? drivers[0]
                : throw new ManifestExtractionException(ManifestExtractionFailure.AmbiguousDriver, $"'{assemblyPath}' has {drivers.Count} drivers; choose one with --driver: {names}.");
        }

        var exact = drivers.Where(d => string.Equals(d.FullName, driver, StringComparison.Ordinal)).ToArray();
        var matches = exact.Length > 0 ? exact : drivers.Where(d => string.Equals(d.Name, driver, StringComparison.Ordinal)).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new ManifestExtractionException(ManifestExtractionFailure.NoDriver, $"No driver named '{driver}' in '{assemblyPath}'. Drivers: {names}."),
            _ => throw new ManifestExtractionException(ManifestExtractionFailure.AmbiguousDriver, $"'{driver}' names {matches.Length} drivers in '{assemblyPath}'; give the full name: {string.Join(", ", matches.Select(d => d.FullName))}."),
        };
    }

    private static string WriteManifest(Type driver)
    {
        var name = driver.FullName;
        try
        {
            var source = ManifestInterface(driver)!;
            var property = source.GetProperty("Manifest") ?? throw Failed(name, $"{ManifestSourceInterface} has no Manifest property");
            var write = source.Assembly.GetType(ManifestJsonType)?.GetMethod("Write", BindingFlags.Public | BindingFlags.Static, new[] { property.PropertyType })
                ?? throw Failed(name, $"the Stdb.Compat it loaded ({source.Assembly.GetName().Version}) has no {ManifestJsonType}.Write");
            var instance = RuntimeHelpers.GetUninitializedObject(driver);
            var manifest = property.GetValue(instance) ?? throw Failed(name, "its Manifest is null");
            return write.Invoke(null, new[] { manifest }) as string ?? throw Failed(name, "the manifest writer returned no text");
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new ManifestExtractionException(ManifestExtractionFailure.ManifestFailed, $"Building the manifest of '{name}' threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}", ex.InnerException);
        }
        catch (TypeInitializationException ex)
        {
            throw new ManifestExtractionException(ManifestExtractionFailure.ManifestFailed, $"Building the manifest of '{name}' threw {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}", ex);
        }
        catch (FileNotFoundException ex)
        {
            throw new ManifestExtractionException(ManifestExtractionFailure.ManifestFailed, $"Building the manifest of '{name}' needs an assembly that cannot be found: {ex.Message}", ex);
        }
    }

    private static ManifestExtractionException NoDriver(string assemblyPath, IReadOnlyList<string> loadErrors)
    {
        var why = loadErrors.Count == 0 ? string.Empty : $" Some types could not be loaded: {string.Join("; ", loadErrors.Take(3))}";
        return new ManifestExtractionException(ManifestExtractionFailure.NoDriver, $"No Stdb.Compat driver (a type implementing {ManifestSourceInterface}) in '{assemblyPath}'. Declare one with [StdbCompatDriver(typeof(DbConnection))] on a partial class.{why}");
    }

    private static ManifestExtractionException Failed(string? driver, string why) => new(ManifestExtractionFailure.ManifestFailed, $"Cannot write the manifest of '{driver}': {why}.");
}
