namespace VrijwilligeOppas.Mapping.Identifiers;

/// <summary>
/// A KBO/BCE enterprise number with correct check digits, normalised to ten digits.
/// Accepts the written forms <c>0212344876</c>, <c>0212.344.876</c>, <c>0212 344 876</c> and <c>BE0212344876</c>.
/// </summary>
public readonly record struct Ondernemingsnummer : IParsable<Ondernemingsnummer>
{
    private Ondernemingsnummer(string value) => Value = value;

    /// <summary>The ten digits.</summary>
    public string Value { get; }

    public static bool TryParse(string? text, out Ondernemingsnummer nummer)
    {
        nummer = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 20)
        {
            return false;
        }

        Span<char> digits = stackalloc char[10];
        var count = 0;
        var span = text.AsSpan().Trim();
        if (span.StartsWith("BE", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }

        foreach (var c in span)
        {
            if (c is '.' or ' ')
            {
                continue;
            }

            if (c is < '0' or > '9' || count == 10)
            {
                return false;
            }

            digits[count++] = c;
        }

        if (count != 10 || digits[0] is not ('0' or '1'))
        {
            return false;
        }

        var body = Digits.Value(digits[..8]);
        var check = Digits.Value(digits[8..]);
        if (97 - (body % 97) != check)
        {
            return false;
        }

        nummer = new Ondernemingsnummer(new string(digits));
        return true;
    }

    public static Ondernemingsnummer Parse(string text) =>
        TryParse(text, out var nummer) ? nummer : throw new FormatException($"'{text}' is not a valid ondernemingsnummer.");

    static Ondernemingsnummer IParsable<Ondernemingsnummer>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Ondernemingsnummer>.TryParse(string? s, IFormatProvider? provider, out Ondernemingsnummer result) => TryParse(s, out result);

    public override string ToString() => Value;
}
