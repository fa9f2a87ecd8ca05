namespace VrijwilligeOppas.Mapping.Time;

/// <summary>A calendar month in which prestaties are counted (the month of their start).</summary>
public readonly record struct PrestatieMonth(int Year, int Month) : IComparable<PrestatieMonth>
{
    public static PrestatieMonth Of(DateOnly date) => new(date.Year, date.Month);

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public PrestatieMonth AddMonths(int months) => Of(FirstDay.AddMonths(months));

    public int CompareTo(PrestatieMonth other) => FirstDay.CompareTo(other.FirstDay);

    public static bool TryParse(string? text, out PrestatieMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m)
            || year < 2000 || m is < 1 or > 12)
        {
            return false;
        }

        month = new PrestatieMonth(year, m);
        return true;
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";

    public static bool operator <(PrestatieMonth left, PrestatieMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(PrestatieMonth left, PrestatieMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(PrestatieMonth left, PrestatieMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PrestatieMonth left, PrestatieMonth right) => left.CompareTo(right) >= 0;
}
