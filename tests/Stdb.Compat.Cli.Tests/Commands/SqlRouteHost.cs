using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Sql;

namespace Stdb.Compat.Cli.Tests.Commands;

/// <summary>A test-only Kestrel on 127.0.0.1 (random port) serving <c>POST /v1/database/{name}/sql</c> from a simulated server.</summary>
internal sealed class SqlRouteHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SqlRouteHost(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    public int Requests { get; private set; }

    public string Database(string name) => new Uri(Uri, name).ToString();

    public static async Task<SqlRouteHost> StartAsync(SimulatedServer server)
    {
        var endpoint = new SimulatedSqlEndpoint(server);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        SqlRouteHost? host = null;
        app.MapPost("/v1/database/{name}/sql", async (HttpContext ctx, string name) =>
        {
            host!.Requests++;
            using var reader = new StreamReader(ctx.Request.Body);
            var response = endpoint.Execute(name, await reader.ReadToEndAsync());
            ctx.Response.StatusCode = response.StatusCode;
            ctx.Response.ContentType = response.ContentType;
            await ctx.Response.WriteAsync(response.Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new SqlRouteHost(app, new Uri(address.TrimEnd('/') + "/"));
        return host;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
