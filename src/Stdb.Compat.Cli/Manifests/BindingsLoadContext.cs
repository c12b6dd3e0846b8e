using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Stdb.Compat.Cli.Manifests;

/// <summary>
/// A collectible load context for one bindings assembly. Its dependencies resolve from its <c>.deps.json</c>, then from
/// its own folder (so the bindings use the Stdb.Compat they were built with when it is copied next to them), then from
/// the tool itself (a class library's bin holds no package assemblies: Stdb.Compat and its dependencies then come from
/// the tool). Shared-framework assemblies always come from the running framework, never from the bindings' folder.
/// </summary>
internal sealed class BindingsLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> FrameworkAssemblies = ListFrameworkAssemblies();

    private readonly string _directory;
    private readonly AssemblyDependencyResolver? _resolver;

    public BindingsLoadContext(string assemblyPath)
        : base("stdb-compat manifest " + Path.GetFileName(assemblyPath), isCollectible: true)
    {
        _directory = Path.GetDirectoryName(assemblyPath) ?? ".";
        try
        {
            _resolver = new AssemblyDependencyResolver(assemblyPath);
        }
        catch (InvalidOperationException)
        {
            _resolver = null; // No readable .deps.json: the folder probe below still applies.
        }
        catch (ArgumentException)
        {
            _resolver = null;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null || FrameworkAssemblies.Contains(name))
        {
            return null;
        }

        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var candidate = Path.Combine(_directory, name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static HashSet<string> ListFrameworkAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string list || frameworkDirectory is null)
        {
            return names;
        }

        foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }
}
