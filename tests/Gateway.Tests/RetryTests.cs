using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// Retries against the real emulator, with a relay in between that loses answers or turns attempts away: a send
/// whose answer was lost is repeated and stored once; a delete is repeated only when it certainly was not applied,
/// so a repeated delete never turns VERWIJDERD into NIET_GEVONDEN.
/// </summary>
public class RetryTests
{
    private static readonly HttpClient Relay = new();

    [Fact]
    public async Task Send_AnswerLostAfterTheEmulatorAppliedIt_IsRepeated_AndStoredOnce()
    {
        GatewayFactory? holder = null;
        await using var stub = await RelayingStub(() => holder!, (attempt, operation, _) => operation == "send" && attempt == 1 ? Fate.ApplyThenLoseAnswer : Fate.Relay);
        using var gateway = holder = new GatewayFactory(settings: Pointed(stub));

        var sent = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        var consulted = await gateway.PostAsync(KszMessages.Consult());

        Assert.Equal(0, sent.ReturnCode);
        Assert.Equal(["AANVAARD"], sent.Resultaten.Select(KszAnswer.Status));
        Assert.Equal(3, stub.Requests); // two attempts at the send, one consult
        Assert.Equal(["a"], consulted.Prestaties.Select(p => KszAnswer.Field(p, "PrestatieId")));
    }

    [Fact]
    public async Task Delete_AnswerLostAfterTheEmulatorAppliedIt_IsNotRepeated_AndTheOcmwIsToldTheOutcomeIsUnknown()
    {
        GatewayFactory? holder = null;
        await using var stub = await RelayingStub(() => holder!, (_, operation, call) => operation == "delete" && call == 1 ? Fate.ApplyThenLoseAnswer : Fate.Relay);
        using var gateway = holder = new GatewayFactory(settings: Pointed(stub));
        await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        var deleted = await gateway.PostAsync(KszMessages.Delete(["a"]));
        var consulted = await gateway.PostAsync(KszMessages.Consult());
        var deletedAgainByTheOcmw = await gateway.PostAsync(KszMessages.Delete(["a"]));

        Assert.Equal(10000, deleted.ReturnCode);
        Assert.Equal(["CENTRALE_DIENST_ANTWOORD_ONGELDIG"], deleted.ReasonCodes);
        Assert.Equal(4, stub.Requests); // send, one attempt at the delete, consult, the OCMW's own repeat
        Assert.Empty(consulted.Prestaties);
        Assert.Equal(["NIET_GEVONDEN"], deletedAgainByTheOcmw.Resultaten.Select(KszAnswer.Status));
    }

    [Fact]
    public async Task Delete_TurnedAwayUnapplied_IsRepeated_AndSucceeds()
    {
        GatewayFactory? holder = null;
        await using var stub = await RelayingStub(() => holder!, (attempt, operation, _) => operation == "delete" && attempt == 1 ? Fate.Unavailable : Fate.Relay);
        using var gateway = holder = new GatewayFactory(settings: Pointed(stub));
        await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        var deleted = await gateway.PostAsync(KszMessages.Delete(["a"]));

        Assert.Equal(0, deleted.ReturnCode);
        Assert.Equal(["VERWIJDERD"], deleted.Resultaten.Select(KszAnswer.Status));
        Assert.Equal(3, stub.Requests);
    }

    [Fact]
    public async Task Consult_AnswerLost_IsRepeated()
    {
        GatewayFactory? holder = null;
        await using var stub = await RelayingStub(() => holder!, (attempt, operation, _) => operation == "consult" && attempt < 3 ? Fate.ApplyThenLoseAnswer : Fate.Relay);
        using var gateway = holder = new GatewayFactory(settings: Pointed(stub));
        await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        var consulted = await gateway.PostAsync(KszMessages.Consult());

        Assert.Equal(0, consulted.ReturnCode);
        Assert.Single(consulted.Prestaties);
        Assert.Equal(4, stub.Requests);
    }

    [Fact]
    public async Task Send_NeverMoreAttemptsThanConfigured()
    {
        GatewayFactory? holder = null;
        await using var stub = await RelayingStub(() => holder!, (_, _, _) => Fate.Unavailable);
        using var gateway = holder = new GatewayFactory(settings: Pointed(stub, ("Reliability:MaxAttempts", "2")));

        var sent = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        Assert.Equal(["CENTRALE_DIENST_ONBESCHIKBAAR"], sent.ReasonCodes);
        Assert.Equal(2, stub.Requests);
    }

    private enum Fate
    {
        Relay,
        ApplyThenLoseAnswer,
        Unavailable,
    }

    /// <summary>
    /// A stub in front of the gateway's own sandbox emulator, pointed at by the gateway's central cluster; the
    /// gateway keeps pinning the emulator's certificate, since every answer that arrives is the emulator's.
    /// </summary>
    private static Dictionary<string, string?> Pointed(StubCentral stub, params (string Key, string Value)[] extra)
    {
        var settings = StubCentral.PointedAt(stub.Address);
        settings.Remove("Trust:CentralCertificatePath");
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <param name="gateway">The gateway under test, known only once the stub is started.</param>
    /// <param name="fate">By attempt at this message, operation, and how many calls of that operation the stub has seen.</param>
    private static async Task<StubCentral> RelayingStub(Func<GatewayFactory> gateway, Func<int, string, int, Fate> fate)
    {
        var attempts = new Dictionary<string, int>();
        var stub = await StubCentral.StartAsync(async (context, request) =>
        {
            var operation = new[] { "send", "delete", "consult" }.First(o => request.Operation.Contains(o, StringComparison.OrdinalIgnoreCase));
            int attempt, call;
            lock (attempts)
            {
                attempts[request.Id] = attempt = attempts.GetValueOrDefault(request.Id) + 1;
                attempts[operation] = call = attempts.GetValueOrDefault(operation) + 1;
            }

            switch (fate(attempt, operation, call))
            {
                case Fate.Unavailable:
                    context.Response.StatusCode = 503;
                    return;
                case Fate.ApplyThenLoseAnswer:
                    await ForwardAsync(context, gateway().EmulatorAddress);
                    context.Abort();
                    return;
                default:
                    var (status, body) = await ForwardAsync(context, gateway().EmulatorAddress);
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "text/xml; charset=utf-8";
                    await context.Response.Body.WriteAsync(body);
                    return;
            }
        });
        return stub;
    }

    private static async Task<(int Status, byte[] Body)> ForwardAsync(HttpContext context, Uri emulator)
    {
        var body = context.Items["body"] as byte[] ?? throw new InvalidOperationException("no request body");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator, "VrijwilligeOppas/v1")) { Content = content };
        request.Headers.TryAddWithoutValidation("SOAPAction", context.Request.Headers["SOAPAction"].ToString());
        using var response = await Relay.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }
}
