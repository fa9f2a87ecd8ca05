namespace VrijwilligeOppas.Mapping.Time;

/// <summary>
/// The uninterrupted time span of one sitting, as two instants carrying their Brussels offsets.
/// Duration is real elapsed time: a night across a DST change is an hour shorter or longer than the clock suggests.
/// </summary>
public sealed record PrestatiePeriode
{
    private PrestatiePeriode(DateTimeOffset begin, DateTimeOffset einde)
    {
        Begin = begin;
        Einde = einde;
    }

    public DateTimeOffset Begin { get; }

    public DateTimeOffset Einde { get; }

    public TimeSpan Duur => Einde - Begin;

    /// <summary>Elapsed minutes, a started minute counting as a whole one.</summary>
    public int DuurMinuten => (int)Math.Ceiling(Duur.TotalMinutes);

    /// <summary>The month the prestatie belongs to: the month of its start, in Brussels.</summary>
    public PrestatieMonth Month => PrestatieMonth.Of(BeginDatum);

    public DateOnly BeginDatum => DateOnly.FromDateTime(Begin.DateTime);

    /// <summary>
    /// Reads the KSZ form: the day the sitting started, and wall-clock begin and end times; an end not after the
    /// begin means the next day. Returns null when either time does not exist in Brussels on that day.
    /// </summary>
    public static PrestatiePeriode? FromWallClock(DateOnly datum, TimeOnly begintijd, TimeOnly eindtijd)
    {
        var eindDatum = eindtijd <= begintijd ? datum.AddDays(1) : datum;
        var begin = BrusselsTime.Resolve(datum, begintijd, Occurrence.First);
        var einde = BrusselsTime.Resolve(eindDatum, eindtijd, Occurrence.Second);
        return begin is null || einde is null ? null : new PrestatiePeriode(begin.Value, einde.Value);
    }

    /// <summary>Reads the eHealth form: two instants with offsets, expressed again in Brussels time.</summary>
    public static PrestatiePeriode FromInstants(DateTimeOffset begin, DateTimeOffset einde) =>
        new(BrusselsTime.ToBrussels(begin), BrusselsTime.ToBrussels(einde));

    /// <summary>The KSZ form of this span: start day, wall-clock begin and end.</summary>
    public (DateOnly Datum, TimeOnly Begintijd, TimeOnly Eindtijd) ToWallClock() =>
        (BeginDatum, TimeOnly.FromDateTime(Begin.DateTime), TimeOnly.FromDateTime(Einde.DateTime));
}
