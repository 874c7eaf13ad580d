namespace StockMonitor.Pricing.Statistics;

/// <summary>The arithmetic of ../shared/notes/domain.md for a price series.</summary>
public static class PriceStatistics
{
    /// <summary>Periods per year of 1-minute returns: 252 trading days × 390 minutes.</summary>
    public const double MinutesPerYear = 252 * 390;

    /// <summary>Decimal places kept for returns (fractions: 0.0123 = +1.23 %).</summary>
    public const int ReturnScale = 10;

    /// <summary>Simple return P_end / P_start − 1; null without a positive start price.</summary>
    public static decimal? SimpleReturn(decimal end, decimal? start) =>
        start is > 0 ? Math.Round((end / start.Value) - 1m, ReturnScale, MidpointRounding.AwayFromZero) : null;

    /// <summary>
    /// Annualized realized volatility of 1-minute log returns: the sample standard deviation of
    /// ln(Cₖ/Cₖ₋₁) over consecutive minute closes, × √(252·390). Null with fewer than two returns. Volatility is of
    /// returns, never of prices.
    /// </summary>
    public static decimal? RealizedVolatility(IReadOnlyList<decimal> minuteCloses)
    {
        ArgumentNullException.ThrowIfNull(minuteCloses);
        if (minuteCloses.Count < 3)
        {
            return null;
        }

        var returns = new double[minuteCloses.Count - 1];
        for (var i = 1; i < minuteCloses.Count; i++)
        {
            returns[i - 1] = Math.Log((double)(minuteCloses[i] / minuteCloses[i - 1]));
        }

        var mean = returns.Average();
        var variance = returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1);
        return Math.Round((decimal)(Math.Sqrt(variance) * Math.Sqrt(MinutesPerYear)), 6, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// One close per minute from <paramref name="firstMinute"/> to <paramref name="lastMinute"/>, the last known
    /// close carried over minutes without trades; minutes before the first bar are left out.
    /// </summary>
    public static IReadOnlyList<decimal> MinuteCloses(IReadOnlyList<(DateTimeOffset Minute, decimal Close)> bars, DateTimeOffset firstMinute, DateTimeOffset lastMinute)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var byMinute = bars.ToDictionary(b => b.Minute, b => b.Close);
        var closes = new List<decimal>();
        decimal? carried = null;
        for (var minute = firstMinute; minute <= lastMinute; minute = minute.AddMinutes(1))
        {
            if (byMinute.TryGetValue(minute, out var close))
            {
                carried = close;
            }

            if (carried is { } c)
            {
                closes.Add(c);
            }
        }

        return closes;
    }
}
