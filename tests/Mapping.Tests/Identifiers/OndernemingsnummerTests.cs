using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Tests.Identifiers;

public class OndernemingsnummerTests
{
    [Theory]
    [InlineData("0212344876")]
    [InlineData("0212.344.876")]
    [InlineData("BE0212344876")]
    [InlineData("be0212.344.876")]
    [InlineData("BE 0212 344 876")]
    public void TryParse_WrittenForms_NormaliseToTenDigits(string text)
    {
        Assert.True(Ondernemingsnummer.TryParse(text, out var nummer));
        Assert.Equal("0212344876", nummer.Value);
    }

    [Theory]
    [InlineData("0212344877")] // wrong check digits
    [InlineData("2212344876")] // must start with 0 or 1
    [InlineData("212344876")] // nine digits
    [InlineData("02123448760")]
    [InlineData("NL0212344876")]
    [InlineData("0212-344-876")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Invalid_Fails(string? text) => Assert.False(Ondernemingsnummer.TryParse(text, out _));

    [Fact]
    public void TryParse_NumberStartingWithOne_IsAccepted()
    {
        // Check digits of 10000000: 97 - (10000000 mod 97) = 97 - 76 = 21.
        Assert.True(Ondernemingsnummer.TryParse("1000000021", out _));
    }
}
