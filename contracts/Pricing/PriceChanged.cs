namespace StockMonitor.Contracts.Pricing;

/// <summary>Published by pricing for every accepted quote that is newer than the last one it stored.</summary>
/// <param name="ChangePercent">Percent units: 1.25 means +1.25 %.</param>
public sealed record PriceChanged(
    string Symbol,
    decimal Price,
    decimal? PreviousClose,
    decimal? Change,
    decimal? ChangePercent,
    DateTimeOffset ObservedAt);
