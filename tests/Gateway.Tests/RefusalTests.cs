namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>Whole messages the gateway refuses: one exact reason each, an SSDN reply, nothing forwarded.</summary>
public class RefusalTests : IClassFixture<RefusalTests.Gateway>
{
    private static readonly KszMessages.P Ok = new();
    private readonly Gateway _gateway;

    public RefusalTests(Gateway gateway) => _gateway = gateway;

    public static TheoryData<string, string> Refused => new()
    {
        { "BERICHT_ONGELDIG", KszMessages.Send(Ok with { Gebruiker = "4801014564" }) },
        { "SERVICEID_ONBEKEND", KszMessages.Send([Ok], serviceId: "OCMWCPASVrijwilligeOppasUpload") },
        { "SERVICEID_PAYLOAD_VERSCHIL", KszMessages.Send([Ok], serviceId: "OCMWCPASVrijwilligeOppasDelete") },
        { "ONDERNEMINGSNUMMER_ONTBREEKT", KszMessages.Send(Ok).Replace("<vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer>", "", StringComparison.Ordinal) },
        { "ONDERNEMINGSNUMMER_ONGELDIG", KszMessages.Send([Ok], ondernemingsnummer: "02123448") },
        { "ONDERNEMINGSNUMMER_ONGELDIG", KszMessages.Send([Ok], ondernemingsnummer: "0212344877") },
        { "ONDERNEMINGSNUMMER_NIET_VAN_AANVRAGER", KszMessages.Send([Ok], ondernemingsnummer: "0207123407") },
        { "AANVRAGER_ONGELDIG", KszMessages.Send([Ok], userId: "85073003327") },
        { "AANVRAGER_ONGELDIG", KszMessages.Send([Ok], userId: "8507300332") },
        { "ONDERNEMINGSNUMMER_ONTBREEKT", KszMessages.Send(Ok).Replace("<ssdn:OrgUnit>0212344876</ssdn:OrgUnit>", "", StringComparison.Ordinal) },
        { "ONDERNEMINGSNUMMER_ONGELDIG", KszMessages.Send(Ok).Replace("<ssdn:OrgUnit>0212344876</ssdn:OrgUnit>", "<ssdn:OrgUnit>0212344876\n</ssdn:OrgUnit>", StringComparison.Ordinal) },
        { "BERICHT_ONGELDIG", KszMessages.Send(Ok).Replace("<vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer>", "<Ondernemingsnummer>0212344876</Ondernemingsnummer>", StringComparison.Ordinal) },
        { "SERVICEREQUEST_MEERDERE", KszMessages.Send(Ok).Replace("</ssdn:ServiceRequest>", "</ssdn:ServiceRequest>" + ServiceRequestOf(KszMessages.Delete(["X"])), StringComparison.Ordinal) },
        { "VERSIE_ONBEKEND", KszMessages.Send(Ok).Replace("<ssdn:Version>20261122</ssdn:Version>", "<ssdn:Version>20050930</ssdn:Version>", StringComparison.Ordinal) },
        { "REFERENTIE_TE_LANG", KszMessages.Send([Ok], reference: new string('r', 257)) },
        { "TAAL_ONBEKEND", KszMessages.Send(Ok).Replace("</ssdn:TimeRequest>", "</ssdn:TimeRequest><ssdn:Language>es</ssdn:Language>", StringComparison.Ordinal) },
        { "TIJD_ONGELDIG", KszMessages.Send(Ok with { Begin = "22:00:00.0000000+01:00" }) },
        { "TIJD_ONGELDIG", KszMessages.Send(Ok with { Eind = "24:00:00" }) },
        { "ERKENNINGSNUMMER_ONGELDIG", KszMessages.Send([Ok], erkenningsnummer: "99") },
        { "ERKENNINGSNUMMER_ONGELDIG", KszMessages.Send([Ok], erkenningsnummer: "700") },
        { "DIENST_ONBEKEND", KszMessages.Send([Ok], erkenningsnummer: "321") },
        { "DIENST_NIET_VAN_ONDERNEMING", KszMessages.Send([Ok], erkenningsnummer: "456") },
        { "PERIODE_ONGELDIG", KszMessages.Consult("2026-01-01", "2026-06-30") },
        { "PRESTATIEID_DUBBEL", KszMessages.Send(Ok, Ok) },
        { "INSZ_ONGELDIG", KszMessages.Consult(gebruiker: "48010145645") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Post_RefusedMessage_AnswersReturnCode10000WithTheReason(string reasonCode, string xml)
    {
        foreach (var body in new[] { xml, KszMessages.AsConnector(xml) })
        {
            var answer = await _gateway.PostAsync(body);

            Assert.Equal(200, answer.StatusCode);
            Assert.Empty(SchemaValidation.KszErrors(answer.Body));
            answer.AssertRefusedInBothSummaries(reasonCode);
            Assert.Equal(body != xml, answer.IsConnectorForm);
        }
    }

    [Fact]
    public async Task Post_RefusedMessage_ChangesNothingCentrally()
    {
        var refused = await _gateway.PostAsync(KszMessages.Send(new KszMessages.P("refused-1"), new KszMessages.P("refused-1")));
        var consulted = await _gateway.PostAsync(KszMessages.Consult());

        Assert.Equal(10000, refused.ReturnCode);
        Assert.DoesNotContain(consulted.Prestaties, p => KszAnswer.Field(p, "PrestatieId") == "refused-1");
    }

    [Fact]
    public async Task Post_SoapActionDisagreeingWithServiceId_IsRefused() =>
        Assert.Equal(["SOAPACTION_VERSCHIL"], (await _gateway.PostAsync(KszMessages.Send(Ok), soapAction: "\"OCMWCPASVrijwilligeOppasConsult\"")).ReasonCodes);

    [Fact]
    public async Task Post_BodyLargerThanTheLimit_IsRefusedAsTooLarge()
    {
        using var small = new GatewayFactory(settings: new() { ["Gateway:MaxRequestBytes"] = "4096" });

        var answer = await small.PostAsync(KszMessages.Send([.. Enumerable.Range(0, 40).Select(i => new KszMessages.P($"P{i}"))]));

        Assert.Equal(["BERICHT_TE_GROOT"], answer.ReasonCodes);
    }

    [Fact]
    public async Task Post_BodyAboveTheServersDefaultCapButWithinTheOption_IsProcessed()
    {
        // Kestrel's default cap is 30 MB; the option alone decides. Kestrel, not the test server, must enforce it.
        using var large = new GatewayFactory(settings: new() { ["Gateway:MaxRequestBytes"] = "40000000" });
        large.UseKestrel(0);
        large.StartServer();
        var padding = $"<soap:Header><x:Pad xmlns:x=\"urn:test:pad\">{new string('a', 31_000_000)}</x:Pad></soap:Header>";

        var answer = await large.PostAsync(KszMessages.Send(new KszMessages.P()).Replace("<soap:Body>", padding + "<soap:Body>", StringComparison.Ordinal));

        Assert.Equal(0, answer.ReturnCode);
    }

    [Fact]
    public async Task Post_RefusalEchoesTheRequestContext()
    {
        var answer = await _gateway.PostAsync(KszMessages.Send([Ok], erkenningsnummer: "321"));

        Assert.Contains("<Reference>REF-1</Reference>", answer.Body, StringComparison.Ordinal);
        Assert.Contains("<UserID>85073003328</UserID>", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not xml", "text/xml", 500, "soap:Client")]
    [InlineData("<html/>", "text/xml", 500, "soap:Client")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>", "application/json", 415, "soap:Client")]
    [InlineData("<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>", "application/soap+xml", 415, "soap:VersionMismatch")]
    [InlineData("<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>", "text/xml", 500, "soap:VersionMismatch")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "text/xml", 500, "soap:Client")]
    public async Task Post_NotASoap11Envelope_AnswersASoapFault(string body, string contentType, int status, string faultCode)
    {
        var answer = await _gateway.PostAsync(body, contentType: contentType);

        Assert.Equal(status, answer.StatusCode);
        Assert.Equal(faultCode, answer.FaultCode);
        Assert.Empty(SchemaValidation.KszErrors(answer.Body));
    }

    [Fact]
    public async Task Post_AfterHostileInput_TheGatewayKeepsServing()
    {
        await _gateway.PostAsync("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>");

        var answer = await _gateway.PostAsync(KszMessages.Send(new KszMessages.P("after-hostile")));

        Assert.Equal(0, answer.ReturnCode);
    }

    public sealed class Gateway : IDisposable
    {
        private readonly GatewayFactory _factory = new();

        public Task<KszAnswer> PostAsync(string xml, string? soapAction = null, string contentType = "text/xml; charset=utf-8") =>
            _factory.PostAsync(xml, soapAction, contentType);

        public void Dispose() => _factory.Dispose();
    }

    private static string ServiceRequestOf(string envelope) =>
        envelope[envelope.IndexOf("<ssdn:ServiceRequest>", StringComparison.Ordinal)..(envelope.IndexOf("</ssdn:ServiceRequest>", StringComparison.Ordinal) + "</ssdn:ServiceRequest>".Length)];
}
