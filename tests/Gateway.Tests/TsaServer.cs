using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The local <c>openssl ts</c> authority behind HTTP on loopback, as RFC 3161 over HTTP: POST a query, get a reply.</summary>
internal sealed class TsaServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TsaServer(WebApplication app, Uri address, OpenSslTsa tsa) => (_app, Address, Tsa) = (app, address, tsa);

    public Uri Address { get; }

    public OpenSslTsa Tsa { get; }

    public int Requests { get; private set; }

    public static async Task<TsaServer> StartAsync()
    {
        var tsa = OpenSslTsa.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        TsaServer? server = null;
        app.MapPost("/", async context =>
        {
            server!.Requests++;
            using var query = new MemoryStream();
            await context.Request.Body.CopyToAsync(query);
            var reply = await tsa.ReplyAsync(query.ToArray());
            context.Response.ContentType = "application/timestamp-reply";
            await context.Response.Body.WriteAsync(reply);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TsaServer(app, new Uri(address + "/"), tsa);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Tsa.Dispose();
    }
}
