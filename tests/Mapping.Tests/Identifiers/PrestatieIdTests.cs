using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Tests.Identifiers;

public class PrestatieIdTests
{
    [Theory]
    [InlineData("A-2026-000123", true)]
    [InlineData("a.b_c-9", true)]
    [InlineData("123456789012345678901234567890123456", true)]
    [InlineData("1234567890123456789012345678901234567", false)]
    [InlineData("A 1", false)]
    [InlineData("", false)]
    public void TryParse_FollowsThePattern(string text, bool valid) => Assert.Equal(valid, PrestatieId.TryParse(text, out _));
}
