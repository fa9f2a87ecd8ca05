using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Mapping.Tests.Ksz;

namespace VrijwilligeOppas.Mapping.Tests.Exchange;

public class AdmissionTests
{
    internal static readonly DienstRegistry Registry = DienstRegistry.Parse(File.OpenText(RepoPaths.Combine("reference", "diensten-sandbox.csv")));

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 15, 0, TimeSpan.FromHours(1));

    internal static AdmissionResult Admit(string xml, Ondernemingsnummer? caller = null, string? soapAction = null)
    {
        var read = KszMessageReaderTests.Read(xml);
        Assert.Null(read.Refusal);
        return Admission.Admit(read.Message!, caller, read.Form, soapAction, Registry, "0123456789abcdef0123456789abcdef", Now);
    }

    [Fact]
    public void Admit_ValidSend_MapsEveryField()
    {
        var result = Admit(KszMessages.Send(new KszMessages.P()));

        var send = Assert.IsType<SendPrestatiesRequest>(result.Request);
        Assert.Equal("_0123456789abcdef0123456789abcdef", send.Id);
        Assert.Equal(Now, send.IssueInstant);
        Assert.Equal(("0212344876", "85073003328", "REF-1"), (send.Afzender.Organisatie.Value, send.Afzender.Gebruiker.Value, send.Afzender.Referentie));
        Assert.Equal(123, send.Dienst.Value);
        var prestatie = Assert.Single(send.Prestaties);
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.FromHours(2)), prestatie.Periode.Begin);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 7, 0, 0, TimeSpan.FromHours(1)), prestatie.Periode.Einde);
        Assert.Equal(("48010145644", "79021512333", "44021"), (prestatie.Gebruiker.Value, prestatie.Vrijwilliger.Value, prestatie.Gemeente.Value));
    }

    [Theory]
    [InlineData("0212.344.876")]
    [InlineData("BE0212344876")]
    public void Admit_WrittenFormsOfTheOndernemingsnummer_AreNormalised(string written)
    {
        var result = Admit(KszMessages.Send([new KszMessages.P()], ondernemingsnummer: written));

        Assert.Null(result.Refusal);
        Assert.Equal("0212344876", result.Request!.Afzender.Organisatie.Value);
    }

    [Theory]
    [InlineData("0212344877", ReasonCode.OndernemingsnummerOngeldig)] // wrong check digits
    [InlineData("0207123407", ReasonCode.OndernemingsnummerNietVanAanvrager)] // valid, but Brugge's, not the caller's
    public void Admit_OndernemingsnummerProblems_RefuseTheWholeMessage(string ondernemingsnummer, ReasonCode expected) =>
        Assert.Equal(expected, Admit(KszMessages.Send([new KszMessages.P()], ondernemingsnummer: ondernemingsnummer)).Refusal?.Code);

    [Fact]
    public void Admit_AuthenticatedCallerDiffers_IsRefused() =>
        Assert.Equal(ReasonCode.OndernemingsnummerNietVanAanvrager, Admit(KszMessages.Send(new KszMessages.P()), caller: Ondernemingsnummer.Parse("0207123407")).Refusal?.Code);

    [Fact]
    public void Admit_StaffInszWithWrongCheckDigits_IsRefusedAsAanvragerOngeldig() =>
        Assert.Equal(ReasonCode.AanvragerOngeldig, Admit(KszMessages.Send([new KszMessages.P()], userId: "85073003327")).Refusal?.Code);

    [Fact]
    public void Admit_OrgUnitWithWrongCheckDigits_IsRefusedAsOndernemingsnummerOngeldig()
    {
        var refusal = Admit(KszMessages.Send([new KszMessages.P()], orgUnit: "0212344877")).Refusal;

        Assert.Equal(ReasonCode.OndernemingsnummerOngeldig, refusal?.Code);
        Assert.Equal(("OrgUnit", "0212344877"), (refusal!.Information[0].FieldName, refusal.Information[0].FieldValue));
    }

    [Theory]
    [InlineData("18")]
    [InlineData("99999999999999999999")] // xs:integer is unbounded
    public void Admit_AnyMatrixId_IsAccepted(string matrixId) =>
        Assert.Null(Admit(KszMessages.Send([new KszMessages.P()], matrixId: matrixId)).Refusal);

    [Fact]
    public void Admit_UnknownDienst_IsRefused() =>
        Assert.Equal(ReasonCode.DienstOnbekend, Admit(KszMessages.Send([new KszMessages.P()], erkenningsnummer: "200")).Refusal?.Code);

    [Fact]
    public void Admit_DienstOfAnotherOcmw_IsRefused() =>
        Assert.Equal(ReasonCode.DienstNietVanOnderneming, Admit(KszMessages.Send([new KszMessages.P()], erkenningsnummer: "456")).Refusal?.Code);

    [Fact]
    public void Admit_ServiceIdOfAnotherOperation_IsRefused() =>
        Assert.Equal(ReasonCode.ServiceIdPayloadVerschil, Admit(KszMessages.Send([new KszMessages.P()], serviceId: "OCMWCPASVrijwilligeOppasConsult")).Refusal?.Code);

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("\"\"", true)]
    [InlineData("\"OCMWCPASVrijwilligeOppasSend\"", true)]
    [InlineData("OCMWCPASVrijwilligeOppasDelete", false)]
    [InlineData("\"http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXML\"", false)] // the connector's action, on a document/literal body
    public void Admit_SoapActionMustAgreeWithServiceId(string? soapAction, bool admitted) =>
        Assert.Equal(admitted ? null : ReasonCode.SoapActionVerschil, Admit(KszMessages.Send(new KszMessages.P()), soapAction: soapAction).Refusal?.Code);

    [Theory]
    [InlineData("\"http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXML\"", true)] // what connector clients send
    [InlineData("http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXML", true)]
    [InlineData(null, true)]
    [InlineData("\"OCMWCPASVrijwilligeOppasSend\"", true)]
    [InlineData("\"OCMWCPASVrijwilligeOppasDelete\"", false)] // names another operation than the ServiceId inside
    [InlineData("\"http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXMLX\"", false)]
    public void Admit_ConnectorBody_TakesTheConnectorsSoapAction(string? soapAction, bool admitted) =>
        Assert.Equal(admitted ? null : ReasonCode.SoapActionVerschil, Admit(KszMessages.AsConnector(KszMessages.Send(new KszMessages.P())), soapAction: soapAction).Refusal?.Code);

    [Fact]
    public void Admit_DuplicatePrestatieId_RefusesTheWholeMessage()
    {
        var result = Admit(KszMessages.Send(new KszMessages.P(Id: "A"), new KszMessages.P(Id: "B"), new KszMessages.P(Id: "A")));

        Assert.Equal(ReasonCode.PrestatieIdDubbel, result.Refusal?.Code);
        Assert.Equal("A", result.Refusal!.Information[0].FieldValue);
    }

    [Fact]
    public void Admit_BadItems_AreRefusedOneByOneAndTheRestForwarded()
    {
        var result = Admit(KszMessages.Send(
            new KszMessages.P(Id: "ok-1"),
            new KszMessages.P(Id: "bad-gebruiker", Gebruiker: "48010145645"),
            new KszMessages.P(Id: "bad-vrijwilliger", Vrijwilliger: "79021512334"),
            new KszMessages.P(Id: "skipped-hour", Datum: "2026-03-29", Begin: "02:30:00", Eind: "06:00:00"),
            new KszMessages.P(Id: "ok-2")));

        Assert.Null(result.Refusal);
        Assert.Equal(["ok-1", "ok-2"], ((SendPrestatiesRequest)result.Request!).Prestaties.Select(p => p.Id.Value));
        Assert.Equal(
            [null, ReasonCode.InszOngeldig, ReasonCode.InszOngeldig, ReasonCode.TijdstipBestaatNiet, null],
            result.ItemRefusals.Select(r => r?.Code));
        Assert.Equal("VrijwilligerINSZ", result.ItemRefusals[2]!.Information[0].FieldName);
        Assert.True(result.NeedsCentral);
    }

    [Theory]
    [InlineData("9999-12-31", "22:00:00", "07:00:00")] // the night would end in a year no calendar has
    [InlineData("0001-01-01", "00:30:00", "01:00:00")] // before Brussels time was defined
    [InlineData("1899-12-31", "14:00:00", "15:00:00")]
    [InlineData("3000-01-01", "14:00:00", "15:00:00")]
    public void Admit_DatumOutsideTheYears1900To2999_IsRefusedWithABusinessCode_NotACrash(string datum, string begin, string eind)
    {
        var result = Admit(KszMessages.Send(new KszMessages.P("far", Datum: datum, Begin: begin, Eind: eind), new KszMessages.P("ok")));

        Assert.Equal([ReasonCode.DatumBuitenBereik, null], result.ItemRefusals.Select(r => r?.Code));
        Assert.Equal(("Datum", datum), (result.ItemRefusals[0]!.Information[0].FieldName, result.ItemRefusals[0]!.Information[0].FieldValue));
    }

    [Theory]
    [InlineData("1899-12-31", "1900-01-02")]
    [InlineData("2999-12-31", "3000-01-01")]
    [InlineData("0001-01-01", "0001-01-02")]
    public void Admit_ConsultPeriodOutsideTheYears1900To2999_IsPeriodeOngeldig(string start, string end) =>
        Assert.Equal(ReasonCode.PeriodeOngeldig, Admit(KszMessages.Consult(start, end)).Refusal?.Code);

    [Fact]
    public void Admit_EveryItemRefused_NeedsNoCentralService() =>
        Assert.False(Admit(KszMessages.Send(new KszMessages.P(Gebruiker: "48010145645"))).NeedsCentral);

    [Theory]
    [InlineData("2026-10-01", "2027-01-02", true)] // 93 days
    [InlineData("2026-10-01", "2027-01-03", false)] // 94 days
    [InlineData("2026-10-02", "2026-10-01", false)] // reversed
    public void Admit_ConsultPeriod_IsAtMost93Days(string start, string end, bool admitted) =>
        Assert.Equal(admitted ? null : ReasonCode.PeriodeOngeldig, Admit(KszMessages.Consult(start, end)).Refusal?.Code);

    [Fact]
    public void Admit_ConsultFilterWithBadCheckDigits_IsRefused() =>
        Assert.Equal(ReasonCode.InszOngeldig, Admit(KszMessages.Consult(vrijwilliger: "79021512334")).Refusal?.Code);

    [Fact]
    public void Admit_ConsultWithoutOptionalFields_InventsNothing()
    {
        var consult = Assert.IsType<ConsultPrestatiesRequest>(Admit(KszMessages.Consult()).Request);

        Assert.Equal((null, null, null, null), (consult.Gebruiker, consult.Vrijwilliger, consult.MaxResultaten, consult.Sleutel));
    }

    [Fact]
    public void Admit_DeleteWithDuplicates_IsRefused() =>
        Assert.Equal(ReasonCode.PrestatieIdDubbel, Admit(KszMessages.Delete(["A", "A"])).Refusal?.Code);
}
