using System;
using System.Net.Http;
using Stdb.Compat.Cli;

using var http = new HttpClient();
var env = new CliEnvironment(Console.Out, Console.Error, Console.IsOutputRedirected, http);
return await new StdbCompatCli(env).RunAsync(args).ConfigureAwait(false);
