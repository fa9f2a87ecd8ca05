using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Mapping.Time;
using VrijwilligeOppas.Emulator.Rules;

namespace VrijwilligeOppas.Mapping.Tests.Rules;

public class ClosingCalendarTests
{
    private static readonly Erkenningsnummer Dienst = Erkenningsnummer.Create(123);

    [Theory]
    [InlineData(2026, 1, "2026-04-30")]
    [InlineData(2026, 2, "2026-05-31")]
    [InlineData(2026, 3, "2026-06-30")]
    [InlineData(2026, 4, "2026-07-31")]
    [InlineData(2026, 5, "2026-08-31")]
    [InlineData(2026, 6, "2026-09-30")]
    [InlineData(2026, 7, "2026-10-31")]
    [InlineData(2026, 8, "2026-11-30")]
    [InlineData(2026, 9, "2026-12-31")]
    [InlineData(2026, 10, "2027-01-31")]
    [InlineData(2026, 11, "2027-02-28")]
    [InlineData(2027, 11, "2028-02-29")] // leap year
    [InlineData(2026, 12, "2027-03-31")]
    public void ProvisionalClosingDate_IsLastDayOfThirdFollowingMonth(int year, int month, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), ClosingCalendar.ProvisionalClosingDate(new PrestatieMonth(year, month)));

    [Fact]
    public void StateOf_ClosesAtMidnightBrusselsTime()
    {
        var october = new PrestatieMonth(2026, 10);
        var lastMinute = new DateTimeOffset(2027, 1, 31, 23, 59, 0, TimeSpan.FromHours(1));
        var midnight = new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(PeriodState.Open, ClosingCalendar.Default.StateOf(Dienst, october, lastMinute));
        Assert.Equal(PeriodState.ProvisionallyClosed, ClosingCalendar.Default.StateOf(Dienst, october, midnight));
    }

    [Fact]
    public void StateOf_ReopenedMonth_IsOpenForThatDienstUntilTheReopeningEnds()
    {
        var may = new PrestatieMonth(2026, 5);
        var calendar = new ClosingCalendar([new Reopening(Dienst, may, new DateOnly(2026, 12, 15))], new Dictionary<int, DateOnly>());

        Assert.Equal(PeriodState.Reopened, calendar.StateOf(Dienst, may, At(2026, 12, 15)));
        Assert.Equal(PeriodState.ProvisionallyClosed, calendar.StateOf(Dienst, may, At(2026, 12, 16)));
        Assert.Equal(PeriodState.ProvisionallyClosed, calendar.StateOf(Erkenningsnummer.Create(124), may, At(2026, 12, 1)));
    }

    [Fact]
    public void StateOf_DefinitiveClosing_WinsOverOpenAndReopened()
    {
        var may = new PrestatieMonth(2026, 5);
        var calendar = new ClosingCalendar(
            [new Reopening(Dienst, may, new DateOnly(2027, 12, 31))],
            new Dictionary<int, DateOnly> { [2026] = new DateOnly(2026, 7, 1) });

        Assert.Equal(PeriodState.Open, calendar.StateOf(Dienst, may, At(2026, 6, 30)));
        Assert.Equal(PeriodState.DefinitivelyClosed, calendar.StateOf(Dienst, may, At(2026, 7, 1)));
        Assert.Equal(PeriodState.DefinitivelyClosed, calendar.StateOf(Dienst, new PrestatieMonth(2026, 12), At(2026, 7, 1)));
        Assert.Equal(PeriodState.Open, calendar.StateOf(Dienst, new PrestatieMonth(2027, 1), At(2027, 1, 2)));
    }

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.FromHours(1));
}
