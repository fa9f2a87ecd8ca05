namespace VrijwilligeOppas.Mapping.Identifiers;

/// <summary>
/// A five-digit NIS municipality code. Whether the code is known is a question for the NIS parameter table
/// (the central service's NIS table), which the central service owns and which changes with municipal mergers.
/// </summary>
public readonly record struct NisCode : IParsable<NisCode>
{
    private NisCode(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, out NisCode code)
    {
        code = default;
        if (text is not { Length: 5 } || !Digits.AreAll(text) || text[0] == '0')
        {
            return false;
        }

        code = new NisCode(text);
        return true;
    }

    public static NisCode Parse(string text) =>
        TryParse(text, out var code) ? code : throw new FormatException($"'{text}' is not a NIS code.");

    static NisCode IParsable<NisCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<NisCode>.TryParse(string? s, IFormatProvider? provider, out NisCode result) => TryParse(s, out result);

    public override string ToString() => Value;
}
