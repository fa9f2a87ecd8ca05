using System.Net.Http.Json;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>Every operation through the real gateway, YARP and the emulator, in both body forms.</summary>
public class EndToEndTests
{
    private static readonly KszMessages.P Night = new("N-1");
    private static readonly KszMessages.P Afternoon = new("N-2", Datum: "2026-11-03", Begin: "14:00:00", Eind: "17:30:00", Vrijwilliger: "05031298769");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_ValidPrestaties_AreAcceptedWithElapsedMinutes(bool connector)
    {
        using var gateway = new GatewayFactory();
        var xml = KszMessages.Send(Night, Afternoon);

        var answer = await gateway.PostAsync(connector ? KszMessages.AsConnector(xml) : xml);

        Assert.Equal(200, answer.StatusCode);
        Assert.Empty(SchemaValidation.KszErrors(answer.Body));
        Assert.Equal(connector, answer.IsConnectorForm);
        Assert.Equal((0, 0), (answer.ReturnCode, answer.ServiceReturnCode));
        Assert.Equal(["AANVAARD", "AANVAARD"], answer.Resultaten.Select(KszAnswer.Status));
        Assert.Equal([600, 210], answer.Resultaten.Select(KszAnswer.Duur));
        Assert.Matches("^[0-9a-f]{32}$", answer.Ticket);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_ThenConsult_ShowsOnlyWhatRemains(bool connector)
    {
        using var gateway = new GatewayFactory();
        await gateway.PostAsync(KszMessages.Send(Night, Afternoon));

        var deleteXml = KszMessages.Delete(["N-2", "UNKNOWN"]);
        var deleted = await gateway.PostAsync(connector ? KszMessages.AsConnector(deleteXml) : deleteXml);
        var consultXml = KszMessages.Consult();
        var consulted = await gateway.PostAsync(connector ? KszMessages.AsConnector(consultXml) : consultXml);

        Assert.Empty(SchemaValidation.KszErrors(deleted.Body));
        Assert.Equal((0, 1), (deleted.ReturnCode, deleted.ServiceReturnCode));
        Assert.Equal(["VERWIJDERD", "NIET_GEVONDEN"], deleted.Resultaten.Select(KszAnswer.Status));
        Assert.Equal(["PRESTATIE_ONBEKEND"], KszAnswer.ItemReasons(deleted.Resultaten[1]));

        Assert.Empty(SchemaValidation.KszErrors(consulted.Body));
        var prestatie = Assert.Single(consulted.Prestaties);
        Assert.Equal(("N-1", "2026-10-24", "22:00:00", "07:00:00"),
            (KszAnswer.Field(prestatie, "PrestatieId"), KszAnswer.Field(prestatie, "Datum"), KszAnswer.Field(prestatie, "Begintijd"), KszAnswer.Field(prestatie, "Eindtijd")));
        Assert.Equal((KszMessages.GebruikerInsz, KszMessages.VrijwilligerInsz, 600), (KszAnswer.Field(prestatie, "GebruikerINSZ"), KszAnswer.Field(prestatie, "VrijwilligerINSZ"), KszAnswer.Duur(prestatie)));
    }

    [Fact]
    public async Task Send_SamePrestatieIdAgain_ReplacesIt()
    {
        using var gateway = new GatewayFactory();
        await gateway.PostAsync(KszMessages.Send(Night));

        var corrected = await gateway.PostAsync(KszMessages.Send(Night with { Begin = "23:00:00" }));
        var consulted = await gateway.PostAsync(KszMessages.Consult());

        Assert.Equal(540, KszAnswer.Duur(corrected.Resultaten[0]));
        var prestatie = Assert.Single(consulted.Prestaties);
        Assert.Equal("23:00:00", KszAnswer.Field(prestatie, "Begintijd"));
    }

    [Fact]
    public async Task Consult_InPages_ReturnsEveryPrestatieOnceInOrder()
    {
        using var gateway = new GatewayFactory();
        await gateway.PostAsync(KszMessages.Send([.. Enumerable.Range(1, 5).Select(i => new KszMessages.P($"P-{i}", Datum: $"2026-11-0{i}", Begin: "10:00:00", Eind: "12:00:00"))]));

        var seen = new List<string>();
        string? sleutel = null;
        var pages = 0;
        do
        {
            var page = await gateway.PostAsync(KszMessages.Consult(max: 2, sleutel: sleutel));
            Assert.Empty(SchemaValidation.KszErrors(page.Body));
            seen.AddRange(page.Prestaties.Select(p => KszAnswer.Field(p, "PrestatieId")));
            sleutel = page.VolgendeSleutel;
            pages++;
        }
        while (sleutel is not null && pages < 10);

        Assert.Equal(["P-1", "P-2", "P-3", "P-4", "P-5"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Consult_FilterOnVrijwilliger_ReturnsOnlyTheirPrestaties()
    {
        using var gateway = new GatewayFactory();
        await gateway.PostAsync(KszMessages.Send(Night, Afternoon));

        var consulted = await gateway.PostAsync(KszMessages.Consult(vrijwilliger: "05031298769"));

        Assert.Equal(["N-2"], consulted.Prestaties.Select(p => KszAnswer.Field(p, "PrestatieId")));
    }

    [Fact]
    public async Task Consult_OtherDienstOfTheSameOcmw_DoesNotSeeThesePrestaties()
    {
        using var gateway = new GatewayFactory();
        await gateway.PostAsync(KszMessages.Send(Night));

        var consulted = await gateway.PostAsync(KszMessages.Consult(erkenningsnummer: "124"));

        Assert.Equal(0, consulted.ReturnCode);
        Assert.Empty(consulted.Prestaties);
    }

    [Theory]
    [InlineData("2026-10-24", "2026-11-22T10:15:00+01:00", 600)] // autumn: the night is one hour longer
    [InlineData("2026-03-28", "2026-04-10T10:00:00+02:00", 480)] // spring: one hour shorter
    public async Task Send_NightAcrossDstChange_CountsRealMinutes(string datum, string now, int minutes)
    {
        using var gateway = new GatewayFactory(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("DST", Datum: datum)));

        Assert.Equal(minutes, KszAnswer.Duur(answer.Resultaten[0]));
    }

    [Fact]
    public async Task Send_EndingOneMinuteInTheFuture_IsRefusedAsPlanningData()
    {
        // Now is 2026-11-22 10:15 Brussels time.
        using var gateway = new GatewayFactory();

        var answer = await gateway.PostAsync(KszMessages.Send(
            new KszMessages.P("future", Datum: "2026-11-22", Begin: "08:00:00", Eind: "10:16:00"),
            new KszMessages.P("now", Datum: "2026-11-22", Begin: "08:00:00", Eind: "10:15:00")));

        Assert.Equal((0, 1), (answer.ReturnCode, answer.ServiceReturnCode));
        Assert.Equal(["PRESTATIE_IN_TOEKOMST"], KszAnswer.ItemReasons(answer.Resultaten[0]));
        Assert.Equal(["CENTRAL"], KszAnswer.ItemAuthors(answer.Resultaten[0]));
        Assert.Equal("AANVAARD", KszAnswer.Status(answer.Resultaten[1]));
    }

    [Fact]
    public async Task Send_ClosedMonth_IsRefusedUntilReopenedAndThenForeverAfterDefinitiveClosing()
    {
        using var gateway = new GatewayFactory();
        var august = new KszMessages.P("AUG", Datum: "2026-08-10", Begin: "10:00:00", Eind: "12:00:00"); // open until 30 November
        var july = new KszMessages.P("JUL", Datum: "2026-07-10", Begin: "10:00:00", Eind: "12:00:00"); // closed since 1 November
        using var operatorApi = new HttpClient { BaseAddress = gateway.EmulatorAddress };

        var beforeReopening = await gateway.PostAsync(KszMessages.Send(july, august));
        (await operatorApi.PostAsJsonAsync("/operator/reopenings", new { erkenningsnummer = 123, maand = "2026-07", tot = "2026-12-31" })).EnsureSuccessStatusCode();
        var afterReopening = await gateway.PostAsync(KszMessages.Send(july));
        (await operatorApi.PutAsJsonAsync("/operator/definitive-closings/2026", new { vanaf = "2026-11-01" })).EnsureSuccessStatusCode();
        var afterDefinitive = await gateway.PostAsync(KszMessages.Send(july, august));
        var deleteAfterDefinitive = await gateway.PostAsync(KszMessages.Delete(["JUL"]));
        var reopenAgain = await operatorApi.PostAsJsonAsync("/operator/reopenings", new { erkenningsnummer = 123, maand = "2026-08", tot = "2026-12-31" });

        Assert.Equal(["PERIODE_VOORLOPIG_AFGESLOTEN"], KszAnswer.ItemReasons(beforeReopening.Resultaten[0]));
        Assert.Equal("AANVAARD", KszAnswer.Status(beforeReopening.Resultaten[1]));
        Assert.Equal("AANVAARD", KszAnswer.Status(afterReopening.Resultaten[0]));
        Assert.All(afterDefinitive.Resultaten, r => Assert.Equal(["PERIODE_DEFINITIEF_AFGESLOTEN"], KszAnswer.ItemReasons(r)));
        Assert.Equal(("GEWEIGERD", "PERIODE_DEFINITIEF_AFGESLOTEN"), (KszAnswer.Status(deleteAfterDefinitive.Resultaten[0]), KszAnswer.ItemReasons(deleteAfterDefinitive.Resultaten[0]).Single()));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, reopenAgain.StatusCode);
    }

    [Fact]
    public async Task Send_DienstNoLongerErkend_IsRefusedPerItem()
    {
        using var gateway = new GatewayFactory(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.FromHours(1)));
        const string aalst = "0256000024";

        var answer = await gateway.PostAsync(KszMessages.Send(
            [new KszMessages.P("2025", Datum: "2025-12-31", Begin: "10:00:00", Eind: "12:00:00"), new KszMessages.P("2026", Datum: "2026-01-02", Begin: "10:00:00", Eind: "12:00:00")],
            ondernemingsnummer: aalst, erkenningsnummer: "457", orgUnit: aalst));

        Assert.Equal("AANVAARD", KszAnswer.Status(answer.Resultaten[0]));
        Assert.Equal(["DIENST_NIET_ERKEND"], KszAnswer.ItemReasons(answer.Resultaten[1]));
    }

    [Fact]
    public async Task Send_NisCodeUnknownToTheCentralTable_IsRefusedByTheCentralService()
    {
        using var gateway = new GatewayFactory();

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P(Nis: "99999")));

        Assert.Equal(["NISCODE_ONBEKEND"], KszAnswer.ItemReasons(answer.Resultaten[0]));
        Assert.Equal(["CENTRAL"], KszAnswer.ItemAuthors(answer.Resultaten[0]));
    }

    [Fact]
    public async Task Send_TwentyFiveHourNight_IsRefusedAsInvalidDuration()
    {
        using var gateway = new GatewayFactory();

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P(Begin: "22:00:00", Eind: "22:00:00"))); // 24 wall-clock hours across the autumn change = 25 real hours

        Assert.Equal(["DUUR_ONGELDIG"], KszAnswer.ItemReasons(answer.Resultaten[0]));
    }

    [Fact]
    public async Task Send_MixedGatewayAndCentralRefusals_AnswersEveryItemInRequestOrder()
    {
        using var gateway = new GatewayFactory();

        var answer = await gateway.PostAsync(KszMessages.Send(
            new KszMessages.P("a"),
            new KszMessages.P("b", Gebruiker: "48010145645"),
            new KszMessages.P("c", Nis: "99999"),
            new KszMessages.P("d", Datum: "2026-03-29", Begin: "02:30:00", Eind: "04:00:00"),
            new KszMessages.P("e", Datum: "2026-11-01", Begin: "09:00:00", Eind: "10:00:00")));

        Assert.Equal(["a", "b", "c", "d", "e"], answer.Resultaten.Select(r => KszAnswer.Field(r, "PrestatieId")));
        Assert.Equal(["AANVAARD", "GEWEIGERD", "GEWEIGERD", "GEWEIGERD", "AANVAARD"], answer.Resultaten.Select(KszAnswer.Status));
        Assert.Equal(["INSZ_ONGELDIG"], KszAnswer.ItemReasons(answer.Resultaten[1]));
        Assert.Equal(["GATEWAY"], KszAnswer.ItemAuthors(answer.Resultaten[1]));
        Assert.Equal(["TIJDSTIP_BESTAAT_NIET"], KszAnswer.ItemReasons(answer.Resultaten[3]));
    }

    [Fact]
    public async Task Send_EveryItemRefusedByTheGateway_AnswersWithoutTheCentralService()
    {
        using var gateway = new GatewayFactory();

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P(Vrijwilliger: "79021512334")));
        var consulted = await gateway.PostAsync(KszMessages.Consult());

        Assert.Equal(1, answer.ServiceReturnCode);
        Assert.Equal(["INSZ_ONGELDIG"], KszAnswer.ItemReasons(answer.Resultaten[0]));
        Assert.Empty(consulted.Prestaties);
    }
}
