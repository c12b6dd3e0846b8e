// Mirrors SpacetimeDB.Log and ISpacetimeDBLogger of sdks/csharp/src/ISpacetimeDBLogger.cs (v1.12.0 / v2.8.0): public
// static entry points, an internal sink apps cannot replace.
// Stand-in choice: the sink (Log.Current) is replaceable by the stand-in's own tests (InternalsVisibleTo) only;
// UnityDebugLogger / GodotDebugLogger are not reproduced; the ConsoleLogger stand-in is simplified.
using System;
using System.IO;

namespace SpacetimeDB;

internal interface ISpacetimeDBLogger
{
    void Debug(string message);

    void Trace(string message);

    void Info(string message);

    void Warn(string message);

    void Error(string message);

    void Exception(string message);

    void Exception(Exception exception);
}

public static class Log
{
    internal static ISpacetimeDBLogger Current { get; set; } = new ConsoleLogger();

    public static void Debug(string message) => Current.Debug(message);

    public static void Trace(string message) => Current.Trace(message);

    public static void Info(string message) => Current.Info(message);

    public static void Warn(string message) => Current.Warn(message);

    public static void Error(string message) => Current.Error(message);

    public static void Exception(string message) => Current.Exception(message);

    public static void Exception(Exception exception) => Current.Exception(exception);

    private sealed class ConsoleLogger : ISpacetimeDBLogger
    {
        private static TextWriter Out => Console.Error;

        public void Debug(string message) => Out.WriteLine($"[D] {message}");

        public void Trace(string message) => Out.WriteLine($"[T] {message}");

        public void Info(string message) => Out.WriteLine($"[I] {message}");

        public void Warn(string message) => Out.WriteLine($"[W] {message}");

        public void Error(string message) => Out.WriteLine($"[E] {message}");

        public void Exception(string message) => Out.WriteLine($"[X] {message}");

        public void Exception(Exception exception) => Out.WriteLine($"[X] {exception}");
    }
}
