using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Tests.Ksz;

namespace VrijwilligeOppas.Mapping.Tests.Exchange;

public class ReplyMappingTests
{
    private const string RequestId = "_0123456789abcdef0123456789abcdef";

    private static readonly CentralStatus Success = new(CentralStatus.Success, null, null);

    private static (KszMessage Message, AdmissionResult Admitted) Admitted(string xml) =>
        (KszMessageReaderTests.Read(xml).Message!, AdmissionTests.Admit(xml));

    private static CentralStatusResponse Answer(params PrestatieStatus[] items) =>
        new("_answer", RequestId, DateTimeOffset.UnixEpoch, Success, items, [], null);

    private static PrestatieStatus Item(string id, Resultaat resultaat, int? duur = null, params Fout[] fouten) =>
        new(PrestatieId.Parse(id), resultaat, duur, fouten);

    [Fact]
    public void Map_AnswerOutOfOrder_KeepsRequestOrderAndMergesGatewayRefusals()
    {
        var (message, admitted) = Admitted(KszMessages.Send(
            new KszMessages.P(Id: "a"), new KszMessages.P(Id: "b", Gebruiker: "48010145645"), new KszMessages.P(Id: "c")));

        var (reply, refusal) = ReplyMapping.Map(message, admitted, Answer(
            Item("c", Resultaat.Geweigerd, null, new Fout(Fout.PeriodeVoorlopigAfgesloten, "closed")),
            Item("a", Resultaat.Aanvaard, 600)));

        Assert.Null(refusal);
        var send = Assert.IsType<SendReplyPayload>(reply!.Payload);
        Assert.Equal(["a", "b", "c"], send.Resultaten.Select(r => r.PrestatieId));
        Assert.Equal(["AANVAARD", "GEWEIGERD", "GEWEIGERD"], send.Resultaten.Select(r => r.Status));
        Assert.Equal(Author.Gateway, send.Resultaten[1].Details[0].Author);
        Assert.Equal((ReasonCode.PeriodeVoorlopigAfgesloten, Author.Central), (send.Resultaten[2].Details[0].Code, send.Resultaten[2].Details[0].Author));
        Assert.Equal(ReturnCodes.Warning, reply.ReturnCode);
    }

    [Fact]
    public void Map_AllAccepted_IsReturnCodeZero()
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a")));

        var (reply, _) = ReplyMapping.Map(message, admitted, Answer(Item("a", Resultaat.Aanvaard, 600)));

        Assert.Equal(ReturnCodes.Ok, reply!.ReturnCode);
        Assert.Equal(600, ((SendReplyPayload)reply.Payload).Resultaten[0].DuurMinuten);
    }

    public static TheoryData<string, ReasonCode> FoutCodes => new()
    {
        { Fout.PrestatieInToekomst, ReasonCode.PrestatieInToekomst },
        { Fout.DuurOngeldig, ReasonCode.DuurOngeldig },
        { Fout.PeriodeVoorlopigAfgesloten, ReasonCode.PeriodeVoorlopigAfgesloten },
        { Fout.PeriodeDefinitiefAfgesloten, ReasonCode.PeriodeDefinitiefAfgesloten },
        { Fout.DienstNietErkend, ReasonCode.DienstNietErkend },
        { Fout.InszOngeldig, ReasonCode.InszOngeldig },
        { Fout.NisCodeOnbekend, ReasonCode.NisCodeOnbekend },
        { "VO-NIEUWE-REGEL", ReasonCode.CentraleFoutcodeOnbekend },
    };

    [Theory]
    [MemberData(nameof(FoutCodes))]
    public void Map_EveryCentralItemCode_HasItsReasonCode(string foutCode, ReasonCode expected)
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a")));

        var (reply, _) = ReplyMapping.Map(message, admitted, Answer(Item("a", Resultaat.Geweigerd, null, new Fout(foutCode, "msg"))));

        var detail = Assert.Single(((SendReplyPayload)reply!.Payload).Resultaten[0].Details);
        Assert.Equal(expected, detail.Code);
        Assert.Contains(detail.Information, i => i.FieldValue == "msg");
    }

    [Fact]
    public void Map_DeleteStatuses_MapOneToOne()
    {
        var (message, admitted) = Admitted(KszMessages.Delete(["a", "b", "c"]));

        var (reply, _) = ReplyMapping.Map(message, admitted, Answer(
            Item("b", Resultaat.NietGevonden, null, new Fout(Fout.PrestatieOnbekend, "none")),
            Item("c", Resultaat.Geweigerd, null, new Fout(Fout.PeriodeDefinitiefAfgesloten, "closed")),
            Item("a", Resultaat.Verwijderd)));

        var delete = Assert.IsType<DeleteReplyPayload>(reply!.Payload);
        Assert.Equal([DeleteStatus.Verwijderd, DeleteStatus.NietGevonden, DeleteStatus.Geweigerd], delete.Resultaten.Select(r => r.Status));
        Assert.Equal(ReasonCode.PrestatieOnbekend, delete.Resultaten[1].Details[0].Code);
    }

    public static TheoryData<string, string?, ReasonCode> Statuses => new()
    {
        { CentralStatus.Requester, CentralStatus.DienstOnbekend, ReasonCode.DienstOnbekend },
        { CentralStatus.Requester, CentralStatus.GeenInitiatiefnemer, ReasonCode.GeenInitiatiefnemer },
        { CentralStatus.Requester, CentralStatus.OngeldigBericht, ReasonCode.CentraalBerichtGeweigerd },
        { CentralStatus.Requester, null, ReasonCode.CentraalBerichtGeweigerd },
        { CentralStatus.Responder, null, ReasonCode.CentraleDienstFout },
        { "urn:be:fgov:ehealth:2.0:status:Unheard", null, ReasonCode.CentraleDienstAntwoordOngeldig },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Map_WholeMessageStatus_RefusesWithItsReasonCode(string code, string? subCode, ReasonCode expected)
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a")));

        var (reply, refusal) = ReplyMapping.Map(message, admitted, new CentralStatusResponse("_x", RequestId, DateTimeOffset.UnixEpoch, new CentralStatus(code, subCode, "why"), [], [], null));

        Assert.Null(reply);
        Assert.Equal((expected, Author.Central), (refusal!.Code, refusal.Author));
    }

    [Theory]
    [InlineData("SOA-01001", ReasonCode.CentraleDienstAuthenticatie)]
    [InlineData("SOA-02001", ReasonCode.CentraleDienstOnbeschikbaar)]
    [InlineData("SOA-03001", ReasonCode.CentraleDienstBerichtMisvormd)]
    [InlineData("SOA-09999", ReasonCode.CentraleDienstFout)]
    [InlineData(null, ReasonCode.CentraleDienstFout)]
    public void Map_SoapFault_RefusesWithItsReasonCode(string? soaCode, ReasonCode expected)
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a")));

        var (_, refusal) = ReplyMapping.Map(message, admitted, new CentralFault("Server", soaCode, "fault"));

        Assert.Equal(expected, refusal!.Code);
    }

    [Fact]
    public void Map_AnswerToAnotherRequest_IsAnIntegrityFailure()
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a")));

        var (reply, refusal) = ReplyMapping.Map(message, admitted, Answer(Item("a", Resultaat.Aanvaard, 600)) with { InResponseTo = "_other" });

        Assert.Null(reply);
        Assert.Equal(ReasonCode.CentraleDienstAntwoordIntegriteit, refusal!.Code);
    }

    [Theory]
    [InlineData("a")] // b missing
    [InlineData("a,b,x")] // x never asked
    [InlineData("a,a,b")] // a twice
    public void Map_ItemsThatDoNotMatchTheRequest_AreAnIntegrityFailure(string answered)
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a"), new KszMessages.P(Id: "b")));

        var (_, refusal) = ReplyMapping.Map(message, admitted, Answer([.. answered.Split(',').Select(id => Item(id, Resultaat.Aanvaard, 60))]));

        Assert.Equal(ReasonCode.CentraleDienstAntwoordIntegriteit, refusal!.Code);
    }

    [Fact]
    public void Map_AcceptedWithoutDuration_IsAnIntegrityFailure()
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a")));

        Assert.Equal(ReasonCode.CentraleDienstAntwoordIntegriteit, ReplyMapping.Map(message, admitted, Answer(Item("a", Resultaat.Aanvaard))).Refusal!.Code);
    }

    [Fact]
    public void Map_DeleteVerdictInASendAnswer_IsAnIntegrityFailure()
    {
        var (message, admitted) = Admitted(KszMessages.Send(new KszMessages.P(Id: "a")));

        Assert.Equal(ReasonCode.CentraleDienstAntwoordIntegriteit, ReplyMapping.Map(message, admitted, Answer(Item("a", Resultaat.Verwijderd))).Refusal!.Code);
    }
}
