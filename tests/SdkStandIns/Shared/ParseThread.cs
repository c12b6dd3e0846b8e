// Stand-in only (no counterpart in the real SDK): where an exception that escapes the SDK 1.x parse thread goes.
// The real 1.12 SDK parses messages on its own thread (DbConnectionBase.ParseMessages in sdks/csharp/src/SpacetimeDBClient.cs
// at v1.12.0) and catches only OperationCanceledException there; any other exception is unhandled and .NET ends the
// process. The default here does the same (rethrows on a new thread); tests replace it to observe the crash without
// killing the test host. SDK 2.x never uses it (its parse loop catches, logs and disconnects).
using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SpacetimeDB;

internal static class ParseThread
{
    private static Action<Exception> s_unhandledException = RethrowOnNewThread;

    /// <summary>Test hook: receives the exception that would end the 1.x process. Default: rethrow on a new thread.</summary>
    public static Action<Exception> UnhandledException
    {
        get => Volatile.Read(ref s_unhandledException);
        set => Volatile.Write(ref s_unhandledException, value ?? RethrowOnNewThread);
    }

    private static void RethrowOnNewThread(Exception exception)
    {
        var thread = new Thread(() => ExceptionDispatchInfo.Capture(exception).Throw()) { IsBackground = true, Name = "SpacetimeDB stand-in parse thread" };
        thread.Start();
    }
}
