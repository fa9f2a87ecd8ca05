using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Time;

namespace VrijwilligeOppas.Emulator.Rules;

/// <summary>
/// The closing periods of the draaiboek (§2.1): a month can be changed until the end of the last day of the third
/// month after it (provisional closing), unless the agency reopened it for a dienst; from the definitive closing
/// date of a year nothing of that year can be changed and nothing can be reopened.
/// </summary>
public sealed class ClosingCalendar(IEnumerable<Reopening> reopenings, IReadOnlyDictionary<int, DateOnly> definitiveClosings)
{
    private readonly Reopening[] _reopenings = [.. reopenings];

    public static ClosingCalendar Default { get; } = new([], new Dictionary<int, DateOnly>());

    /// <summary>The last day on which prestaties of <paramref name="month"/> can be sent or deleted.</summary>
    public static DateOnly ProvisionalClosingDate(PrestatieMonth month) => month.AddMonths(3).LastDay;

    public PeriodState StateOf(Erkenningsnummer dienst, PrestatieMonth month, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(BrusselsTime.ToBrussels(now).DateTime);
        if (IsDefinitivelyClosed(month.Year, today))
        {
            return PeriodState.DefinitivelyClosed;
        }

        if (today <= ProvisionalClosingDate(month))
        {
            return PeriodState.Open;
        }

        return _reopenings.Any(r => r.Dienst == dienst && r.Month == month && today <= r.Until)
            ? PeriodState.Reopened
            : PeriodState.ProvisionallyClosed;
    }

    public bool IsDefinitivelyClosed(int year, DateOnly today) =>
        definitiveClosings.TryGetValue(year, out var from) && today >= from;
}

/// <summary>The agency's decision to open a provisionally closed month again for one dienst, until a day inclusive.</summary>
public sealed record Reopening(Erkenningsnummer Dienst, PrestatieMonth Month, DateOnly Until);

public enum PeriodState
{
    Open,
    Reopened,
    ProvisionallyClosed,
    DefinitivelyClosed,
}
