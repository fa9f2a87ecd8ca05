using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Security;
using VrijwilligeOppas.Emulator.Contract;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// Issue 6's fault list, on a real clock: for every way the central service can fail, the OCMW's reply, the time it
/// took (bounded by the attempts at the configured activity timeout), its audit record, and the next message served.
/// </summary>
public class CentralFaultTests
{
    private static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(2);

    public static TheoryData<string, string> Faults => new()
    {
        { "refused", "CENTRALE_DIENST_ONBEREIKBAAR" },
        { "tls", "CENTRALE_DIENST_ONBEREIKBAAR" },
        { "reset", "CENTRALE_DIENST_ANTWOORD_ONGELDIG" },
        { "http-500", "CENTRALE_DIENST_ANTWOORD_ONGELDIG" },
        { "http-502", "CENTRALE_DIENST_ANTWOORD_ONGELDIG" },
        { "http-503", "CENTRALE_DIENST_ONBESCHIKBAAR" },
        { "system-error", "CENTRALE_DIENST_ONBESCHIKBAAR" },
        { "stall", "CENTRALE_DIENST_TIMEOUT" },
        { "truncated", "CENTRALE_DIENST_ANTWOORD_ONGELDIG" },
        { "cut-short", "CENTRALE_DIENST_ANTWOORD_ONGELDIG" },
        { "pattern-line-feed", "CENTRALE_DIENST_ANTWOORD_ONGELDIG" },
        { "not-xml", "CENTRALE_DIENST_ANTWOORD_ONGELDIG" },
        { "unsigned", "CENTRALE_DIENST_HANDTEKENING_ONGELDIG" },
        { "wrongly-signed", "CENTRALE_DIENST_CERTIFICAAT_ONBEKEND" },
        { "other-request", "CENTRALE_DIENST_ANTWOORD_INTEGRITEIT" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task CentralFault_IsAnsweredNotDone_InBoundedTime_Audited_AndTheNextMessageIsServed(string fault, string reasonCode)
    {
        var mode = fault;
        await using var stub = await StubCentral.StartAsync((context, request) => mode == "healthy" ? StubCentral.AcceptAll(context, request) : Misbehave(mode, context, request), TimeProvider.System);
        await using var proxy = new FaultProxy(stub.Address, fault == "tls" ? TestCertificates.Server : null) { BreakTls = fault == "tls" };
        if (fault == "refused")
        {
            proxy.Refuse();
        }

        var settings = stub.Settings;
        settings["ReverseProxy:Clusters:central:Destinations:primary:Address"] = proxy.Address.ToString();
        settings["ReverseProxy:Clusters:central:HttpRequest:ActivityTimeout"] = ActivityTimeout.ToString();
        settings["ReverseProxy:Clusters:central:HttpClient:DangerousAcceptAnyServerCertificate"] = "true";
        using var gateway = new GatewayFactory(settings: settings, realClock: true);

        var clock = Stopwatch.StartNew();
        var failed = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        var took = clock.Elapsed;
        (mode, proxy.BreakTls) = ("healthy", false);
        if (fault == "refused")
        {
            proxy.Listen();
        }

        var next = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("b")));

        Assert.Equal(10000, failed.ReturnCode);
        Assert.Equal([reasonCode], failed.ReasonCodes);
        Assert.Empty(SchemaValidation.KszErrors(failed.Body));
        Assert.True(took < (ActivityTimeout * 3) + TimeSpan.FromSeconds(5), $"answered after {took}");
        var records = (await RecordsAsync(gateway)).Where(r => r.Ticket == failed.Ticket).ToList();
        Assert.Equal([AuditStage.Forwarding, AuditStage.Outcome], records.Select(r => r.Stage)); // durable before it was tried, outcome after
        Assert.Equal((10000, reasonCode), (records[1].ReturnCode, records[1].ReasonCode));
        Assert.Equal(0, next.ReturnCode);
    }

    internal static async Task<List<AuditRecord>> RecordsAsync(GatewayFactory gateway)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in gateway.Services.GetRequiredService<IAuditStore>().ReadChainAsync(gateway.Services.GetRequiredService<GatewayAudit>().Instance, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    private static async Task Misbehave(string fault, HttpContext context, ReceivedRequest request)
    {
        switch (fault)
        {
            case "reset":
                await StubCentral.ResetMidAnswer(context);
                break;
            case var status when status.StartsWith("http-", StringComparison.Ordinal):
                context.Response.StatusCode = int.Parse(status["http-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("<html><body>error</body></html>");
                break;
            case "system-error":
                await StubCentral.Fault(context, SoaCodes.Unavailable);
                break;
            case "stall":
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                break;
            case "truncated":
                var whole = Answer(request);
                context.Response.ContentType = "text/xml; charset=utf-8";
                await context.Response.Body.WriteAsync(whole.AsMemory(0, whole.Length / 2));
                break;
            case "cut-short":
                // The whole answer announced, half of it sent, then the connection dropped.
                var announced = Answer(request);
                context.Response.ContentType = "text/xml; charset=utf-8";
                context.Response.ContentLength = announced.Length;
                await context.Response.Body.WriteAsync(announced.AsMemory(0, announced.Length / 2));
                await context.Response.Body.FlushAsync();
                context.Abort();
                break;
            case "pattern-line-feed":
                // Signed by the central service, but a PrestatieId ending in a line feed breaks its pattern
                // (System.Xml's validator alone would let it through; the JDK's and libxml2's refuse it).
                var answer = Encoding.UTF8.GetString(Answer(request));
                var broken = answer.Replace("PrestatieId=\"a\"", "PrestatieId=\"a&#10;\"", StringComparison.Ordinal);
                Assert.NotEqual(answer, broken);
                await StubCentral.WriteSigned(context, Encoding.UTF8.GetBytes(broken));
                break;
            case "not-xml":
                await context.Response.WriteAsync("this is not xml");
                break;
            case "unsigned":
                context.Response.ContentType = "text/xml; charset=utf-8";
                await context.Response.Body.WriteAsync(Answer(request));
                break;
            case "wrongly-signed":
                var signed = new MemoryStream();
                new WsSecuritySigner(TestCertificates.Stranger, TimeProvider.System).Sign(new MemoryStream(Answer(request)), signed);
                context.Response.ContentType = "text/xml; charset=utf-8";
                await context.Response.Body.WriteAsync(signed.ToArray());
                break;
            case "other-request":
                await StubCentral.Respond(context, request, new CentralStatus(CentralStatus.Success, null, null), [new PrestatieStatus(Mapping.Identifiers.PrestatieId.Parse("a"), Resultaat.Aanvaard, 60, [])], inResponseTo: "_someone-else");
                break;
            default:
                throw new InvalidOperationException($"The stub was called in fault {fault}, which should not reach it.");
        }
    }

    private static byte[] Answer(ReceivedRequest request)
    {
        var output = new MemoryStream();
        var items = ((SendPrestatiesRequest)request.Request!).Prestaties.Select(p => new PrestatieStatus(p.Id, Resultaat.Aanvaard, 60, [])).ToList();
        CentralResponseWriter.Write(request.Operation, new CentralStatusResponse("_stub", request.Id, DateTimeOffset.UtcNow, new CentralStatus(CentralStatus.Success, null, null), items, [], null), output);
        return output.ToArray();
    }
}
