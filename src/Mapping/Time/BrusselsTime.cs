namespace VrijwilligeOppas.Mapping.Time;

/// <summary>
/// Belgian civil time (Europe/Brussels): CET, with CEST from the last Sunday of March 02:00 to the last Sunday of
/// October 03:00. The rule is built in rather than read from the host's tz database so that every host (and the
/// chiseled container image, which has none) maps the same wall-clock time to the same instant. The EU rule has
/// been unchanged since 1996, long before the first prestatie of 2013.
/// </summary>
public static class BrusselsTime
{
    public static TimeZoneInfo Zone { get; } = CreateZone();

    public static DateTimeOffset ToBrussels(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToBrussels(clock.GetUtcNow()).DateTime);

    /// <summary>
    /// The instant a Brussels wall-clock time stands for, or null when that time does not exist (the hour skipped
    /// when summer time starts). A time that exists twice (the hour repeated when summer time ends) is read as its
    /// <paramref name="occurrence"/>.
    /// </summary>
    public static DateTimeOffset? Resolve(DateOnly date, TimeOnly time, Occurrence occurrence)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return null;
        }

        if (Zone.IsAmbiguousTime(local))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            var summer = offsets.Max();
            var winter = offsets.Min();
            return new DateTimeOffset(local, occurrence == Occurrence.First ? summer : winter);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    private static TimeZoneInfo CreateZone()
    {
        var summerTime = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(1996, 1, 1),
            DateTime.MaxValue.Date,
            TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("Europe/Brussels", TimeSpan.FromHours(1), "Europe/Brussels", "CET", "CEST", [summerTime]);
    }
}

/// <summary>Which of the two instants an ambiguous wall-clock time (autumn's repeated hour) means.</summary>
public enum Occurrence
{
    /// <summary>The earlier instant, still in summer time: how a start time is read.</summary>
    First,

    /// <summary>The later instant, already in winter time: how an end time is read.</summary>
    Second,
}
