using StockMonitor.Portfolio.Performance;

namespace StockMonitor.Portfolio.Tests.Performance;

public class XirrTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Solve_one_year_from_1000_to_1100_is_ten_percent()
    {
        // 2025-01-01 → 2026-01-01 is 365 days, t = 1: −1000 + 1100 / (1 + r) = 0 → r = 0.10
        var r = Xirr.Solve([(Utc(2025, 1, 1), -1000m), (Utc(2026, 1, 1), 1100m)]);

        Assert.NotNull(r);
        Assert.Equal(0.10, r.Value, 12);
    }

    [Fact]
    public void Solve_with_a_deposit_half_way_matches_the_hand_solved_quadratic()
    {
        // −1000 at t = 0, −1000 at 2025-07-02 12:00 (182.5 days, t = 0.5), +2310 at 2026-01-01 (t = 1).
        // Valued at t = 1 with x = (1 + r)^0.5: 1000x² + 1000x = 2310 → x² + x − 2.31 = 0
        //   → x = (−1 + √(1 + 9.24)) / 2 = (−1 + 3.2) / 2 = 1.1 → r = 1.1² − 1 = 0.21
        var flows = new (DateTimeOffset, decimal)[]
        {
            (Utc(2025, 1, 1), -1000m), (Utc(2025, 7, 2, 12), -1000m), (Utc(2026, 1, 1), 2310m),
        };

        var r = Xirr.Solve(flows);

        Assert.NotNull(r);
        Assert.Equal(0.21, r.Value, 10);
        // Independent check: the NPV at the found rate, with Math.Pow rather than the solver's exponentials.
        var npv = -1000 - (1000 / Math.Pow(1 + r.Value, 0.5)) + (2310 / Math.Pow(1 + r.Value, 1));
        Assert.True(Math.Abs(npv) < 1e-6, $"NPV at r = {r.Value} is {npv}");
    }

    [Fact]
    public void Solve_with_a_withdrawal_finds_a_rate_whose_npv_is_zero()
    {
        // −5000 on 2025-02-10, +1200 withdrawn on 2025-06-01 (111 days), +4300 end value on 2025-12-20 (313 days).
        // Gain 500 on ~4200 average capital ≈ +12 %/year; the answer is checked by its NPV, computed with Math.Pow.
        var flows = new (DateTimeOffset At, decimal Amount)[]
        {
            (Utc(2025, 2, 10), -5000m), (Utc(2025, 6, 1), 1200m), (Utc(2025, 12, 20), 4300m),
        };

        var r = Xirr.Solve(flows);

        Assert.NotNull(r);
        Assert.InRange(r.Value, 0.10, 0.15);
        var npv = flows.Sum(f => (double)f.Amount / Math.Pow(1 + r.Value, (f.At - flows[0].At).TotalDays / 365));
        Assert.True(Math.Abs(npv) < 1e-6, $"NPV at r = {r.Value} is {npv}");
    }

    [Fact]
    public void Solve_with_all_flows_positive_is_undefined()
    {
        Assert.Null(Xirr.Solve([(Utc(2025, 1, 1), 1000m), (Utc(2026, 1, 1), 1100m)]));
    }

    [Fact]
    public void Solve_with_a_single_flow_is_undefined()
    {
        Assert.Null(Xirr.Solve([(Utc(2025, 1, 1), -1000m), (Utc(2026, 1, 1), 0m)]));
    }

    [Fact]
    public void Solve_when_the_npv_never_reaches_zero_is_undefined()
    {
        // −100 at t = 0, +300 at t = 1, −250 at t = 2 (years of 365 days). With x = 1 / (1 + r) > 0:
        // −100 + 300x − 250x² has discriminant 300² − 4 × 250 × 100 = −10000 < 0: negative for every r.
        var flows = new (DateTimeOffset, decimal)[] { (Utc(2025, 1, 1), -100m), (Utc(2026, 1, 1), 300m), (Utc(2027, 1, 1), -250m) };

        Assert.Null(Xirr.Solve(flows));
    }

    [Fact]
    public void Solve_when_every_running_sum_is_negative_is_undefined()
    {
        // −100 at t = 0, +5 at t = 1, −10 at t = 2: two sign changes, but the running sums (−100, −95, −105, and from
        // the end −10, −5, −105) never change sign, so there is no root: −100 + 5x − 10x² < 0 for every x = 1 / (1 + r),
        // its discriminant being 25 − 4000 < 0.
        var flows = new (DateTimeOffset, decimal)[] { (Utc(2025, 1, 1), -100m), (Utc(2026, 1, 1), 5m), (Utc(2027, 1, 1), -10m) };

        Assert.Null(Xirr.Solve(flows));
    }

    [Fact]
    public void Solve_with_two_rates_that_the_running_sums_allow_is_undefined()
    {
        // −100 at t = 0, +150 at t = 1, −10 at t = 2: the running sums −100, 50, 40 change sign once and those from the
        // end −10, 140, 40 once more, so the bound allows two roots and the scan decides. With x = 1 / (1 + r):
        // −10x² + 150x − 100 = 0 → x² − 15x + 10 = 0 → x = (15 ± √185) / 2 = 0.6995 or 14.30, both positive: r = 0.430
        // and r = −0.930 both zero the NPV, so neither is "the" return.
        var flows = new (DateTimeOffset, decimal)[] { (Utc(2025, 1, 1), -100m), (Utc(2026, 1, 1), 150m), (Utc(2027, 1, 1), -10m) };

        Assert.Null(Xirr.Solve(flows));
    }

    [Fact]
    public void Solve_with_two_rates_is_undefined_rather_than_either()
    {
        // −100 at t = 0, +230 at t = 1, −132 at t = 2: −100 + 230x − 132x² = 0 → x = (230 ± 10) / 264
        // → x = 1/1.1 or 1/1.2: both r = 0.10 and r = 0.20 zero the NPV, so neither is "the" return.
        var flows = new (DateTimeOffset, decimal)[] { (Utc(2025, 1, 1), -100m), (Utc(2026, 1, 1), 230m), (Utc(2027, 1, 1), -132m) };

        Assert.Null(Xirr.Solve(flows));
    }

    [Fact]
    public void Solve_over_one_day_with_a_large_gain_gives_a_finite_log_rate()
    {
        // −1000 → +2000 in one day: (1 + r)^(1/365) = 2 → ln(1 + r) = 365 × ln 2 ≈ 253.0, r ≈ 1e110 (still a double).
        var flows = new (DateTimeOffset, decimal)[] { (Utc(2025, 1, 1), -1000m), (Utc(2025, 1, 2), 2000m) };

        var logRate = Xirr.SolveLogRate(flows);

        Assert.NotNull(logRate);
        Assert.Equal(365 * Math.Log(2), logRate.Value, 9);
    }

    [Fact]
    public void Solve_with_a_thousand_alternating_flows_finds_a_rate_whose_npv_is_zero()
    {
        // Three years of daily flows: an opening −100000, then deposits and withdrawals alternating around small
        // amounts (many sign changes, so Descartes' rule allows many roots; the running sums change sign once, so the
        // root is known to be unique without a scan), and a final value above the net deposits. Checked by the NPV at
        // the found rate, relative to the amounts involved.
        var random = new Random(20250101);
        var start = Utc(2025, 1, 1);
        var flows = new List<(DateTimeOffset At, decimal Amount)> { (start, -100_000m) };
        for (var day = 1; day < 1_000; day++)
        {
            var amount = Math.Round((decimal)(random.NextDouble() * 500), 2);
            flows.Add((start.AddDays(day), day % 2 == 0 ? amount : -amount));
        }

        flows.Add((start.AddDays(1_000), 130_000m));

        var r = Xirr.Solve(flows);

        Assert.NotNull(r);
        Assert.InRange(r.Value, 0.0, 0.2);
        var npv = flows.Sum(f => (double)f.Amount / Math.Pow(1 + r.Value, (f.At - start).TotalDays / 365));
        Assert.True(Math.Abs(npv) < 1e-6, $"NPV at r = {r.Value} is {npv}");
    }
}
