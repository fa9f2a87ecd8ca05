using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Tests.Identifiers;

public class ErkenningsnummerTests
{
    [Theory]
    [InlineData(100, true)]
    [InlineData(699, true)]
    [InlineData(99, false)]
    [InlineData(700, false)]
    [InlineData(0, false)]
    [InlineData(-123, false)]
    public void TryCreate_AcceptsOnly100To699(int value, bool valid) => Assert.Equal(valid, Erkenningsnummer.TryCreate(value, out _));
}
