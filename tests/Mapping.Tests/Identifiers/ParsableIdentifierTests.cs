using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Tests.Identifiers;

/// <summary>
/// Every identifier is an <see cref="IParsable{TSelf}"/>, so generic code (options binding, route values, the
/// audit commands' arguments) can parse it; through the interface it accepts and refuses exactly what its own
/// parser does, hostile text included.
/// </summary>
public class ParsableIdentifierTests
{
    public static TheoryData<string> Hostile => ["", " ", "\n", "\0", "٠١٢٣٤٥٦٧٨٩٠", "12345678901\n", "\uFEFF100", new string('9', 10_000)];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_IsRefusedThroughTheInterface(string text)
    {
        AssertRefused<Insz>(text);
        AssertRefused<Ondernemingsnummer>(text);
        AssertRefused<Erkenningsnummer>(text);
        AssertRefused<NisCode>(text);
        AssertRefused<PrestatieId>(text);
    }

    [Fact]
    public void Valid_ParsesThroughTheInterface_AsThroughTheType()
    {
        Assert.Equal(Insz.Parse("85073003328"), ParseAs<Insz>("85073003328"));
        Assert.Equal("0212344876", ParseAs<Ondernemingsnummer>("BE0212.344.876").Value);
        Assert.Equal(150, ParseAs<Erkenningsnummer>("150").Value);
        Assert.Equal("44021", ParseAs<NisCode>("44021").Value);
        Assert.Equal("A-2026-000123", ParseAs<PrestatieId>("A-2026-000123").Value);
    }

    [Theory]
    [InlineData("099")]
    [InlineData("700")]
    [InlineData("1500")]
    public void Erkenningsnummer_OutsideItsRange_IsRefusedByParse(string text) =>
        Assert.Throws<FormatException>(() => Erkenningsnummer.Parse(text));

    private static T ParseAs<T>(string text)
        where T : IParsable<T> => T.Parse(text, null);

    private static void AssertRefused<T>(string text)
        where T : IParsable<T>
    {
        Assert.False(T.TryParse(text, null, out _), $"{typeof(T).Name} accepted '{text}'");
        Assert.Throws<FormatException>(() => T.Parse(text, null));
    }
}
