namespace VrijwilligeOppas.Mapping.Identifiers;

internal static class Digits
{
    public static bool AreAll(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    /// <summary>The value of a run of ASCII digits already checked with <see cref="AreAll"/>.</summary>
    public static long Value(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
