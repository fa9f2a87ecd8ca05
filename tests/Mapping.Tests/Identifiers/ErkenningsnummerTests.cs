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

    [Theory]
    [InlineData("44021", true)]
    [InlineData("11001", true)]
    [InlineData("4402", false)]
    [InlineData("440211", false)]
    [InlineData("0A021", false)]
    [InlineData("01001", false)]
    public void NisCode_TryParse_RequiresFiveDigits(string text, bool valid) => Assert.Equal(valid, NisCode.TryParse(text, out _));

    [Theory]
    [InlineData("A-2026-000123", true)]
    [InlineData("a.b_c-9", true)]
    [InlineData("123456789012345678901234567890123456", true)]
    [InlineData("1234567890123456789012345678901234567", false)]
    [InlineData("A 1", false)]
    [InlineData("", false)]
    public void PrestatieId_TryParse_FollowsThePattern(string text, bool valid) => Assert.Equal(valid, PrestatieId.TryParse(text, out _));
}
