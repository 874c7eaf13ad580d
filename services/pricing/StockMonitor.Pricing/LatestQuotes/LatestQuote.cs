namespace StockMonitor.Pricing.LatestQuotes;

/// <summary>The latest quote of a symbol as stored in <c>stockmonitor-quotes-latest</c>.</summary>
/// <param name="ChangePercent">Percent units: 1.25 means +1.25 %.</param>
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
    string Source);
