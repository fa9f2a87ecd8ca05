using System.Text;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Mapping.Tests.Ksz;

public class KszMessageReaderTests
{
    private static readonly KszMessageReader Reader = new(16 * 1024 * 1024);

    internal static KszReadResult Read(string xml) => Reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Theory]
    [InlineData("send-request.xml", BodyForm.DocumentLiteral, KszService.Send)]
    [InlineData("send-request-connector.xml", BodyForm.Connector, KszService.Send)]
    [InlineData("delete-request.xml", BodyForm.DocumentLiteral, KszService.Delete)]
    [InlineData("consult-request.xml", BodyForm.DocumentLiteral, KszService.Consult)]
    public void Read_Samples_GiveTheirPayload(string sample, BodyForm form, KszService service)
    {
        var result = Read(File.ReadAllText(RepoPaths.Combine("samples", "ksz", sample)));

        Assert.Null(result.Refusal);
        Assert.Equal(form, result.Form);
        Assert.Equal(service, result.Message!.Payload.Kind);
        Assert.Equal("0212344876", result.Message.Payload.Ondernemingsnummer);
        Assert.Equal("85073003328", result.Context!.User.UserId);
    }

    [Fact]
    public void Read_SendSample_ReadsEveryField()
    {
        var send = (SendPayload)Read(File.ReadAllText(RepoPaths.Combine("samples", "ksz", "send-request.xml"))).Message!.Payload;

        var first = send.Prestaties[0];
        Assert.Equal(2, send.Prestaties.Count);
        Assert.Equal(("A-2026-000123", "48010145644", "79021512333"), (first.PrestatieId, first.GebruikerInsz, first.VrijwilligerInsz));
        Assert.Equal((new DateOnly(2026, 10, 24), new TimeOnly(22, 0), new TimeOnly(7, 0), "44021"), (first.Datum, first.Begintijd, first.Eindtijd, first.GemeenteNisCode));
    }

    [Fact]
    public void Read_MissingOndernemingsnummer_RefusesWithOntbreekt()
    {
        var xml = KszMessages.Send(new KszMessages.P()).Replace("<vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer>", "", StringComparison.Ordinal);

        var result = Read(xml);

        Assert.Equal(ReasonCode.OndernemingsnummerOntbreekt, result.Refusal?.Code);
        Assert.NotNull(result.Context); // echoed in the reply
    }

    [Fact]
    public void Read_EmptyOndernemingsnummer_RefusesWithOntbreekt() =>
        Assert.Equal(ReasonCode.OndernemingsnummerOntbreekt, Read(KszMessages.Delete(["X"]).Replace("<vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer>", "<vo:Ondernemingsnummer/>", StringComparison.Ordinal)).Refusal?.Code);

    [Theory]
    [InlineData("02123448")]
    [InlineData("021234487600")]
    [InlineData("abc")]
    [InlineData("2212344876")]
    public void Read_MalformedOndernemingsnummer_RefusesWithOngeldig(string value) =>
        Assert.Equal(ReasonCode.OndernemingsnummerOngeldig, Read(KszMessages.Send([new KszMessages.P()], ondernemingsnummer: value)).Refusal?.Code);

    [Theory]
    [InlineData("99")]
    [InlineData("700")]
    [InlineData("12a")]
    public void Read_ErkenningsnummerOutOfRange_RefusesWithErkenningsnummerOngeldig(string value) =>
        Assert.Equal(ReasonCode.ErkenningsnummerOngeldig, Read(KszMessages.Send([new KszMessages.P()], erkenningsnummer: value)).Refusal?.Code);

    [Fact]
    public void Read_UnknownServiceId_RefusesWithServiceIdOnbekend() =>
        Assert.Equal(ReasonCode.ServiceIdOnbekend, Read(KszMessages.Send([new KszMessages.P()], serviceId: "OCMWCPASVrijwilligeOppasUpload")).Refusal?.Code);

    [Fact]
    public void Read_ReplyPayloadInARequest_RefusesWithServiceIdPayloadVerschil()
    {
        var xml = KszMessages.Envelope(KszMessages.Request("OCMWCPASVrijwilligeOppasDelete",
            "<vo:DeletePrestatiesReply><vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer><vo:Erkenningsnummer>123</vo:Erkenningsnummer><vo:Resultaat><vo:PrestatieId>X</vo:PrestatieId><vo:Status>VERWIJDERD</vo:Status></vo:Resultaat></vo:DeletePrestatiesReply>"));

        Assert.Equal(ReasonCode.ServiceIdPayloadVerschil, Read(xml).Refusal?.Code);
    }

    [Theory]
    [InlineData("2026-02-30")] // not a date
    [InlineData("2026-10-24+01:00")] // a time zone is not a local date
    public void Read_BadDatum_RefusesWithBerichtOngeldig(string datum) =>
        Assert.Equal(ReasonCode.BerichtOngeldig, Read(KszMessages.Send(new KszMessages.P(Datum: datum))).Refusal?.Code);

    [Fact]
    public void Read_InszWithTenDigits_RefusesTheWholeMessageAsSchemaInvalid()
    {
        var result = Read(KszMessages.Send(new KszMessages.P(Gebruiker: "4801014564")));

        Assert.Equal(ReasonCode.BerichtOngeldig, result.Refusal?.Code);
        Assert.Contains(result.Refusal!.Information, i => i.FieldName == "Locatie" && i.FieldValue.StartsWith("regel ", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TwoRequestsInOneBody_IsRefused()
    {
        var request = KszMessages.Request("OCMWCPASVrijwilligeOppasDelete", "<vo:DeletePrestatiesRequest><vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer><vo:Erkenningsnummer>123</vo:Erkenningsnummer><vo:PrestatieId>X</vo:PrestatieId></vo:DeletePrestatiesRequest>");

        var result = Read(KszMessages.Envelope(request + request));

        Assert.Equal(ReasonCode.BerichtOngeldig, result.Refusal?.Code);
        Assert.Null(result.Message);
    }

    [Theory]
    [InlineData("not xml at all", "Client")]
    [InlineData("<html><body>hi</body></html>", "Client")]
    [InlineData("<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\"><Body/></Envelope>", "VersionMismatch")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "Client")]
    [InlineData("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>&lol2;</soap:Body></soap:Envelope>", "Client")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header><x:Sec xmlns:x=\"urn:x\" soap:mustUnderstand=\"1\"/></soap:Header><soap:Body/></soap:Envelope>", "MustUnderstand")]
    public void Read_NotASoap11Envelope_GivesAFault(string body, string faultCode)
    {
        var result = Read(body);

        Assert.Equal(faultCode, result.Fault?.Code);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Read_ConnectorHoldingADtd_IsRefusedInConnectorForm()
    {
        var xml = KszMessages.Envelope("<bcss:xmlString xmlns:bcss=\"http://ksz-bcss.fgov.be/connectors/WebServiceConnector\"><![CDATA[<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>]]></bcss:xmlString>");

        var result = Read(xml);

        Assert.Equal(BodyForm.Connector, result.Form);
        Assert.Equal(ReasonCode.BerichtOngeldig, result.Refusal?.Code);
    }

    [Fact]
    public void Read_ConnectorForm_RefusalKeepsTheInnerContextForTheEcho()
    {
        var result = Read(KszMessages.AsConnector(KszMessages.Send([new KszMessages.P()], erkenningsnummer: "99")));

        Assert.Equal(BodyForm.Connector, result.Form);
        Assert.Equal(ReasonCode.ErkenningsnummerOngeldig, result.Refusal?.Code);
        Assert.Equal("REF-1", result.Context?.Reference);
    }

    [Fact]
    public void Read_MessageNamingItsOwnSchema_IsValidatedAgainstTheContractOnly()
    {
        // A schema that would allow anything, and a location that would be fetched if hints were followed.
        var xml = KszMessages.Send([new KszMessages.P()], erkenningsnummer: "99").Replace(
            "<ssdn:SSDNRequest ",
            "<ssdn:SSDNRequest xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas http://127.0.0.1:1/lenient.xsd\" ",
            StringComparison.Ordinal);

        Assert.Equal(ReasonCode.ErkenningsnummerOngeldig, Read(xml).Refusal?.Code);
    }

    [Fact]
    public void Read_DeepNestingInAHeader_IsRefusedWithoutRecursion()
    {
        var deep = string.Concat(Enumerable.Repeat("<x:a xmlns:x=\"urn:x\">", 10_000)) + string.Concat(Enumerable.Repeat("</x:a>", 10_000));
        var xml = $"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>{deep}</soap:Header><soap:Body/></soap:Envelope>";

        var result = Read(xml);

        Assert.Equal(ReasonCode.BerichtTeDiep, result.Refusal?.Code);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Read_DeepHeaderInAConnectorRequest_IsRefusedInConnectorForm()
    {
        var deep = string.Concat(Enumerable.Repeat("<x:a xmlns:x=\"urn:x\">", 70)) + string.Concat(Enumerable.Repeat("</x:a>", 70));
        var xml = KszMessages.AsConnector(KszMessages.Send(new KszMessages.P())).Replace("<soap:Body>", $"<soap:Header>{deep}</soap:Header><soap:Body>", StringComparison.Ordinal);

        var result = Read(xml);

        Assert.Equal((BodyForm.Connector, ReasonCode.BerichtTeDiep), (result.Form, result.Refusal?.Code));
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(300_000)] // System.Xml reports a run this long as text, not whitespace
    public void Read_LongWhitespaceBetweenElements_IsJustWhitespace(int length)
    {
        var xml = KszMessages.Send(new KszMessages.P()).Replace("<ssdn:UserID>", new string(' ', length) + "<ssdn:UserID>", StringComparison.Ordinal)
            .Replace("<vo:Prestatie>", new string('\n', length) + "<vo:Prestatie>", StringComparison.Ordinal);

        var result = Read(xml);

        Assert.Null(result.Refusal);
        Assert.Equal("P-1", ((SendPayload)result.Message!.Payload).Prestaties[0].PrestatieId);
    }

    [Fact]
    public void Read_LongWhitespaceInsideAValue_IsStillTheValue()
    {
        var result = Read(KszMessages.Send([new KszMessages.P()], reference: new string(' ', 200)));

        Assert.Null(result.Refusal);
        Assert.Equal(new string(' ', 200), result.Context!.Reference);
    }

    [Fact]
    public void Read_DateFollowedByACarriageReturnReference_IsThatDate_AsXsDateCollapsesWhitespace()
    {
        var result = Read(KszMessages.Send(new KszMessages.P(Datum: "2026-10-24&#13;")));

        Assert.Null(result.Refusal);
        Assert.Equal(new DateOnly(2026, 10, 24), ((SendPayload)result.Message!.Payload).Prestaties[0].Datum);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00 })] // a UTF-32 byte-order mark before UTF-8 text
    [InlineData(new byte[] { 0xFE, 0xFF })]
    public void Read_ByteOrderMarkOfAnotherEncoding_IsAClientFault_NotACrash(byte[] mark)
    {
        var result = Reader.Read(new MemoryStream([.. mark, .. Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P()))]));

        Assert.Equal("Client", result.Fault?.Code);
    }

    [Fact]
    public void Read_EnvelopeInLowerCase_IsAClientFault() =>
        Assert.Equal("Client", Read(KszMessages.Send(new KszMessages.P()).Replace("soap:Envelope", "soap:envelope", StringComparison.Ordinal)).Fault?.Code);

    [Fact]
    public void Read_DocumentLargerThanTheLimit_IsRefused()
    {
        var small = new KszMessageReader(2_000);

        var result = small.Read(new MemoryStream(Encoding.UTF8.GetBytes(KszMessages.Send([.. Enumerable.Range(0, 20).Select(i => new KszMessages.P(Id: $"P-{i}"))]))));

        Assert.Null(result.Message);
        // A backstop: the gateway refuses a larger body with BERICHT_TE_GROOT before the reader sees it.
        Assert.Equal("Client", result.Fault?.Code);
        Assert.Contains("MaxCharactersInDocument", result.Fault?.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cut off before its end tag", -10)]
    [InlineData("cut off in the middle of its closing tags", -25)]
    public void Read_TransferCutOff_IsRefused_ThoughEverythingNeededCameBefore(string name, int cut)
    {
        var xml = KszMessages.Send(new KszMessages.P());

        var result = Read(xml[..(xml.Length + cut)]);

        Assert.True(result.Refusal?.Code == ReasonCode.BerichtOngeldig, name);
        Assert.Null(result.Message);
    }

    [Theory]
    [InlineData("text after the envelope", "trailing")]
    [InlineData("a second root element", "<again/>")]
    public void Read_SomethingAfterTheEnvelope_IsRefused(string name, string tail) =>
        Assert.True(Read(KszMessages.Send(new KszMessages.P()) + tail).Refusal?.Code == ReasonCode.BerichtOngeldig, name);

    [Theory]
    [InlineData("two bodies", "</soap:Body>", "</soap:Body><soap:Body/>")]
    [InlineData("text in the envelope", "<soap:Body>", "hello<soap:Body>")]
    [InlineData("a header after the body", "</soap:Body>", "</soap:Body><soap:Header/>")]
    [InlineData("two headers", "<soap:Body>", "<soap:Header/><soap:Header/><soap:Body>")]
    [InlineData("a SOAP element after the body", "</soap:Body>", "</soap:Body><soap:Fault/>")]
    public void Read_AmbiguousEnvelope_IsRefused(string name, string find, string replace)
    {
        var result = Read(KszMessages.Send(new KszMessages.P()).Replace(find, replace, StringComparison.Ordinal));

        Assert.True(result.Refusal?.Code == ReasonCode.BerichtOngeldig, $"{name}: {result.Refusal?.ReasonCodeText ?? result.Fault?.Code ?? "accepted"}");
        Assert.Null(result.Message);
    }

    [Fact]
    public void Read_BrokenConnectorEnvelope_IsAnsweredInConnectorForm()
    {
        var xml = KszMessages.AsConnector(KszMessages.Send(new KszMessages.P())).Replace("<soap:Body>", "<soap:Header/><soap:Header/><soap:Body>", StringComparison.Ordinal);

        var result = Read(xml);

        Assert.Equal((BodyForm.Connector, ReasonCode.BerichtOngeldig), (result.Form, result.Refusal?.Code));
    }

    [Fact]
    public void Read_HeaderForAnotherActor_IsIgnored_AsSoap11Says()
    {
        var xml = KszMessages.Send(new KszMessages.P()).Replace("<soap:Body>", "<soap:Header><x:Route xmlns:x=\"urn:x\" soap:actor=\"urn:somebody-else\" soap:mustUnderstand=\"1\"/></soap:Header><soap:Body>", StringComparison.Ordinal);

        var result = Read(xml);

        Assert.Null(result.Fault);
        Assert.Null(result.Refusal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" soap:actor=\"http://schemas.xmlsoap.org/soap/actor/next\"")]
    public void Read_MustUnderstandHeaderForThisNode_IsAMustUnderstandFault(string actor)
    {
        var xml = KszMessages.Send(new KszMessages.P()).Replace("<soap:Body>", $"<soap:Header><x:Route xmlns:x=\"urn:x\"{actor} soap:mustUnderstand=\"1\"/></soap:Header><soap:Body>", StringComparison.Ordinal);

        Assert.Equal("MustUnderstand", Read(xml).Fault?.Code);
    }

    [Fact]
    public void Read_EnvelopeOfAnotherNamespace_IsAVersionMismatch() =>
        Assert.Equal("VersionMismatch", Read("<soap:Envelope xmlns:soap=\"urn:not-soap\"><soap:Body/></soap:Envelope>").Fault?.Code);

    [Fact]
    public void Read_InvalidCharacterInTheMessage_GivesADiagnosticThatCanBeWritten()
    {
        // The parser's message quotes the very character it refused; the diagnostic must not carry it on.
        var bytes = Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P()).Replace("REF-1", "REF-\u0001", StringComparison.Ordinal));

        var result = Reader.Read(new MemoryStream(bytes));

        Assert.Equal(ReasonCode.BerichtOngeldig, result.Refusal?.Code);
        Assert.All(result.Refusal!.Information, i => Assert.DoesNotContain('\u0001', i.FieldValue));
    }
}
