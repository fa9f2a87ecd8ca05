using System.Text;
using Microsoft.AspNetCore.Http;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Emulator.Contract;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// Every way the central service can fail or refuse, through the real forwarding path: the OCMW gets ReturnCode
/// 10000 with the documented reason, and the gateway keeps serving.
/// </summary>
public class CentralFailureTests
{
    private static readonly CentralStatus Ok = new(CentralStatus.Success, null, null);

    /// <summary>Scenario, the OCMW's ReasonCode, and how many attempts a send gets (docs/reliability.md: retried when not applied or when the answer was lost).</summary>
    public static TheoryData<string, string, int> Scenarios => new()
    {
        { "not-xml", "CENTRALE_DIENST_ANTWOORD_ONGELDIG", 3 },
        { "wrong-root", "CENTRALE_DIENST_ANTWOORD_ONGELDIG", 3 },
        { "http-503", "CENTRALE_DIENST_ONBESCHIKBAAR", 3 },
        { "http-500-html", "CENTRALE_DIENST_ANTWOORD_ONGELDIG", 3 },
        { "http-504-html", "CENTRALE_DIENST_TIMEOUT", 3 },
        { "fault-SOA-01001", "CENTRALE_DIENST_AUTHENTICATIE", 1 },
        { "fault-SOA-02001", "CENTRALE_DIENST_ONBESCHIKBAAR", 3 },
        { "fault-SOA-03001", "CENTRALE_DIENST_BERICHT_MISVORMD", 1 },
        { "other-request", "CENTRALE_DIENST_ANTWOORD_INTEGRITEIT", 1 },
        { "missing-item", "CENTRALE_DIENST_ANTWOORD_INTEGRITEIT", 1 },
        { "requester-dienst", "DIENST_ONBEKEND", 1 },
        { "requester-initiatiefnemer", "GEEN_INITIATIEFNEMER", 1 },
        { "requester-ongeldig", "CENTRAAL_BERICHT_GEWEIGERD", 1 },
        { "responder", "CENTRALE_DIENST_FOUT", 1 },
        { "reset", "CENTRALE_DIENST_ANTWOORD_ONGELDIG", 3 },
        { "unsigned", "CENTRALE_DIENST_HANDTEKENING_ONGELDIG", 1 },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Send_CentralMisbehaves_AnswersReturnCode10000WithTheMappedReason(string scenario, string reasonCode, int attempts)
    {
        await using var stub = await StubCentral.StartAsync((context, request) => Misbehave(scenario, context, request));
        using var gateway = new GatewayFactory(settings: stub.Settings);

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a"), new KszMessages.P("b")));

        Assert.Equal(200, answer.StatusCode);
        Assert.Empty(SchemaValidation.KszErrors(answer.Body));
        Assert.Equal(10000, answer.ReturnCode);
        Assert.Equal([reasonCode], answer.ReasonCodes);
        Assert.Contains("<common:AuthorCodeList>CENTRAL</common:AuthorCodeList>", answer.Body, StringComparison.Ordinal);
        Assert.Equal(attempts, stub.Requests);
    }

    [Fact]
    public async Task Send_CentralUnreachable_AnswersNotDoneRetry()
    {
        using var gateway = new GatewayFactory(settings: StubCentral.PointedAt(new Uri("http://127.0.0.1:1/")));

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P()));

        Assert.Equal(["CENTRALE_DIENST_ONBEREIKBAAR"], answer.ReasonCodes);
    }

    [Fact]
    public async Task Send_CentralStalls_AnswersTimeoutAfterTheConfiguredActivityTimeout()
    {
        await using var stub = await StubCentral.StartAsync(async (context, _) => await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted));
        var settings = stub.Settings;
        settings["ReverseProxy:Clusters:central:HttpRequest:ActivityTimeout"] = "00:00:01";
        using var gateway = new GatewayFactory(settings: settings, realClock: true);

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P()));

        Assert.Equal(["CENTRALE_DIENST_TIMEOUT"], answer.ReasonCodes);
    }

    [Fact]
    public async Task Send_UnknownCentralItemCode_IsMappedToTheFallbackReason()
    {
        await using var stub = await StubCentral.StartAsync((context, request) => StubCentral.Respond(context, request, Ok,
            [new PrestatieStatus(PrestatieId.Parse("a"), Resultaat.Geweigerd, null, [new Fout("VO-NIEUWE-REGEL", "nieuw")])]));
        using var gateway = new GatewayFactory(settings: stub.Settings);

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        Assert.Equal(["CENTRALE_FOUTCODE_ONBEKEND"], KszAnswer.ItemReasons(answer.Resultaten[0]));
        Assert.Contains("VO-NIEUWE-REGEL", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_AfterACentralFailure_TheGatewayKeepsServing()
    {
        var fail = true;
        await using var stub = await StubCentral.StartAsync((context, request) => fail
            ? StubCentral.Fault(context, SoaCodes.Unavailable)
            : StubCentral.Respond(context, request, Ok, [new PrestatieStatus(PrestatieId.Parse("a"), Resultaat.Aanvaard, 600, [])]));
        using var gateway = new GatewayFactory(settings: stub.Settings);

        var first = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        fail = false;
        var second = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        Assert.Equal(10000, first.ReturnCode);
        Assert.Equal(0, second.ReturnCode);
    }

    private static async Task Misbehave(string scenario, HttpContext context, ReceivedRequest request)
    {
        switch (scenario)
        {
            case "not-xml":
                await context.Response.WriteAsync("this is not xml");
                break;
            case "wrong-root":
                await StubCentral.WriteSigned(context, Encoding.UTF8.GetBytes("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><x:Other xmlns:x=\"urn:x\"/></soap:Body></soap:Envelope>"));
                break;
            case "http-503":
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("Service Unavailable");
                break;
            case "http-500-html":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("<html><body>Internal error</body></html>");
                break;
            case "http-504-html":
                context.Response.StatusCode = 504;
                await context.Response.WriteAsync("<html><body>Gateway Timeout</body></html>");
                break;
            case "unsigned":
                var unsigned = new MemoryStream();
                CentralResponseWriter.Write(request.Operation, new CentralStatusResponse("_stub", request.Id, DateTimeOffset.UtcNow, Ok, Accept("a", "b"), [], null), unsigned);
                context.Response.ContentType = "text/xml; charset=utf-8";
                await context.Response.Body.WriteAsync(unsigned.ToArray());
                break;
            case var fault when fault.StartsWith("fault-", StringComparison.Ordinal):
                await StubCentral.Fault(context, fault["fault-".Length..]);
                break;
            case "other-request":
                await StubCentral.Respond(context, request, Ok, Accept("a", "b"), inResponseTo: "_someone-else");
                break;
            case "missing-item":
                await StubCentral.Respond(context, request, Ok, Accept("a"));
                break;
            case "requester-dienst":
                await StubCentral.Respond(context, request, new CentralStatus(CentralStatus.Requester, CentralStatus.DienstOnbekend, "unknown"));
                break;
            case "requester-initiatiefnemer":
                await StubCentral.Respond(context, request, new CentralStatus(CentralStatus.Requester, CentralStatus.GeenInitiatiefnemer, "not yours"));
                break;
            case "requester-ongeldig":
                await StubCentral.Respond(context, request, new CentralStatus(CentralStatus.Requester, CentralStatus.OngeldigBericht, "invalid"));
                break;
            case "responder":
                await StubCentral.Respond(context, request, new CentralStatus(CentralStatus.Responder, null, "database down"));
                break;
            case "reset":
                await StubCentral.ResetMidAnswer(context);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario));
        }
    }

    private static List<PrestatieStatus> Accept(params string[] ids) =>
        [.. ids.Select(id => new PrestatieStatus(PrestatieId.Parse(id), Resultaat.Aanvaard, 60, []))];
}
