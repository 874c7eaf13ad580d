namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// A symbol's row of <c>stockmonitor-quotes-latest</c>. The first group is the newest quote as its source
/// reported it (open, high, low and volume are the source's day figures); the second group is computed from
/// the bars of the newest trading day.
/// </summary>
/// <param name="ChangePercent">Percent units: 1.25 means +1.25 %.</param>
/// <param name="Return1m">Simple returns as fractions: 0.0123 means +1.23 %; null without a price that long ago.</param>
/// <param name="Volatility1h">Annualized realized volatility of the last hour's 1-minute log returns (0.25 = 25 %).</param>
/// <param name="StatsQuoteCount">Ticks of <paramref name="StatsDay"/> the statistics were computed from.</param>
public sealed record LatestQuote(
    string Symbol,
    decimal Price,
    string? Currency,
    decimal? Open,
    decimal? High,
    decimal? Low,
    decimal? PreviousClose,
    decimal? Change,
    decimal? ChangePercent,
    decimal? Volume,
    DateTimeOffset ObservedAt,
    string Source,
    decimal? Vwap,
    decimal? Return1m,
    decimal? Return5m,
    decimal? Return15m,
    decimal? Return1h,
    decimal? Volatility1h,
    decimal? DayOpen,
    decimal? DayHigh,
    decimal? DayLow,
    string? StatsDay,
    int? StatsQuoteCount);
