namespace StockMonitor.Pricing.Quotes;

/// <summary>What the symbol recompute derives from a trading day's bars.</summary>
public sealed record DayStatistics(
    string Day,
    int QuoteCount,
    decimal? Vwap,
    decimal? Return1m,
    decimal? Return5m,
    decimal? Return15m,
    decimal? Return1h,
    decimal? Volatility1h,
    decimal DayOpen,
    decimal DayHigh,
    decimal DayLow);
