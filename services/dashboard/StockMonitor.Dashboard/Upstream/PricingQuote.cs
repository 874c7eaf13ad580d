namespace StockMonitor.Dashboard.Upstream;

/// <summary>The part of the pricing API's latest quote the market board needs.</summary>
public sealed record PricingQuote(
    string Symbol,
    decimal Price,
    string? Currency,
    decimal? High,
    decimal? Low,
    decimal? PreviousClose,
    decimal? Change,
    decimal? ChangePercent,
    decimal? Volume,
    DateTimeOffset ObservedAt);
