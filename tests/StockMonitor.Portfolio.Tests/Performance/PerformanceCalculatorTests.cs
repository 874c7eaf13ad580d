using System.Globalization;
using StockMonitor.Portfolio.Performance;

namespace StockMonitor.Portfolio.Tests.Performance;

public class PerformanceCalculatorTests
{
    /// <summary>valueAt from a table of UTC instants; asking for any other instant, or going back in time, fails the test.</summary>
    private static Func<DateTimeOffset, decimal> Table(params (string At, decimal Value)[] rows)
    {
        var values = rows.ToDictionary(r => DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture), r => r.Value);
        var last = DateTimeOffset.MinValue;
        return at =>
        {
            // PerformanceService replays movements forward as it is asked: an earlier instant would replay from the start.
            last = at >= last ? at : throw new InvalidOperationException("valueAt went back to " + at.ToString("O", CultureInfo.InvariantCulture));
            return values.TryGetValue(at, out var value)
                ? value
                : throw new InvalidOperationException("valueAt asked for " + at.ToString("O", CultureInfo.InvariantCulture));
        };
    }

    private static ExternalFlow Flow(string at, decimal amount) => new(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), amount);

    [Fact]
    public void When_a_deposit_and_a_withdrawal_fall_inside_days_then_twr_splits_the_days_at_them_and_chains()
    {
        // Day 1, 2025-03-03: 10000 → 10500, no flows:                                   r1 = 0.05
        // Day 2, 2025-03-04: 10500 → 10710 just before +3290 at 12:00:                   0.02
        //                    10710 + 3290 = 14000 → 14140 at the day's end:              0.01
        //                    r2 = 1.02 × 1.01 − 1 = 0.0302
        // Day 3, 2025-03-05: 14140 → 14140 just before −2140 at 18:00:                   0
        //                    14140 − 2140 = 12000 → 11880 at the day's end:              −0.01
        //                    r3 = 1 × 0.99 − 1 = −0.01
        // TWR = 1.05 × 1.0302 × 0.99 − 1 = 1.08171 × 0.99 − 1 = 1.0708929 − 1 = 0.0708929
        var valueAt = Table(
            ("2025-03-03T00:00Z", 10000m),
            ("2025-03-04T00:00Z", 10500m),
            ("2025-03-04T12:00Z", 10710m),
            ("2025-03-05T00:00Z", 14140m),
            ("2025-03-05T18:00Z", 14140m),
            ("2025-03-06T00:00Z", 11880m));
        var flows = new[] { Flow("2025-03-04T12:00Z", 3290m), Flow("2025-03-05T18:00Z", -2140m) };

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 5), flows, valueAt);

        Assert.Equal(
            [
                new DailyValue(new DateOnly(2025, 3, 3), 10500m, 0m, 0.05m),
                new DailyValue(new DateOnly(2025, 3, 4), 14140m, 3290m, 0.0302m),
                new DailyValue(new DateOnly(2025, 3, 5), 11880m, -2140m, -0.01m),
            ],
            report.Series);
        Assert.Equal(10000m, report.StartValue);
        Assert.Equal(11880m, report.EndValue);
        Assert.Equal(1150m, report.NetFlows);
        Assert.Equal(0.0708929m, report.TimeWeightedReturn);
        Assert.Null(report.TimeWeightedReturnAnnualized);
        Assert.Null(report.MoneyWeightedReturnAnnualized);

        // MWR: the growth g over the 3 days with −10000 − 3290 g^(−1.5/3) + 2140 g^(−2.75/3) + 11880 g^(−1) = 0
        // (flows at 0, 1.5, 2.75 and 3 days). Solved independently with mpmath.findroot at 40 digits:
        // g − 1 = 0.063776329622527…; sanity: the whole-period Dietz is 730 / 11466.67 = 0.0637.
        Assert.Equal(0.0637763296m, report.MoneyWeightedReturn);
    }

    [Fact]
    public void When_a_withdrawal_empties_the_portfolio_and_a_deposit_refills_it_the_same_day_then_the_empty_stretch_is_left_out()
    {
        // 1000 → 1100 just before −1100 at 12:00 (0.1); 0 → 0 just before +500 at 18:00 (nothing at work: left out);
        // 500 → 550 at the day's end (0.1). r = 1.1 × 1.1 − 1 = 0.21.
        var valueAt = Table(
            ("2025-03-03T00:00Z", 1000m),
            ("2025-03-03T12:00Z", 1100m),
            ("2025-03-03T18:00Z", 0m),
            ("2025-03-04T00:00Z", 550m));
        var flows = new[] { Flow("2025-03-03T12:00Z", -1100m), Flow("2025-03-03T18:00Z", 500m) };

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 3), flows, valueAt);

        Assert.Equal(0.21m, Assert.Single(report.Series).DailyReturn);
        Assert.Equal(0.21m, report.TimeWeightedReturn);
    }

    [Fact]
    public void When_no_flows_then_twr_and_mwr_are_both_the_simple_return()
    {
        // 1000 → 1013.7 → 998.2 → 1040 → 1100.9 → 1123.45 over five days, no flows.
        // Simple return 1123.45 / 1000 − 1 = 0.12345; the daily chain telescopes to the same, and XIRR with only
        // −1000 at the start and +1123.45 at the end gives (1 + r)^(5/365) = 1.12345.
        var valueAt = Table(
            ("2025-06-02T00:00Z", 1000m),
            ("2025-06-03T00:00Z", 1013.7m),
            ("2025-06-04T00:00Z", 998.2m),
            ("2025-06-05T00:00Z", 1040m),
            ("2025-06-06T00:00Z", 1100.9m),
            ("2025-06-07T00:00Z", 1123.45m));

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 6, 2), new DateOnly(2025, 6, 6), [], valueAt);

        var simple = Math.Round((report.EndValue / report.StartValue) - 1, 10, MidpointRounding.AwayFromZero);
        Assert.Equal(0.12345m, simple);
        Assert.Equal(simple, report.TimeWeightedReturn);
        Assert.Equal(simple, report.MoneyWeightedReturn);
    }

    [Fact]
    public void When_the_first_deposit_is_at_the_period_start_then_it_counts_in_the_first_day_with_full_weight()
    {
        // valueAt(2025-03-03 00:00) = 0: the value just before the deposit of 1000 at that same instant.
        // Day 1: r1 = (1010 − 0 − 1000) / (0 + 1 × 1000) = 0.01      Day 2: r2 = (1030.2 − 1010) / 1010 = 0.02
        // TWR = 1.01 × 1.02 − 1 = 0.0302. MWR: −1000 then +1030.2 two days later, nothing in between: 0.0302.
        var valueAt = Table(("2025-03-03T00:00Z", 0m), ("2025-03-04T00:00Z", 1010m), ("2025-03-05T00:00Z", 1030.2m));
        var flows = new[] { Flow("2025-03-03T00:00Z", 1000m) };

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 4), flows, valueAt);

        Assert.Equal([0.01m, 0.02m], report.Series.Select(d => d.DailyReturn));
        Assert.Equal(0.0302m, report.TimeWeightedReturn);
        Assert.Equal(0.0302m, report.MoneyWeightedReturn);
    }

    [Fact]
    public void When_the_portfolio_is_empty_until_a_later_day_then_that_day_has_no_return_and_the_chain_skips_it()
    {
        // Day 1, 2025-03-03: 0 → 0, no flows: denominator 0 + 0 = 0 → no return (not a division by zero).
        // The deposit of 1000 at 2025-03-04 00:00 belongs to day 2 (not to day 1, whose end is that same instant).
        // Day 2: (1010 − 0 − 1000) / (0 + 1 × 1000) = 0.01      Day 3: (1030.2 − 1010) / 1010 = 0.02
        // TWR = 1.01 × 1.02 − 1 = 0.0302 from the two days with a return.
        // MWR: −1000 on 03-04, +1030.2 on 03-06; over those 2 days 1 + r₂ = 1.0302, compounded to the 3-day period
        // as (1 + r)^(3/365) = 1.0302^(3/2): 1.0302 × √1.0302 − 1 = 0.04564031273… → 0.0456403127. The money was
        // at work two of the three days, so per unit of average capital it earned more than 0.0302
        // (the whole-period Dietz agrees: 30.2 / (2/3 × 1000) = 0.0453).
        var valueAt = Table(
            ("2025-03-03T00:00Z", 0m),
            ("2025-03-04T00:00Z", 0m),
            ("2025-03-05T00:00Z", 1010m),
            ("2025-03-06T00:00Z", 1030.2m));
        var flows = new[] { Flow("2025-03-04T00:00Z", 1000m) };

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 5), flows, valueAt);

        Assert.Equal([null, 0.01m, 0.02m], report.Series.Select(d => d.DailyReturn));
        Assert.Equal([0m, 1000m, 0m], report.Series.Select(d => d.NetFlow));
        Assert.Equal(0.0302m, report.TimeWeightedReturn);
        Assert.Equal(0.0456403127m, report.MoneyWeightedReturn);
    }

    [Fact]
    public void When_the_portfolio_stays_empty_then_every_return_is_undefined()
    {
        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 4), [], _ => 0m);

        Assert.All(report.Series, d => Assert.Null(d.DailyReturn));
        Assert.Null(report.TimeWeightedReturn);
        Assert.Null(report.MoneyWeightedReturn);
    }

    [Fact]
    public void When_flows_lie_outside_the_period_then_they_are_ignored()
    {
        // The deposit on 03-02 is already in the start value; the one at 2025-03-04 00:00 (the period's end) is the
        // next period's. Inside: nothing, so 1000 → 1050 is r = 0.05 for TWR and MWR alike.
        var valueAt = Table(("2025-03-03T00:00Z", 1000m), ("2025-03-04T00:00Z", 1050m));
        var flows = new[] { Flow("2025-03-02T10:00Z", 500m), Flow("2025-03-04T00:00Z", 700m) };

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 3), flows, valueAt);

        Assert.Equal(0m, report.NetFlows);
        Assert.Equal(0.05m, report.TimeWeightedReturn);
        Assert.Equal(0.05m, report.MoneyWeightedReturn);
    }

    [Fact]
    public void When_the_period_is_365_days_then_nothing_is_annualized()
    {
        // 2025-01-01 … 2025-12-31 is 365 days; 1000 → 1100: TWR = MWR = 0.1 for the period, no annualized figures.
        var report = PerformanceCalculator.Calculate(
            new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), [], at => at.Year == 2026 ? 1100m : 1000m);

        Assert.Equal(0.1m, report.TimeWeightedReturn);
        Assert.Equal(0.1m, report.MoneyWeightedReturn);
        Assert.Null(report.TimeWeightedReturnAnnualized);
        Assert.Null(report.MoneyWeightedReturnAnnualized);
    }

    [Fact]
    public void When_the_period_is_two_years_then_the_annualized_returns_are_the_yearly_rate()
    {
        // 2025-01-01 … 2026-12-31 is 730 days; 1000 → 1210: period return 0.21,
        // annualized (1.21)^(365/730) − 1 = √1.21 − 1 = 1.1 − 1 = 0.1 for both TWR and MWR (the XIRR rate itself).
        var report = PerformanceCalculator.Calculate(
            new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), [], at => at.Year == 2027 ? 1210m : 1000m);

        Assert.Equal(730, report.Series.Count);
        Assert.Equal(0.21m, report.TimeWeightedReturn);
        Assert.Equal(0.21m, report.MoneyWeightedReturn);
        Assert.Equal(0.1m, report.TimeWeightedReturnAnnualized);
        Assert.Equal(0.1m, report.MoneyWeightedReturnAnnualized);
    }

    [Fact]
    public void When_the_period_is_a_leap_year_of_366_days_then_it_is_annualized()
    {
        // 2024-01-01 … 2024-12-31 is 366 days, just over a year; 1000 → 1100:
        // (1.1)^(365/366) − 1 = e^(365/366 × ln 1.1) − 1 = e^(0.0950497…) − 1 = 0.09971358593… → 0.0997135859
        var report = PerformanceCalculator.Calculate(
            new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), [], at => at.Year == 2025 ? 1100m : 1000m);

        Assert.Equal(0.1m, report.TimeWeightedReturn);
        Assert.Equal(0.0997135859m, report.TimeWeightedReturnAnnualized);
        Assert.Equal(0.0997135859m, report.MoneyWeightedReturnAnnualized);
    }

    [Fact]
    public void When_a_day_zone_skips_midnight_then_the_day_runs_23_hours_from_the_jump()
    {
        // A zone at UTC−3 that moves to UTC−2 at local midnight on 2 March: local 00:00–01:00 never happens.
        // Day 2025-03-02 starts at the jump, 03:00Z, and ends at 2025-03-03 00:00 local (UTC−2) = 02:00Z: 23 hours
        // (the table answers only those instants and the deposit's). Deposit 2300 at 13:00Z, inside the day:
        // 1000 → 1100 just before it (0.1), 1100 + 2300 = 3400 → 3740 (0.1): r = 1.1 × 1.1 − 1 = 0.21
        var zone = TimeZoneInfo.CreateCustomTimeZone(
            "Test/Minus3-Midnight-DST",
            TimeSpan.FromHours(-3),
            "Test UTC−3 with DST at midnight",
            "Test standard",
            "Test daylight",
            [
                TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                    new DateTime(2020, 1, 1),
                    new DateTime(2030, 12, 31),
                    TimeSpan.FromHours(1),
                    TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 3, 2),
                    TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 10, 5)),
            ]);
        var valueAt = Table(("2025-03-02T03:00Z", 1000m), ("2025-03-02T13:00Z", 1100m), ("2025-03-03T02:00Z", 3740m));
        var flows = new[] { Flow("2025-03-02T13:00Z", 2300m) };

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 3, 2), new DateOnly(2025, 3, 2), flows, valueAt, zone);

        Assert.Equal(0.21m, Assert.Single(report.Series).DailyReturn);
        Assert.Equal(0.21m, report.TimeWeightedReturn);
    }

    [Fact]
    public void When_a_day_zone_repeats_midnight_then_the_day_starts_at_the_first_one_and_is_25_hours()
    {
        // A zone at UTC−2 in summer that falls back to UTC−3 at 01:00 local on 5 October: 00:00–01:00 happens twice.
        // Day 2025-10-05 starts at the first midnight (UTC−2) = 02:00Z and ends at 2025-10-06 00:00 (UTC−3) = 03:00Z.
        // Withdrawal −500 at 2025-10-05T08:00Z, inside the day: 2000 → 2100 just before it (0.05),
        // 2100 − 500 = 1600 → 1560 (−0.025): r = 1.05 × 0.975 − 1 = 0.02375
        var zone = TimeZoneInfo.CreateCustomTimeZone(
            "Test/Minus3-Midnight-Fallback",
            TimeSpan.FromHours(-3),
            "Test UTC−3 falling back to midnight",
            "Test standard",
            "Test daylight",
            [
                TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                    new DateTime(2020, 1, 1),
                    new DateTime(2030, 12, 31),
                    TimeSpan.FromHours(1),
                    TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2),
                    TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 1, 0, 0), 10, 5)),
            ]);
        var valueAt = Table(("2025-10-05T02:00Z", 2000m), ("2025-10-05T08:00Z", 2100m), ("2025-10-06T03:00Z", 1560m));
        var flows = new[] { Flow("2025-10-05T08:00Z", -500m) };

        var report = PerformanceCalculator.Calculate(new DateOnly(2025, 10, 5), new DateOnly(2025, 10, 5), flows, valueAt, zone);

        Assert.Equal(0.02375m, Assert.Single(report.Series).DailyReturn);
    }
}
