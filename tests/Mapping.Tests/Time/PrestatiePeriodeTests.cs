using VrijwilligeOppas.Mapping.Time;

namespace VrijwilligeOppas.Mapping.Tests.Time;

public class PrestatiePeriodeTests
{
    [Theory]
    [InlineData("2026-10-24", 600)] // night into the last Sunday of October: clocks go back, one hour longer
    [InlineData("2026-03-28", 480)] // night into the last Sunday of March: clocks go forward, one hour shorter
    [InlineData("2025-10-25", 600)]
    [InlineData("2025-03-29", 480)]
    [InlineData("2026-06-13", 540)]
    [InlineData("2026-12-31", 540)] // across the year end
    public void FromWallClock_NightTenToSeven_CountsRealElapsedMinutes(string datum, int minutes)
    {
        var periode = PrestatiePeriode.FromWallClock(DateOnly.Parse(datum), new TimeOnly(22, 0), new TimeOnly(7, 0));

        Assert.NotNull(periode);
        Assert.Equal(minutes, periode.DuurMinuten);
        Assert.Equal(DateOnly.Parse(datum), periode.BeginDatum);
    }

    [Fact]
    public void FromWallClock_SkippedSpringHour_IsRefused()
    {
        Assert.Null(PrestatiePeriode.FromWallClock(new DateOnly(2026, 3, 29), new TimeOnly(2, 30), new TimeOnly(5, 0)));
        Assert.Null(PrestatiePeriode.FromWallClock(new DateOnly(2026, 3, 28), new TimeOnly(23, 0), new TimeOnly(2, 15)));
    }

    [Fact]
    public void FromWallClock_RepeatedAutumnHour_StartReadsFirstAndEndReadsSecondOccurrence()
    {
        var start = PrestatiePeriode.FromWallClock(new DateOnly(2026, 10, 25), new TimeOnly(2, 30), new TimeOnly(4, 0))!;
        var end = PrestatiePeriode.FromWallClock(new DateOnly(2026, 10, 25), new TimeOnly(1, 0), new TimeOnly(2, 30))!;

        Assert.Equal(TimeSpan.FromHours(2), start.Begin.Offset);
        Assert.Equal(150, start.DuurMinuten); // 02:30 CEST to 04:00 CET
        Assert.Equal(TimeSpan.FromHours(1), end.Einde.Offset);
        Assert.Equal(150, end.DuurMinuten); // 01:00 CEST to 02:30 CET
    }

    [Fact]
    public void FromWallClock_EqualTimes_MeanTwentyFourHours()
    {
        var periode = PrestatiePeriode.FromWallClock(new DateOnly(2026, 6, 1), new TimeOnly(9, 0), new TimeOnly(9, 0))!;

        Assert.Equal(1440, periode.DuurMinuten);
    }

    [Fact]
    public void FromInstants_ExpressesUtcInstantsInBrusselsTime()
    {
        var periode = PrestatiePeriode.FromInstants(
            new DateTimeOffset(2026, 7, 1, 20, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 7, 2, 5, 0, 0, TimeSpan.Zero));

        var (datum, begin, eind) = periode.ToWallClock();
        Assert.Equal(new DateOnly(2026, 7, 1), datum);
        Assert.Equal(new TimeOnly(22, 0), begin);
        Assert.Equal(new TimeOnly(7, 0), eind);
        Assert.Equal(new PrestatieMonth(2026, 7), periode.Month);
    }
}
