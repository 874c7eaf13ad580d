using System.Collections.Immutable;

namespace StockMonitor.Portfolio.Performance;

/// <summary>Daily values, time-weighted (split at every external flow, chained) and money-weighted (XIRR) returns over a period of days.</summary>
public static class PerformanceCalculator
{
    private const int ReturnDecimals = 10;
    private const int DaysPerYear = 365;

    /// <summary>
    /// The report for the start of <paramref name="from"/> to the end of <paramref name="to"/>, in UTC days or
    /// <paramref name="dayZone"/> days. <paramref name="valueAt"/> returns the portfolio value at an instant (the caller
    /// computes it from holdings and prices), before any flow at that exact instant is applied; it is asked at each day's
    /// end and at each flow (the time-weighted return splits there), in time order. Flows outside the
    /// period are ignored; a flow at 00:00 belongs to the day it starts.
    /// </summary>
    public static PerformanceReport Calculate(
        DateOnly from,
        DateOnly to,
        IReadOnlyList<ExternalFlow> flows,
        Func<DateTimeOffset, decimal> valueAt,
        TimeZoneInfo? dayZone = null)
    {
        ArgumentNullException.ThrowIfNull(valueAt);
        if (to < from)
        {
            throw new ArgumentException("The period must end on or after the day it starts.", nameof(to));
        }

        var zone = dayZone ?? TimeZoneInfo.Utc;
        var (progress, series) = Advance(Begin(from, valueAt(ReportingDay.Start(from, zone))), to, flows, valueAt, zone);
        return Report(progress, series, zone);
    }

    /// <summary>A period starting at the start of <paramref name="from"/> with <paramref name="startValue"/>, no day of it counted yet.</summary>
    public static ReturnsProgress Begin(DateOnly from, decimal startValue) =>
        new(from, from.AddDays(-1), startValue, 1m, false, startValue, []);

    /// <summary>
    /// <paramref name="progress"/> carried on to the end of <paramref name="to"/>, and the daily values of the days added:
    /// the same figures as one calculation over the whole period (the growth is chained in the same order), so a period
    /// can be kept up to some day and finished later. <paramref name="flows"/> may hold flows of other days (ignored);
    /// <paramref name="valueAt"/> is asked only for instants after the days already counted, in time order.
    /// </summary>
    public static (ReturnsProgress Progress, IReadOnlyList<DailyValue> Series) Advance(
        ReturnsProgress progress,
        DateOnly to,
        IReadOnlyList<ExternalFlow> flows,
        Func<DateTimeOffset, decimal> valueAt,
        TimeZoneInfo? dayZone = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(valueAt);
        var zone = dayZone ?? TimeZoneInfo.Utc;
        var first = progress.Through.AddDays(1);
        var (addedStart, addedEnd) = (ReportingDay.Start(first, zone), ReportingDay.Start(to.AddDays(1), zone));
        var addedFlows = flows.Where(f => f.At >= addedStart && f.At < addedEnd).OrderBy(f => f.At).ToList();

        var series = new List<DailyValue>(Math.Max(0, to.DayNumber - first.DayNumber + 1));
        var (growth, anyReturn, previousValue) = (progress.Growth, progress.AnyReturn, progress.EndValue);
        var nextFlow = 0;
        for (var date = first; date <= to; date = date.AddDays(1))
        {
            var dayEnd = ReportingDay.Start(date.AddDays(1), zone);
            var dayFlows = new List<ExternalFlow>();
            while (nextFlow < addedFlows.Count && addedFlows[nextFlow].At < dayEnd)
            {
                dayFlows.Add(addedFlows[nextFlow++]);
            }

            var (value, dailyReturn) = TimeWeighted(previousValue, dayEnd, dayFlows, valueAt);
            if (dailyReturn is { } r)
            {
                growth *= 1 + r;
                anyReturn = true;
            }

            series.Add(new DailyValue(date, value, dayFlows.Sum(f => f.Amount), Round(dailyReturn)));
            previousValue = value;
        }

        var advanced = to < first
            ? progress
            : progress with { Through = to, Growth = growth, AnyReturn = anyReturn, EndValue = previousValue, Flows = progress.Flows.AddRange(addedFlows) };
        return (advanced, series);
    }

    /// <summary>The report of the period counted so far (<see cref="ReturnsProgress.From"/> to <see cref="ReturnsProgress.Through"/>) with its daily values.</summary>
    public static PerformanceReport Report(ReturnsProgress progress, IReadOnlyList<DailyValue> series, TimeZoneInfo? dayZone = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(series);
        var zone = dayZone ?? TimeZoneInfo.Utc;
        var (from, to) = (progress.From, progress.Through);
        var periodStart = ReportingDay.Start(from, zone);
        var periodEnd = ReportingDay.Start(to.AddDays(1), zone);
        var calendarDays = to.DayNumber - from.DayNumber + 1;
        var longerThanAYear = calendarDays > DaysPerYear;

        decimal? twr = progress.AnyReturn ? progress.Growth - 1 : null;
        var twrAnnualized = twr is { } t && longerThanAYear
            ? ToReturn(Math.Pow((double)(1 + t), (double)DaysPerYear / calendarDays) - 1)
            : null;

        // De-annualize over the same elapsed time XIRR measures, so a period without flows gives exactly V_end/V_start − 1
        // even on a day-zone period that spans a DST change.
        var logRate = Xirr.SolveLogRate(InvestorCashFlows(progress.StartValue, progress.EndValue, progress.Flows, periodStart, periodEnd));
        var periodYears = (periodEnd - periodStart).TotalDays / DaysPerYear;
        var mwr = logRate is { } y ? ToReturn(double.ExpM1(y * periodYears)) : null;
        var mwrAnnualized = logRate is { } ya && longerThanAYear ? ToReturn(double.ExpM1(ya)) : null;

        return new PerformanceReport(
            from,
            to,
            progress.StartValue,
            progress.EndValue,
            progress.Flows.Sum(f => f.Amount),
            Round(twr),
            twrAnnualized,
            mwr,
            mwrAnnualized,
            series);
    }

    /// <summary>
    /// The value at <paramref name="dayEnd"/> and the day's time-weighted return: sub-periods split at each flow, each
    /// from the value just after the previous flow to the value just before the next one (<paramref name="valueAt"/> of
    /// the flow's instant), chained. A sub-period that starts with nothing (≤ 0) has no capital at work and is left out;
    /// the return is null when every one is. Asks for instants in time order.
    /// </summary>
    private static (decimal Value, decimal? Return) TimeWeighted(decimal startValue, DateTimeOffset dayEnd, List<ExternalFlow> dayFlows, Func<DateTimeOffset, decimal> valueAt)
    {
        var growth = 1m;
        var anyReturn = false;
        var subStart = startValue;
        foreach (var flows in dayFlows.GroupBy(f => f.At))
        {
            var beforeFlow = valueAt(flows.Key);
            if (subStart > 0)
            {
                growth *= beforeFlow / subStart;
                anyReturn = true;
            }

            subStart = beforeFlow + flows.Sum(f => f.Amount);
        }

        var endValue = valueAt(dayEnd);
        if (subStart > 0)
        {
            growth *= endValue / subStart;
            anyReturn = true;
        }

        return (endValue, anyReturn ? growth - 1 : null);
    }

    /// <summary>What the investor paid in (negative) and took out (positive), the end value counting as taken out.</summary>
    private static List<(DateTimeOffset At, decimal Amount)> InvestorCashFlows(
        decimal startValue,
        decimal endValue,
        ImmutableList<ExternalFlow> periodFlows,
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
