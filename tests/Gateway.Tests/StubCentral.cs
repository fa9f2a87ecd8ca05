using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Security;
using Microsoft.Extensions.Time.Testing;
using VrijwilligeOppas.Emulator.Contract;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// A misbehaving central service on a loopback port: answers each request with what the test says. Its helpers
/// sign what they write with the test central certificate, which <see cref="Settings"/> makes the gateway pin.
/// </summary>
public sealed class StubCentral : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private StubCentral(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Requests received so far; counted atomically because the gateway sends them concurrently.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The bytes of the last request, as the gateway sent them.</summary>
    public byte[]? LastRequest { get; private set; }

    /// <summary>Gateway settings that point the central cluster at this stub and pin the stub's certificate.</summary>
    public Dictionary<string, string?> Settings => PointedAt(Address);

    public static Dictionary<string, string?> PointedAt(Uri address) => new()
    {
        ["ReverseProxy:Clusters:central:Destinations:primary:Address"] = address.ToString(),
        ["ReverseProxy:Clusters:central:HealthCheck:Active:Enabled"] = "false",
        ["Trust:CentralCertificatePath"] = TestCertificates.CertificatePath("central"),
    };

    /// <param name="answer">Writes the answer; the helpers below sign it.</param>
    /// <param name="clock">The clock the stub's signatures are dated by; the gateway factory's default when null.</param>
    /// <param name="tls">With a certificate the stub speaks HTTPS with it, as the real central service does.</param>
    public static async Task<StubCentral> StartAsync(Func<HttpContext, ReceivedRequest, Task> answer, TimeProvider? clock = null, X509Certificate2? tls = null)
    {
        var signer = new WsSecuritySigner(TestCertificates.Central, clock ?? new FakeTimeProvider(GatewayFactory.DefaultNow));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (tls is not null)
            {
                listen.UseHttps(tls);
            }
        }));
        var app = builder.Build();
        StubCentral? stub = null;
        app.MapPost("/VrijwilligeOppas/v1", async context =>
        {
            Interlocked.Increment(ref stub!._requests);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            body.Position = 0;
            stub.LastRequest = body.ToArray();
            context.Items[typeof(WsSecuritySigner)] = signer;
            context.Items["body"] = stub.LastRequest;
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
        return WriteSigned(context, output.ToArray());
    }

    /// <summary>Accepts every prestatie of a send, as a healthy central service would (60 minutes each).</summary>
    public static Task AcceptAll(HttpContext context, ReceivedRequest received) =>
        Respond(context, received, new CentralStatus(CentralStatus.Success, null, null),
            [.. ((SendPrestatiesRequest)received.Request!).Prestaties.Select(p => new PrestatieStatus(p.Id, Resultaat.Aanvaard, 60, []))]);

    /// <summary>Announces a long answer, sends the start of an envelope and drops the connection.</summary>
    public static async Task ResetMidAnswer(HttpContext context)
    {
        context.Response.ContentLength = 10_000;
        await context.Response.WriteAsync("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Bo");
        await context.Response.Body.FlushAsync();
        context.Abort();
    }

    public static Task Fault(HttpContext context, string soaCode)
    {
        var output = new MemoryStream();
        CentralResponseWriter.WriteFault(new CentralFault("Server", soaCode, "stub fault"), output);
        context.Response.StatusCode = 500;
        return WriteSigned(context, output.ToArray());
    }

    /// <summary>Signs a SOAP envelope as the central service does and writes it as the answer.</summary>
    public static Task WriteSigned(HttpContext context, byte[] envelope)
    {
        var signed = new MemoryStream();
        ((WsSecuritySigner)context.Items[typeof(WsSecuritySigner)]!).Sign(new MemoryStream(envelope), signed);
        context.Response.ContentType = "text/xml; charset=utf-8";
        return context.Response.Body.WriteAsync(signed.ToArray()).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
