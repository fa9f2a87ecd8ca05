namespace VrijwilligeOppas.Mapping.Identifiers;

/// <summary>The dienst's own identifier of a prestatie: 1 to 36 of <c>[A-Za-z0-9._-]</c>.</summary>
public readonly record struct PrestatieId : IParsable<PrestatieId>
{
    public const int MaxLength = 36;

    private PrestatieId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, out PrestatieId id)
    {
        id = default;
        if (text is null || text.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        id = new PrestatieId(text);
        return true;
    }

    public static PrestatieId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a PrestatieId.");

    static PrestatieId IParsable<PrestatieId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<PrestatieId>.TryParse(string? s, IFormatProvider? provider, out PrestatieId result) => TryParse(s, out result);

    public override string ToString() => Value;
}
