using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Mapping.Tests.Ksz;

/// <summary>
/// The envelope as KSZ's own SSDN schema allows it (optional Message, Reference, TimeRequest, MatrixSubID; any
/// Reference text; whitespace collapsed in UserID), and each deliberate difference refused with its own reason.
/// </summary>
public class KszEnvelopeTests
{
    private static readonly KszMessages.P Ok = new();

    private static KszReadResult Read(string xml) => KszMessageReaderTests.Read(xml);

    [Fact]
    public void Read_WithoutMessageAndMatrixSubId_IsAccepted_AsKszAllows()
    {
        var xml = KszMessages.Send(Ok)
            .Replace("<ssdn:Message><ssdn:Reference>REF-1</ssdn:Reference><ssdn:TimeRequest>20261122T101500</ssdn:TimeRequest></ssdn:Message>", "", StringComparison.Ordinal)
            .Replace("<ssdn:MatrixSubID>1</ssdn:MatrixSubID>", "", StringComparison.Ordinal);
        Assert.Empty(KszOwnSchemas.Errors(xml));

        var result = Read(xml);

        Assert.Null(result.Refusal);
        Assert.Equal((null, null, null), (result.Context!.Reference, result.Context.TimeRequest, result.Context.User.MatrixSubId));
    }

    [Theory]
    [InlineData("<ssdn:Message/>")]
    [InlineData("<ssdn:Message><ssdn:TimeRequest>20261122T101500</ssdn:TimeRequest></ssdn:Message>")]
    [InlineData("<ssdn:Message><ssdn:Reference>VrijwilligeOppasRequest # 12</ssdn:Reference></ssdn:Message>")]
    [InlineData("<ssdn:Message><ssdn:Reference></ssdn:Reference></ssdn:Message>")]
    public void Read_MessageWithOptionalPartsLeftOut_IsAccepted(string message)
    {
        var xml = KszMessages.Send(Ok).Replace("<ssdn:Message><ssdn:Reference>REF-1</ssdn:Reference><ssdn:TimeRequest>20261122T101500</ssdn:TimeRequest></ssdn:Message>", message, StringComparison.Ordinal);
        Assert.Empty(KszOwnSchemas.Errors(xml));

        Assert.Null(Read(xml).Refusal);
    }

    [Theory]
    [InlineData("VrijwilligeOppasRequest # 12")] // Lino's references
    [InlineData("dossier 85073003328 — Gent, été")] // free text, even an INSZ
    [InlineData("<&>\"'")]
    public void Read_ReferenceOfAnyText_IsKeptWhole(string reference)
    {
        var result = Read(KszMessages.Send([Ok], reference: System.Security.SecurityElement.Escape(reference)));

        Assert.Null(result.Refusal);
        Assert.Equal(reference, result.Context!.Reference);
    }

    [Fact]
    public void Read_ReferenceOf256Characters_IsAccepted_And257_IsRefusedWithItsOwnCode()
    {
        Assert.Null(Read(KszMessages.Send([Ok], reference: new string('r', 256))).Refusal);

        var refusal = Read(KszMessages.Send([Ok], reference: new string('r', 257))).Refusal;

        Assert.Equal(ReasonCode.ReferentieTeLang, refusal?.Code);
        Assert.Contains(refusal!.Information, i => i is { FieldName: "Element", FieldValue: "Reference" });
    }

    [Theory]
    [InlineData("nl", null)]
    [InlineData("fr", null)]
    [InlineData(" de ", null)]
    [InlineData("en", null)]
    [InlineData("es", ReasonCode.TaalOnbekend)]
    [InlineData("NL", ReasonCode.TaalOnbekend)]
    public void Read_Language_AsCurrentCpasSoftwareSendsIt(string language, ReasonCode? expected) =>
        Assert.Equal(expected, Read(KszMessages.Send(Ok).Replace("</ssdn:TimeRequest>", $"</ssdn:TimeRequest><ssdn:Language>{language}</ssdn:Language>", StringComparison.Ordinal)).Refusal?.Code);

    [Fact]
    public void Read_LanguageIsNewerThanKszsCopy_TheDocumentedDifference()
    {
        var xml = KszMessages.Send(Ok).Replace("</ssdn:TimeRequest>", "</ssdn:TimeRequest><ssdn:Language>fr</ssdn:Language>", StringComparison.Ordinal);

        Assert.NotEmpty(KszOwnSchemas.Errors(xml));
        Assert.Null(Read(xml).Refusal);
    }

    [Fact]
    public void Read_WhitespaceAroundUserIdAndEmail_IsCollapsedAsKszDoes()
    {
        var xml = KszMessages.Send([Ok], userId: "\n   85073003328  ").Replace("<ssdn:Email>an.peeters@ocmw-gent.be</ssdn:Email>", "<ssdn:Email> an.peeters@ocmw-gent.be\n</ssdn:Email>", StringComparison.Ordinal);
        Assert.Empty(KszOwnSchemas.Errors(xml));

        var result = Read(xml);

        Assert.Null(result.Refusal);
        Assert.Equal(("85073003328", "an.peeters@ocmw-gent.be"), (result.Context!.User.UserId, result.Context.User.Email));
    }

    [Fact]
    public void Read_EmailLongerThanKszAllows_IsRefusedAsAanvragerOngeldig() =>
        Assert.Equal(ReasonCode.AanvragerOngeldig, Read(KszMessages.Send(Ok).Replace("an.peeters@ocmw-gent.be", new string('a', 90) + "@ocmw-gent.be", StringComparison.Ordinal)).Refusal?.Code);

    [Fact]
    public void Read_MissingOrgUnit_IsTheMissingOndernemingsnummer()
    {
        var xml = KszMessages.Send(Ok).Replace("<ssdn:OrgUnit>0212344876</ssdn:OrgUnit>", "", StringComparison.Ordinal);
        Assert.Empty(KszOwnSchemas.Errors(xml)); // optional for KSZ: the deliberate difference

        Assert.Equal(ReasonCode.OndernemingsnummerOntbreekt, Read(xml).Refusal?.Code);
    }

    [Theory]
    [InlineData("<ssdn:OrgUnit>0212344876\n</ssdn:OrgUnit>")] // System.Xml's pattern check alone would let this through
    [InlineData("<ssdn:OrgUnit> 0212344876</ssdn:OrgUnit>")]
    [InlineData("<ssdn:OrgUnit>0212.344.876</ssdn:OrgUnit>")]
    public void Read_OrgUnitNotTenDigits_IsOndernemingsnummerOngeldig(string orgUnit) =>
        Assert.Equal(ReasonCode.OndernemingsnummerOngeldig, Read(KszMessages.Send(Ok).Replace("<ssdn:OrgUnit>0212344876</ssdn:OrgUnit>", orgUnit, StringComparison.Ordinal)).Refusal?.Code);

    [Fact]
    public void Read_OndernemingsnummerInNoNamespace_SaysWhichNamespace_NotThatItIsMissing()
    {
        var refusal = Read(KszMessages.Send(Ok).Replace("<vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer>", "<Ondernemingsnummer>0212344876</Ondernemingsnummer>", StringComparison.Ordinal)).Refusal;

        Assert.Equal(ReasonCode.BerichtOngeldig, refusal?.Code);
        Assert.Equal(
            [("Element", "Ondernemingsnummer"), ("Namespace", ""), ("VerwachteNamespace", Ns.Vo)],
            refusal!.Information.Where(i => i.FieldName is "Element" or "Namespace" or "VerwachteNamespace").Select(i => (i.FieldName, i.FieldValue)));
        Assert.Matches("^regel [0-9]+, kolom [0-9]+$", refusal.Information[0].FieldValue);
    }

    [Fact]
    public void Read_PayloadInTheServiceNamespace_SaysWhichNamespace()
    {
        var xml = KszMessages.Send(Ok).Replace("vo:SendPrestatiesRequest", "ssdn:SendPrestatiesRequest", StringComparison.Ordinal);

        var refusal = Read(xml).Refusal;

        Assert.Equal(ReasonCode.BerichtOngeldig, refusal?.Code);
        Assert.Contains(refusal!.Information, i => i is { FieldName: "VerwachteNamespace", FieldValue: Ns.Vo });
    }

    [Fact]
    public void Read_EmptyPayload_IsTheMissingOndernemingsnummer() =>
        Assert.Equal(ReasonCode.OndernemingsnummerOntbreekt, Read(KszMessages.Envelope(KszMessages.Request(KszServiceNames.Delete, "<vo:DeletePrestatiesRequest/>"))).Refusal?.Code);

    [Fact]
    public void Read_SecondServiceRequest_IsRefusedWithItsOwnCode()
    {
        var send = KszMessages.Send(Ok);
        var serviceRequest = send[send.IndexOf("<ssdn:ServiceRequest>", StringComparison.Ordinal)..(send.IndexOf("</ssdn:ServiceRequest>", StringComparison.Ordinal) + "</ssdn:ServiceRequest>".Length)];
        var xml = send.Replace("</ssdn:ServiceRequest>", "</ssdn:ServiceRequest>" + serviceRequest, StringComparison.Ordinal);
        Assert.Empty(KszOwnSchemas.Errors(xml)); // KSZ allows several

        var result = Read(xml);

        Assert.Equal(ReasonCode.ServiceRequestMeerdere, result.Refusal?.Code);
        Assert.Equal(KszService.Send, result.Operation);
    }

    [Theory]
    [InlineData("20050930")]
    [InlineData("2026112")]
    [InlineData("20261122\n")]
    public void Read_UnknownVersion_IsRefusedWithItsOwnCode(string version) =>
        Assert.Equal(ReasonCode.VersieOnbekend, Read(KszMessages.Send(Ok).Replace("<ssdn:Version>20261122</ssdn:Version>", $"<ssdn:Version>{version}</ssdn:Version>", StringComparison.Ordinal)).Refusal?.Code);

    [Theory]
    [InlineData("22:00:00.0000000+01:00")] // what .NET's XmlSerializer writes for an xs:time
    [InlineData("22:00:00Z")]
    [InlineData("22:00")]
    [InlineData("24:00:00")]
    [InlineData("22:00:00\n")]
    public void Read_TimeNotAPlainWallClockTime_IsTijdOngeldig(string begin) =>
        Assert.Equal(ReasonCode.TijdOngeldig, Read(KszMessages.Send(Ok with { Begin = begin })).Refusal?.Code);

    [Fact]
    public void Read_PrestatieIdFollowedByALineFeed_IsRefusedAsTheXsdSays_NotACrash()
    {
        var refusal = Read(KszMessages.Send(Ok with { Id = "P-1\n" })).Refusal;

        Assert.Equal(ReasonCode.BerichtOngeldig, refusal?.Code);
        Assert.Contains(refusal!.Information, i => i is { FieldName: "Element", FieldValue: "PrestatieId" });
    }

    [Fact]
    public void Read_SchemaDiagnostic_NeverQuotesTheValue()
    {
        var refusal = Read(KszMessages.Send(Ok with { Gebruiker = "4801014564" })).Refusal;

        Assert.Equal(ReasonCode.BerichtOngeldig, refusal?.Code);
        Assert.DoesNotContain(refusal!.Information, i => i.FieldValue.Contains("4801014564", StringComparison.Ordinal));
        Assert.Contains(refusal.Information, i => i is { FieldName: "Element", FieldValue: "GebruikerINSZ" });
    }

    [Fact]
    public void Read_ServiceIdWithAnotherPayload_KeepsItsOwnCode() =>
        Assert.Equal(ReasonCode.ServiceIdPayloadVerschil, Admission(KszMessages.Send([Ok], serviceId: KszServiceNames.Delete)));

    private static ReasonCode? Admission(string xml) => Exchange.AdmissionTests.Admit(xml).Refusal?.Code;
}
