using System;
using System.IO;

namespace Stdb.Compat.Schema.Tests.TestSupport;

internal static class TestFiles
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static string V9Docs => Read("docs-http-database-v9-example.json");

    public static string V9Small => Read("handmade-v9-small-module.json");

    public static string V10Small => Read("handmade-v10-small-module.json");
}
