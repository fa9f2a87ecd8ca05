namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>An INSZ belongs in messages and the protected audit log only, never in an operator log line.</summary>
public class PrivacyTests
{
    [Fact]
    public async Task Logs_AfterEveryOperationAndRefusal_ContainNoInsz()
    {
        using var gateway = new GatewayFactory();
        string[] insz = [KszMessages.StaffInsz, KszMessages.GebruikerInsz, KszMessages.VrijwilligerInsz, "48010145645", "4801014564"];

        await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a"), new KszMessages.P("b", Gebruiker: "48010145645")));
        await gateway.PostAsync(KszMessages.Send(new KszMessages.P("c", Gebruiker: "4801014564"))); // schema error quoting the value
        await gateway.PostAsync(KszMessages.AsConnector(KszMessages.Consult(gebruiker: KszMessages.GebruikerInsz)));
        await gateway.PostAsync(KszMessages.Delete(["a", "zz"]));
        await gateway.PostAsync(KszMessages.Send([new KszMessages.P("d")], userId: "85073003327"));

        Assert.NotEmpty(gateway.Logs);
        Assert.Contains(gateway.Logs, l => l.Contains("BERICHT_ONGELDIG", StringComparison.Ordinal));
        foreach (var line in gateway.Logs)
        {
            foreach (var number in insz)
            {
                Assert.DoesNotContain(number, line, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Diagnostics_NameTheFieldOfAWrongInsz_ButNeverRepeatIt()
    {
        using var gateway = new GatewayFactory();
        string[] wrong = ["48010145645", "79021512334", "85073003327", "4801014564"];

        var answers = new[]
        {
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a", Gebruiker: "48010145645"), new KszMessages.P("b", Vrijwilliger: "79021512334"))),
            await gateway.PostAsync(KszMessages.Send([new KszMessages.P("c")], userId: "85073003327")),
            await gateway.PostAsync(KszMessages.Consult(gebruiker: "48010145645")),
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("d", Gebruiker: "4801014564"))),
        };

        var information = answers.SelectMany(a => a.Reply.Descendants(System.Xml.Linq.XName.Get("Information", VrijwilligeOppas.Mapping.Contracts.Ns.Common))).ToList();
        Assert.Contains(information, i => i.Value.StartsWith("GebruikerINSZ", StringComparison.Ordinal));
        Assert.Contains(information, i => i.Value.StartsWith("UserID", StringComparison.Ordinal));
        Assert.All(information, i => Assert.DoesNotContain(wrong, number => i.Value.Contains(number, StringComparison.Ordinal)));
    }
}
