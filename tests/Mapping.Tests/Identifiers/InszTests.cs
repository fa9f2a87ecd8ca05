using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Tests.Identifiers;

public class InszTests
{
    [Theory]
    [InlineData("85073003328")] // born 1985
    [InlineData("05031298769")] // born 2005: check computed on 2 followed by the nine digits
    [InlineData("10123100171")] // born 2010
    [InlineData("85473003317")] // bis-number, month + 40
    [InlineData("85273003371")] // bis-number, month + 20
    [InlineData("85070012362")] // unknown birth day
    public void TryParse_ValidNumber_Succeeds(string text)
    {
        Assert.True(Insz.TryParse(text, out var insz));
        Assert.Equal(text, insz.Value);
    }

    [Theory]
    [InlineData("85073003327")] // check digits off by one
    [InlineData("05031298768")]
    [InlineData("8507300332")] // ten digits
    [InlineData("850730033281")] // twelve digits
    [InlineData("85A73003328")]
    [InlineData("85133003328")] // month 13 fails even before the check
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_InvalidNumber_Fails(string? text) => Assert.False(Insz.TryParse(text, out _));

    [Fact]
    public void ToString_NeverRevealsTheNumber()
    {
        var insz = Insz.Parse("85073003328");

        Assert.DoesNotContain("85073003328", insz.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("85073003328", $"{insz}", StringComparison.Ordinal);
    }
}
