namespace VrijwilligeOppas.Mapping.Identifiers;

/// <summary>The recognition number of a dienst voor oppashulp: 100 to 699 inclusive.</summary>
public readonly record struct Erkenningsnummer : IParsable<Erkenningsnummer>
{
    public const int Min = 100;
    public const int Max = 699;

    private Erkenningsnummer(int value) => Value = value;

    public int Value { get; }

    public static bool TryCreate(int value, out Erkenningsnummer nummer)
    {
        nummer = new Erkenningsnummer(value);
        return value is >= Min and <= Max;
    }

    public static bool TryParse(string? text, out Erkenningsnummer nummer)
    {
        nummer = default;
        return text is { Length: 3 } && Digits.AreAll(text) && TryCreate((int)Digits.Value(text), out nummer);
    }

    public static Erkenningsnummer Create(int value) =>
        TryCreate(value, out var nummer) ? nummer : throw new ArgumentOutOfRangeException(nameof(value), value, "An erkenningsnummer lies between 100 and 699.");

    public static Erkenningsnummer Parse(string text) =>
        TryParse(text, out var nummer) ? nummer : throw new FormatException("An erkenningsnummer is three digits, 100 to 699.");

    static Erkenningsnummer IParsable<Erkenningsnummer>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Erkenningsnummer>.TryParse(string? s, IFormatProvider? provider, out Erkenningsnummer result) => TryParse(s, out result);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
