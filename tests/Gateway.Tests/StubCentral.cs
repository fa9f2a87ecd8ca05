using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>A misbehaving central service on a loopback port: answers each request with what the test says.</summary>
public sealed class StubCentral : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubCentral(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int Requests { get; private set; }

    public static async Task<StubCentral> StartAsync(Func<HttpContext, ReceivedRequest, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StubCentral? stub = null;
        app.MapPost("/VrijwilligeOppas/v1", async context =>
        {
            stub!.Requests++;
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            body.Position = 0;
            await answer(context, CentralRequestReader.Read(body, 1 << 24));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new StubCentral(app, new Uri(address + "/"));
        return stub;
    }

    /// <summary>Writes a well-formed status response echoing the request's Id, with the given status and items.</summary>
    public static Task Respond(HttpContext context, ReceivedRequest request, CentralStatus status, IReadOnlyList<PrestatieStatus>? items = null, string? inResponseTo = null)
    {
        var response = new CentralStatusResponse("_stub", inResponseTo ?? request.Id, DateTimeOffset.UtcNow, status, items ?? [], [], null);
        var output = new MemoryStream();
        CentralResponseWriter.Write(request.Operation, response, output);
        context.Response.ContentType = "text/xml; charset=utf-8";
        return context.Response.Body.WriteAsync(output.ToArray()).AsTask();
    }

    public static Task Fault(HttpContext context, string soaCode)
    {
        var output = new MemoryStream();
        CentralResponseWriter.WriteFault(new CentralFault("Server", soaCode, "stub fault"), output);
        context.Response.StatusCode = 500;
        context.Response.ContentType = "text/xml; charset=utf-8";
        return context.Response.Body.WriteAsync(output.ToArray()).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
