using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Tests.Identifiers;

public class NisCodeTests
{
    [Theory]
    [InlineData("44021", true)]
    [InlineData("11001", true)]
    [InlineData("4402", false)]
    [InlineData("440211", false)]
    [InlineData("0A021", false)]
    [InlineData("01001", false)]
    public void TryParse_RequiresFiveDigitsNotStartingWithZero(string text, bool valid) => Assert.Equal(valid, NisCode.TryParse(text, out _));
}
