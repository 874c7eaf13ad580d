namespace StockMonitor.Portfolio.Performance;

/// <summary>Daily values, time-weighted (chained Modified Dietz) and money-weighted (XIRR) returns over a period of days.</summary>
public static class PerformanceCalculator
{
    private const int ReturnDecimals = 10;
    private const int DaysPerYear = 365;

    /// <summary>
    /// The report for the start of <paramref name="from"/> to the end of <paramref name="to"/>, in UTC days or
    /// <paramref name="dayZone"/> days. <paramref name="valueAt"/> returns the portfolio value at an instant (the caller
    /// computes it from holdings and prices), before any flow at that exact instant is applied. Flows outside the
    /// period are ignored; a flow at 00:00 belongs to the day it starts.
    /// </summary>
    public static PerformanceReport Calculate(
        DateOnly from,
        DateOnly to,
        IReadOnlyList<ExternalFlow> flows,
        Func<DateTimeOffset, decimal> valueAt,
        TimeZoneInfo? dayZone = null)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(valueAt);
        if (to < from)
        {
            throw new ArgumentException("The period must end on or after the day it starts.", nameof(to));
        }

        var zone = dayZone ?? TimeZoneInfo.Utc;
        var periodStart = ReportingDay.Start(from, zone);
        var periodEnd = ReportingDay.Start(to.AddDays(1), zone);
        var periodFlows = flows.Where(f => f.At >= periodStart && f.At < periodEnd).OrderBy(f => f.At).ToList();

        var startValue = valueAt(periodStart);
        var series = new List<DailyValue>(to.DayNumber - from.DayNumber + 1);
        var growth = 1m;
        var anyReturn = false;
        var previousValue = startValue;
        var dayStart = periodStart;
        var nextFlow = 0;
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var dayEnd = ReportingDay.Start(date.AddDays(1), zone);
            var dayFlows = new List<ExternalFlow>();
            while (nextFlow < periodFlows.Count && periodFlows[nextFlow].At < dayEnd)
            {
                dayFlows.Add(periodFlows[nextFlow++]);
            }

            var value = valueAt(dayEnd);
            var dailyReturn = ModifiedDietz.Return(previousValue, value, dayFlows, dayStart, dayEnd);
            if (dailyReturn is { } r)
            {
                growth *= 1 + r;
                anyReturn = true;
            }

            series.Add(new DailyValue(date, value, dayFlows.Sum(f => f.Amount), Round(dailyReturn)));
            previousValue = value;
            dayStart = dayEnd;
        }

        var endValue = previousValue;
        var calendarDays = to.DayNumber - from.DayNumber + 1;
        var longerThanAYear = calendarDays > DaysPerYear;

        decimal? twr = anyReturn ? growth - 1 : null;
        var twrAnnualized = twr is { } t && longerThanAYear
            ? ToReturn(Math.Pow((double)(1 + t), (double)DaysPerYear / calendarDays) - 1)
            : null;

        // De-annualize over the same elapsed time XIRR measures, so a period without flows gives exactly V_end/V_start − 1
        // even on a day-zone period that spans a DST change.
        var logRate = Xirr.SolveLogRate(InvestorCashFlows(startValue, endValue, periodFlows, periodStart, periodEnd));
        var periodYears = (periodEnd - periodStart).TotalDays / DaysPerYear;
        var mwr = logRate is { } y ? ToReturn(double.ExpM1(y * periodYears)) : null;
        var mwrAnnualized = logRate is { } ya && longerThanAYear ? ToReturn(double.ExpM1(ya)) : null;

        return new PerformanceReport(
            from,
            to,
            startValue,
            endValue,
            periodFlows.Sum(f => f.Amount),
            Round(twr),
            twrAnnualized,
            mwr,
            mwrAnnualized,
            series);
    }

    /// <summary>What the investor paid in (negative) and took out (positive), the end value counting as taken out.</summary>
    private static List<(DateTimeOffset At, decimal Amount)> InvestorCashFlows(
        decimal startValue,
        decimal endValue,
        List<ExternalFlow> periodFlows,
        DateTimeOffset periodStart,
        DateTimeOffset periodEnd)
    {
        var cashFlows = new List<(DateTimeOffset At, decimal Amount)>(periodFlows.Count + 2);
        if (startValue > 0)
        {
            cashFlows.Add((periodStart, -startValue));
        }

        cashFlows.AddRange(periodFlows.Select(f => (f.At, -f.Amount)));
        cashFlows.Add((periodEnd, endValue));
        return cashFlows;
    }

    private static decimal? Round(decimal? value) =>
        value is { } v ? Math.Round(v, ReturnDecimals, MidpointRounding.AwayFromZero) : null;

    /// <summary>A double result as a rounded decimal; null when it is not a number decimal can hold (e.g. NaN from a negative base).</summary>
    private static decimal? ToReturn(double value) =>
        double.IsFinite(value) && Math.Abs(value) < (double)decimal.MaxValue / 2
            ? Math.Round((decimal)value, ReturnDecimals, MidpointRounding.AwayFromZero)
            : null;
}
