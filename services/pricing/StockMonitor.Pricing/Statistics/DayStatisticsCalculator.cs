using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Quotes;

namespace StockMonitor.Pricing.Statistics;

/// <summary>Derives a symbol's day statistics from its bars: VWAP, window returns and realized volatility.</summary>
public sealed class DayStatisticsCalculator(BarStore store)
{
    /// <summary>The windows of the returns in the latest table.</summary>
    public static readonly TimeSpan[] ReturnWindows = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)];

    /// <summary>How far back a reference price for a return is looked for across gaps.</summary>
    private static readonly TimeSpan ReferenceLookBack = TimeSpan.FromDays(7);

    public async Task<DayStatistics?> ComputeAsync(string symbol, TradingDay day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        var hours = await store.RangeAsync(symbol, BarInterval.Hour, day.Start, day.End, cancellationToken);
        if (hours.Count == 0)
        {
            return null;
        }

        var segment = hours.Select(h => h.Segment).Aggregate((a, b) => a.Then(b));
        var returns = new decimal?[ReturnWindows.Length];
        for (var i = 0; i < ReturnWindows.Length; i++)
        {
            returns[i] = PriceStatistics.SimpleReturn(segment.Close, await PriceAtOrBeforeAsync(symbol, segment.LastAt - ReturnWindows[i], cancellationToken));
        }

        var lastMinute = BarInterval.Minute.BucketOf(segment.LastAt);
        var firstMinute = lastMinute.AddMinutes(-60);
        var minutes = await store.RangeAsync(symbol, BarInterval.Minute, firstMinute, lastMinute.AddMinutes(1), cancellationToken);
        var closes = PriceStatistics.MinuteCloses(minutes.Select(m => (m.Bucket, m.Segment.Close)).ToList(), firstMinute, lastMinute);

        return new DayStatistics(
            day.Text,
            segment.Count,
            segment.Vwap is { } vwap ? Math.Round(vwap, 6, MidpointRounding.AwayFromZero) : null,
            returns[0],
            returns[1],
            returns[2],
            returns[3],
            PriceStatistics.RealizedVolatility(closes),
            segment.Open,
            segment.High,
            segment.Low);
    }

    /// <summary>The price of the last tick observed at or before <paramref name="instant"/>, across gaps; null when there is none.</summary>
    /// <remarks>From the ticks themselves, which are stored before anything is decided on them (bars follow later).</remarks>
    public async Task<decimal?> PriceAtOrBeforeAsync(string symbol, DateTimeOffset instant, CancellationToken cancellationToken) =>
        (await store.LastTickAtOrBeforeAsync(symbol, instant, instant - ReferenceLookBack, cancellationToken))?.Price;
}
