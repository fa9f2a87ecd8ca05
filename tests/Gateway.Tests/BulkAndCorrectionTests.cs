using Microsoft.Extensions.Time.Testing;

namespace VrijwilligeOppas.Gateway.Tests;

public class BulkAndCorrectionTests
{
    private static KszMessages.P Item(int i) => new($"BULK-{i:D5}", Datum: $"2026-10-{1 + (i % 30):D2}", Begin: "10:00:00", Eind: "12:30:00");

    [Fact]
    public async Task Send_TenThousandPrestaties_AreAllAnsweredInOrder()
    {
        using var gateway = new GatewayFactory();

        var answer = await gateway.PostAsync(KszMessages.Send([.. Enumerable.Range(0, 10_000).Select(Item)]));

        Assert.Equal(0, answer.ReturnCode);
        Assert.Equal(10_000, answer.Resultaten.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => $"BULK-{i:D5}"), answer.Resultaten.Select(r => KszAnswer.Field(r, "PrestatieId")));
        Assert.All(answer.Resultaten, r => Assert.Equal(150, KszAnswer.Duur(r)));
    }

    [Fact]
    public async Task Send_MoreThanTenThousandPrestaties_IsRefusedAsAWhole()
    {
        using var gateway = new GatewayFactory();

        var answer = await gateway.PostAsync(KszMessages.Send([.. Enumerable.Range(0, 10_001).Select(Item)]));
        var consulted = await gateway.PostAsync(KszMessages.Consult());

        Assert.Equal(["BERICHT_ONGELDIG"], answer.ReasonCodes);
        Assert.Empty(consulted.Prestaties);
    }

    [Fact]
    public async Task Correction_OfAPrestatieWhoseMonthHasClosed_IsRefusedEvenWhenMovedToAnOpenMonth()
    {
        using var gateway = new GatewayFactory();
        var august = new KszMessages.P("MOVE", Datum: "2026-08-20", Begin: "10:00:00", Eind: "12:00:00");
        var accepted = await gateway.PostAsync(KszMessages.Send(august));

        ((FakeTimeProvider)gateway.Clock).Advance(TimeSpan.FromDays(12)); // 4 December: August closed on 30 November
        var moved = await gateway.PostAsync(KszMessages.Send(august with { Datum = "2026-12-01" }));
        var deleted = await gateway.PostAsync(KszMessages.Delete(["MOVE"]));

        Assert.Equal("AANVAARD", KszAnswer.Status(accepted.Resultaten[0]));
        Assert.Equal(["PERIODE_VOORLOPIG_AFGESLOTEN"], KszAnswer.ItemReasons(moved.Resultaten[0]));
        Assert.Equal(["PERIODE_VOORLOPIG_AFGESLOTEN"], KszAnswer.ItemReasons(deleted.Resultaten[0]));
    }

    [Fact]
    public void Startup_WithoutACentralDestination_IsRefusedNamingTheKey()
    {
        using var gateway = new GatewayFactory(settings: new() { ["ReverseProxy:Clusters:central:Destinations:primary:Address"] = "" });

        var ex = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("ReverseProxy:Clusters:central:Destinations", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataProtectionKeys_AreKeptInTheDataFolder()
    {
        using var gateway = new GatewayFactory();

        await gateway.PostAsync(KszMessages.Consult());

        Assert.True(Directory.Exists(Path.Combine(gateway.DataDirectory, "dataprotection-keys")));
    }

    [Theory]
    [InlineData("Gateway:MaxRequestBytes", "5", "MaxRequestBytes")]
    [InlineData("Gateway:Mode", "Production", "Gateway:CallerAuthentication")]
    public void Startup_InvalidOption_IsRefusedNamingTheKey(string key, string value, string named)
    {
        using var gateway = new GatewayFactory(settings: new() { [key] = value });

        var ex = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(named, ex.ToString(), StringComparison.Ordinal);
    }
}
