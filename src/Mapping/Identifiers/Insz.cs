using System.Diagnostics.CodeAnalysis;

namespace VrijwilligeOppas.Mapping.Identifiers;

/// <summary>
/// A Belgian national number (INSZ/NISS) or bis-number whose check digits are correct.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> is masked on purpose: an INSZ is personal data and must never reach an ordinary log line
/// through string interpolation. Code that writes a message uses <see cref="Value"/> explicitly.
/// </remarks>
public readonly record struct Insz : IParsable<Insz>
{
    private Insz(string value) => Value = value;

    /// <summary>The eleven digits.</summary>
    public string Value { get; }

    public static bool TryParse(string? text, out Insz insz)
    {
        insz = default;
        if (text is null || text.Length != 11 || !Digits.AreAll(text))
        {
            return false;
        }

        var month = Digits.Value(text.AsSpan(2, 2));
        var day = Digits.Value(text.AsSpan(4, 2));
        // Bis-numbers add 20 or 40 to the month; 0 stands for an unknown birth month or day.
        if (month % 20 > 12 || month > 52 || day > 31)
        {
            return false;
        }

        var body = Digits.Value(text.AsSpan(0, 9));
        var check = Digits.Value(text.AsSpan(9, 2));
        var bornBefore2000 = 97 - (body % 97) == check;
        var bornFrom2000 = 97 - ((2_000_000_000L + body) % 97) == check;
        if (!bornBefore2000 && !bornFrom2000)
        {
            return false;
        }

        insz = new Insz(text);
        return true;
    }

    public static Insz Parse(string text) =>
        TryParse(text, out var insz) ? insz : throw new FormatException("Not a valid INSZ.");

    static Insz IParsable<Insz>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Insz>.TryParse(string? s, IFormatProvider? provider, out Insz result) => TryParse(s, out result);

    [SuppressMessage("Design", "CA1024", Justification = "Mirrors the framework's masking convention.")]
    public override string ToString() => "INSZ(***)";
}
