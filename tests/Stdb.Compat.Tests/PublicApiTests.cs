using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Connection;

namespace Stdb.Compat.Tests;

/// <summary>
/// Keeps the public surface reviewable: each shipped assembly's public API must equal src/{package}/PublicAPI.txt.
/// After an intended change, run the tests with STDB_COMPAT_UPDATE_PUBLIC_API=1 and review the diff of that file.
/// </summary>
[TestClass]
public sealed class PublicApiTests
{
    [TestMethod]
    [DataRow("Stdb.Compat")]
    [DataRow("Stdb.Compat.Hosting")]
    [DataRow("Stdb.Compat.Testing")]
    public void PublicApi_MatchesTheCheckedInBaseline(string package)
    {
        var assembly = package switch
        {
            "Stdb.Compat" => typeof(ICompatClient).Assembly,
            "Stdb.Compat.Hosting" => typeof(Stdb.Compat.Hosting.StdbCompatHealthCheck).Assembly,
            _ => typeof(Stdb.Compat.Testing.Server.SimulatedServer).Assembly,
        };
        var actual = Describe(assembly);
        var path = Path.Combine(RepositoryRoot(), "src", package, "PublicAPI.txt");
        if (Environment.GetEnvironmentVariable("STDB_COMPAT_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllLines(path, actual);
        }

        var expected = File.Exists(path) ? File.ReadAllLines(path) : Array.Empty<string>();
        var added = actual.Except(expected).ToList();
        var removed = expected.Except(actual).ToList();
        Assert.IsTrue(
            added.Count == 0 && removed.Count == 0,
            "Public API changed. Added:\n  " + string.Join("\n  ", added) + "\nRemoved:\n  " + string.Join("\n  ", removed)
            + "\nIf intended, rerun with STDB_COMPAT_UPDATE_PUBLIC_API=1.");
    }

    internal static List<string> Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(TypeLine(type));
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Flags))
            {
                if (IsVisible(member) && !IsAccessor(member))
                {
                    lines.Add("  " + type.FullName + "." + MemberLine(member));
                }
            }
        }

        return lines.Distinct().OrderBy(l => l, StringComparer.Ordinal).ToList();
    }

    private static string TypeLine(Type type)
    {
        var kind = type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : (type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : string.Empty) + "class";
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Select(Name).OrderBy(n => n, StringComparer.Ordinal));
        return kind + " " + type.FullName + (bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases));
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
        PropertyInfo p => (p.GetMethod ?? p.SetMethod) is { } a && (a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } a && (a.IsPublic || a.IsFamily),
        Type t => t.IsNestedPublic || t.IsNestedFamily,
        _ => false,
    };

    private static bool IsAccessor(MemberInfo member) => member is MethodInfo { IsSpecialName: true } m && !m.Name.StartsWith("op_", StringComparison.Ordinal)
        || member.GetCustomAttribute<CompilerGeneratedAttribute>() is not null;

    private static string MemberLine(MemberInfo member) => member switch
    {
        ConstructorInfo c => "ctor(" + Parameters(c) + ")",
        MethodInfo m => m.Name + (m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty) + "(" + Parameters(m) + ") -> " + Name(m.ReturnType) + (m.IsStatic ? " static" : string.Empty),
        PropertyInfo p => p.Name + " : " + Name(p.PropertyType) + " {" + (p.GetMethod is { } g && (g.IsPublic || g.IsFamily) ? " get;" : string.Empty) + (p.SetMethod is { } s && (s.IsPublic || s.IsFamily) ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? " init;" : " set;") : string.Empty) + " }",
        FieldInfo f => f.Name + " : " + Name(f.FieldType) + (f.IsLiteral ? " = " + f.GetRawConstantValue() : string.Empty) + (f.IsStatic ? " static" : string.Empty),
        EventInfo e => "event " + e.Name + " : " + Name(e.EventHandlerType!),
        Type t => "nested " + t.Name,
        _ => member.Name,
    };

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => (p.IsIn ? "in " : p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty) + Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)));

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = (type.IsNested ? Name(type.DeclaringType!) + "." : type.Namespace + ".") + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stdb.Compat.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Stdb.Compat.sln) above " + AppContext.BaseDirectory);
    }
}
