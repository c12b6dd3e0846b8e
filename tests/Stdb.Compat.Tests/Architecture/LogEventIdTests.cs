using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Stdb.Compat.Tests.Architecture;

/// <summary>Log event ids are stable and mean one thing: unique across the libraries, and each listed in the docs.</summary>
[TestClass]
public sealed class LogEventIdTests
{
    private static readonly Assembly[] Libraries =
    {
        typeof(Stdb.Compat.Connection.ICompatClient).Assembly,
        typeof(Stdb.Compat.Hosting.StdbCompatHealthCheck).Assembly,
    };

    [TestMethod]
    public void LoggerMessages_AcrossTheLibraries_HaveUniqueEventIds()
    {
        var duplicates = LoggerMessages()
            .GroupBy(m => m.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();

        Assert.AreEqual(0, duplicates.Count, string.Join("; ", duplicates));
    }

    [TestMethod]
    public void LoggerMessages_EveryEventId_IsListedInTheLoggingDoc()
    {
        var doc = File.ReadAllText(LoggingDoc());

        var missing = LoggerMessages().Where(m => !doc.Contains($"| {m.EventId} |", StringComparison.Ordinal)).Select(m => $"{m.EventId} ({m.Method})").ToList();

        Assert.AreEqual(0, missing.Count, "not in docs/diagnostics/logging.md: " + string.Join(", ", missing));
    }

    private static List<(int EventId, string Method)> LoggerMessages() =>
        Libraries
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Attribute: m.GetCustomAttribute<LoggerMessageAttribute>(), Method: m))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}"))
            .ToList();

    private static string LoggingDoc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "diagnostics", "logging.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("docs/diagnostics/logging.md not found above " + AppContext.BaseDirectory);
    }
}
