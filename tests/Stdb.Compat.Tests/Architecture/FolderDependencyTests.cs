using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Stdb.Compat.Tests.Architecture;

/// <summary>
/// Keeps the house readable top-down: builds the graph of src/Stdb.Compat's folders from each file's namespace and
/// the Stdb.Compat namespaces it names (using directives, qualified names), and asserts that it has no cycle and that
/// the root namespace (the shared vocabulary) depends on no folder.
/// </summary>
[TestClass]
public sealed class FolderDependencyTests
{
    private static readonly Regex NamespaceDeclaration = new(@"^namespace\s+([\w.]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex NamespaceReference = new(@"\bStdb\.Compat\.([A-Z]\w*)", RegexOptions.CultureInvariant);

    [TestMethod]
    public void Folders_OfTheCorePackage_FormNoCycle()
    {
        var graph = BuildGraph();
        var cycle = FindCycle(graph);
        Assert.IsNull(cycle, cycle is null ? null : "Folder cycle: " + string.Join(" -> ", cycle));
    }

    [TestMethod]
    public void RootNamespace_SharedVocabulary_DependsOnNoFolder()
    {
        var graph = BuildGraph();
        var edges = graph.TryGetValue(Root, out var targets) ? targets : new HashSet<string>();
        Assert.AreEqual(0, edges.Count, "The root namespace depends on: " + string.Join(", ", edges));
    }

    [TestMethod]
    public void Engines_NeverPointBackAtTheRouter()
    {
        var graph = BuildGraph();
        // Hosting and Migrations sit above the façade (they use ICompatClient as an app does); engines sit below it.
        var offenders = graph.Where(pair => pair.Key is not ("Connection" or "Hosting" or "Migrations") && pair.Value.Contains("Connection")).Select(pair => pair.Key).ToList();
        Assert.AreEqual(0, offenders.Count, "Folders depending on Connection (the router): " + string.Join(", ", offenders));
    }

    [TestMethod]
    public void SourceFiles_OfTheCorePackage_StayUnder400Lines()
    {
        var tooLong = SourceFiles()
            .Select(f => (File: f, Lines: File.ReadAllLines(f).Length))
            .Where(f => f.Lines > 400)
            .Select(f => $"{Path.GetFileName(f.File)} ({f.Lines})")
            .ToList();
        Assert.AreEqual(0, tooLong.Count, "Files over 400 lines: " + string.Join(", ", tooLong));
    }

    private const string Root = "(root)";

    private static Dictionary<string, HashSet<string>> BuildGraph()
    {
        var source = SourceRoot();
        var folders = new HashSet<string>(Directory.GetDirectories(source).Select(Path.GetFileName)!, StringComparer.Ordinal);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            var declared = NamespaceDeclaration.Match(text);
            Assert.IsTrue(declared.Success, $"{file} declares no namespace");
            var parts = declared.Groups[1].Value.Split('.');
            var from = parts.Length > 2 ? parts[2] : Root;
            foreach (Match reference in NamespaceReference.Matches(text))
            {
                var to = reference.Groups[1].Value;
                if (to == from || !folders.Contains(to))
                {
                    continue;
                }

                if (!graph.TryGetValue(from, out var targets))
                {
                    graph[from] = targets = new HashSet<string>(StringComparer.Ordinal);
                }

                targets.Add(to);
            }
        }

        return graph;
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var path = new List<string>();
        foreach (var node in graph.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var s))
            {
                return s == 1 ? path.Skip(path.IndexOf(node)).Append(node).ToList() : null;
            }

            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var targets) ? targets.OrderBy(t => t, StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Stdb.Compat");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("src/Stdb.Compat not found above " + AppContext.BaseDirectory);
    }
}
